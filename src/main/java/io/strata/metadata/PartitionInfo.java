package io.strata.metadata;

import java.util.List;

/**
 * One partition's replica state. {@code leader} is -1 while the partition is offline;
 * {@code leaderEpoch} grows with every leader change, {@code partitionEpoch} with every change at all
 * (ISR changes are compare-and-set on it).
 */
public record PartitionInfo(
        int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch, int partitionEpoch) {

    public PartitionInfo {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    public boolean hasLeader() {
        return leader >= 0;
    }
}
