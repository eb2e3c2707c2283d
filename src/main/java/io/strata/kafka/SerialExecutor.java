package io.strata.kafka;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: one per connection, so a
 * client's requests are applied in the order it sent them while connections proceed in parallel.
 *
 * <p>Thread-safe. Invariant: at most one task of this executor runs at any moment.
 */
final class SerialExecutor implements Executor {

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // CompletableFuture tasks capture their own failures; anything else must not stop the queue.
                org.jboss.logging.Logger.getLogger(SerialExecutor.class).error("Blocking Kafka task failed", e);
            }
        }
    }
}
