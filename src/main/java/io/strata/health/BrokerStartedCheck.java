package io.strata.health;

import io.strata.broker.BrokerServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once logs are recovered, metadata is loaded and the broker is registered. */
@Startup
@ApplicationScoped
public class BrokerStartedCheck implements HealthCheck {

    @Inject
    BrokerServer server;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("broker-started").status(server.started()).build();
    }
}
