package io.strata.metadata;

import java.util.List;

/**
 * A controller's decision for one partition, written as a compare-and-set: it applies only while
 * the row still has {@code expectedPartitionEpoch}, so a decision taken on a stale image is dropped
 * rather than overwriting a newer state.
 *
 * @param leader          the new leader, -1 for offline
 * @param leaderEpoch     the new leader epoch (grows whenever the leader changes, also to -1)
 * @param partitionEpoch  {@code expectedPartitionEpoch + 1}
 */
public record PartitionChange(String topicId, String topicName, int partition, int expectedPartitionEpoch, int leader,
        List<Integer> isr, int leaderEpoch, int partitionEpoch) {

    public PartitionChange {
        isr = List.copyOf(isr);
    }
}
