package io.strata.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link GroupTimer} driven by the test: tasks run only inside {@link #advance}. Not thread-safe. */
final class ManualTimer implements GroupTimer {

    private static final class Task {
        final long dueMs;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Task(long dueMs, long seq, Runnable action) {
            this.dueMs = dueMs;
            this.seq = seq;
            this.action = action;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long nowMs;
    private long seq;

    @Override
    public Cancellable schedule(long delayMs, Runnable action) {
        Task task = new Task(nowMs + delayMs, seq++, action);
        tasks.add(task);
        return () -> task.cancelled = true;
    }

    /** Moves time forward, running every task that falls due, in due order. */
    void advance(long ms) {
        long target = nowMs + ms;
        while (true) {
            Task next = tasks.stream().filter(t -> !t.cancelled && t.dueMs <= target)
                    .min(Comparator.<Task>comparingLong(t -> t.dueMs).thenComparingLong(t -> t.seq)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            nowMs = Math.max(nowMs, next.dueMs);
            next.action.run();
        }
        nowMs = target;
    }
}
