package io.strata.health;

import io.strata.broker.BrokerServer;
import io.strata.cluster.BrokerRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the broker is started and registered. Deliberately not tied to each heartbeat's
 * success: a short PostgreSQL blip must not take every broker out of its Service at once; the
 * database's own state is reported separately by {@link MetadataStoreCheck}.
 */
@Readiness
@ApplicationScoped
public class BrokerReadyCheck implements HealthCheck {

    @Inject
    BrokerServer server;

    @Inject
    BrokerRegistration registration;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("broker-serving")
                .status(server.started() && registration.registered())
                .withData("clusterId", String.valueOf(server.clusterId()))
                .build();
    }
}
