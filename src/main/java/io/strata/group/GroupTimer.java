package io.strata.group;

/**
 * Delayed tasks for the coordinator: rebalance deadlines and session expiry. A seam so the state
 * machine can be tested with a hand-driven clock, and so production never parks a thread (or the
 * event loop) waiting for a deadline.
 *
 * <p>Implementations must be thread-safe; tasks may run on any thread.
 */
public interface GroupTimer {

    /** A scheduled task that may be cancelled; cancelling a task that already ran is harmless. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(long delayMs, Runnable task);
}
