package io.strata.group;

import io.strata.metadata.OffsetStore;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.strata.config.StrataConfig;

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
    GroupCoordinator coordinator(ScheduledGroupTimer timer, StrataConfig config) {
        StrataConfig.Group group = config.group();
        return new GroupCoordinator(new GroupCoordinatorConfig(
                group.minSessionTimeoutMs(), group.maxSessionTimeoutMs(), group.maxSize()), timer);
    }

    @Produces
    @Singleton
    OffsetManager offsets(OffsetStore store, CoordinatorPlacement placement) {
        return new OffsetManager(store, placement::isLocal);
    }
}
