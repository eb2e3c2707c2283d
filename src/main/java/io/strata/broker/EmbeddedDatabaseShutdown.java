package io.strata.broker;

import io.quarkus.runtime.ShutdownEvent;
import io.strata.metadata.EmbeddedDatabase;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Stops the embedded PostgreSQL after every other shutdown observer has used it. */
@ApplicationScoped
class EmbeddedDatabaseShutdown {

    void onShutdown(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        EmbeddedDatabase.current().ifPresent(StrataMain::closeQuietly);
    }
}
