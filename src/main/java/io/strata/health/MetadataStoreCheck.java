package io.strata.health;

import io.strata.cluster.BrokerRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether the last heartbeat reached PostgreSQL. Always UP as far as readiness goes (the
 * broker keeps serving its partitions from the last metadata image); the detail tells operators.
 */
@Readiness
@ApplicationScoped
public class MetadataStoreCheck implements HealthCheck {

    @Inject
    BrokerRegistration registration;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("metadata-store")
                .up()
                .withData("lastHeartbeatOk", registration.lastHeartbeatOk())
                .build();
    }
}
