package io.strata.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * One partition's replica state. {@code leader} is -1 while the partition is offline;
 * {@code leaderEpoch} grows with every leader change, {@code partitionEpoch} with every change at all
 * (ISR changes are compare-and-set on it).
 *
 * <p>During a reassignment (Kafka's KIP-455) {@code replicas} is the target followed by the original
 * replicas that are not in it, {@code addingReplicas} the target replicas that were not original ones
 * and {@code removingReplicas} the original ones that are not in the target; both are empty otherwise.
 * Hence the target is {@code replicas - removingReplicas} (in order) and the original replica list is
 * {@code replicas - addingReplicas}.
 */
public record PartitionInfo(int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
        int partitionEpoch, List<Integer> addingReplicas, List<Integer> removingReplicas) {

    public PartitionInfo {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }

    /** A partition that is not being reassigned. */
    public PartitionInfo(int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
            int partitionEpoch) {
        this(partition, replicas, isr, leader, leaderEpoch, partitionEpoch, List.of(), List.of());
    }

    public boolean hasLeader() {
        return leader >= 0;
    }

    public boolean reassigning() {
        return !addingReplicas.isEmpty() || !removingReplicas.isEmpty();
    }

    /** The replica list the partition will have when its reassignment completes (its replicas when none runs). */
    public List<Integer> targetReplicas() {
        List<Integer> target = new ArrayList<>(replicas);
        target.removeAll(removingReplicas);
        return List.copyOf(target);
    }

    /** The replica list before the running reassignment (its replicas when none runs): where a cancel returns. */
    public List<Integer> originalReplicas() {
        List<Integer> original = new ArrayList<>(replicas);
        original.removeAll(addingReplicas);
        return List.copyOf(original);
    }
}
