package io.strata.health;

import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while a Vert.x event loop still runs a task within a few seconds: no dependency is consulted. */
@Liveness
@ApplicationScoped
public class EventLoopLivenessCheck implements HealthCheck {

    @Inject
    Vertx vertx;

    @Override
    public HealthCheckResponse call() {
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        vertx.runOnContext(v -> ran.complete(true));
        boolean alive;
        try {
            alive = ran.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            alive = false;
        }
        return HealthCheckResponse.named("event-loop").status(alive).build();
    }
}
