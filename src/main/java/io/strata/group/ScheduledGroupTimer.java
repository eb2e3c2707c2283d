package io.strata.group;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@link GroupTimer} on one daemon thread. Tasks only take a group's lock and change in-memory
 * state (no I/O), so one thread keeps up with every group.
 *
 * <p>Thread-safe.
 */
public final class ScheduledGroupTimer implements GroupTimer, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ScheduledGroupTimer.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "strata-group-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A failed expiry must not kill the timer thread that every group relies on.
                LOG.error("Group coordinator timer task failed", e);
            }
        }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
