package io.strata.metadata;

import java.util.List;
import java.util.Optional;

/**
 * A controller's decision for one partition, written as a compare-and-set: it applies only while
 * the row still has {@code expectedPartitionEpoch}, so a decision taken on a stale image is dropped
 * rather than overwriting a newer state.
 *
 * @param leader          the new leader, -1 for offline
 * @param leaderEpoch     the new leader epoch (grows whenever the leader changes, also to -1)
 * @param partitionEpoch  {@code expectedPartitionEpoch + 1}
 * @param assignment      new replicas and reassignment state; empty leaves them as they are
 */
public record PartitionChange(String topicId, String topicName, int partition, int expectedPartitionEpoch, int leader,
        List<Integer> isr, int leaderEpoch, int partitionEpoch, Optional<ReplicaAssignment> assignment) {

    public PartitionChange {
        isr = List.copyOf(isr);
    }

    /** A leader or ISR change that leaves the replicas alone. */
    public PartitionChange(String topicId, String topicName, int partition, int expectedPartitionEpoch, int leader,
            List<Integer> isr, int leaderEpoch, int partitionEpoch) {
        this(topicId, topicName, partition, expectedPartitionEpoch, leader, isr, leaderEpoch, partitionEpoch,
                Optional.empty());
    }
}
