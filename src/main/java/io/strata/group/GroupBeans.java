package io.strata.group;

import io.strata.metadata.OffsetStore;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CDI wiring of the plain-Java coordinator classes, so that they stay testable without a container.
 * Limits use Kafka's broker setting names under {@code strata.group.*}.
 */
@Dependent
public class GroupBeans {

    @Produces
    @Singleton
    ScheduledGroupTimer timer() {
        return new ScheduledGroupTimer();
    }

    void closeTimer(@Disposes ScheduledGroupTimer timer) {
        timer.close();
    }

    @Produces
    @Singleton
    GroupCoordinator coordinator(ScheduledGroupTimer timer,
            @ConfigProperty(name = "strata.group.min-session-timeout-ms", defaultValue = "6000") int minSessionTimeoutMs,
            @ConfigProperty(name = "strata.group.max-session-timeout-ms", defaultValue = "1800000") int maxSessionTimeoutMs,
            @ConfigProperty(name = "strata.group.max-size", defaultValue = "2147483647") int maxGroupSize) {
        return new GroupCoordinator(new GroupCoordinatorConfig(minSessionTimeoutMs, maxSessionTimeoutMs, maxGroupSize), timer);
    }

    @Produces
    @Singleton
    OffsetManager offsets(OffsetStore store) {
        return new OffsetManager(store);
    }
}
