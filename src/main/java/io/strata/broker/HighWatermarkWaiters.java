package io.strata.broker;

import io.strata.common.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a long-polling reader (Kafka fetch with {@code max_wait_ms}) wait for new committed data
 * instead of re-reading in a loop: it registers for some partitions and is signalled once, the
 * first time the high watermark of any of them advances.
 *
 * <p>Register <em>before</em> reading, so an advance between the read and the registration is
 * not lost. Thread-safe: registrations and signals may come from any thread; each waiter fires at
 * most once and then removes itself.
 */
public final class HighWatermarkWaiters {

    private final ConcurrentHashMap<TopicPartition, Set<Waiter>> byPartition = new ConcurrentHashMap<>();

    /** A registration; {@link #advanced()} completes on the first advance (on the advancing thread). */
    public final class Waiter {
        private final List<TopicPartition> partitions;
        private final CompletableFuture<Void> advanced = new CompletableFuture<>();

        private Waiter(List<TopicPartition> partitions) {
            this.partitions = partitions;
        }

        public CompletableFuture<Void> advanced() {
            return advanced;
        }

        /** Unregisters; idempotent. */
        public void cancel() {
            for (TopicPartition tp : partitions) {
                byPartition.computeIfPresent(tp, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }

        private void fire() {
            cancel();
            advanced.complete(null);
        }
    }

    public Waiter register(Collection<TopicPartition> partitions) {
        Waiter waiter = new Waiter(List.copyOf(partitions));
        for (TopicPartition tp : waiter.partitions) {
            byPartition.compute(tp, (k, set) -> {
                Set<Waiter> s = set == null ? ConcurrentHashMap.newKeySet() : set;
                s.add(waiter);
                return s;
            });
        }
        return waiter;
    }

    /** Called by the partition manager whenever {@code tp}'s high watermark moves forward. */
    public void highWatermarkAdvanced(TopicPartition tp) {
        Set<Waiter> waiting = byPartition.get(tp);
        if (waiting != null) {
            for (Waiter waiter : waiting.toArray(new Waiter[0])) {
                waiter.fire();
            }
        }
    }

    /** Number of partitions with at least one waiter (for tests and metrics). */
    public int waitingPartitions() {
        return byPartition.size();
    }
}
