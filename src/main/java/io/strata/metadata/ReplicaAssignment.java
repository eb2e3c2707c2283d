package io.strata.metadata;

import java.util.List;

/**
 * A partition's replica list with its reassignment state, as {@link PartitionInfo} documents them:
 * {@code adding} and {@code removing} are empty unless a reassignment runs.
 */
public record ReplicaAssignment(List<Integer> replicas, List<Integer> adding, List<Integer> removing) {

    public ReplicaAssignment {
        replicas = List.copyOf(replicas);
        adding = List.copyOf(adding);
        removing = List.copyOf(removing);
    }

    /** A settled assignment: no reassignment runs. */
    public static ReplicaAssignment settled(List<Integer> replicas) {
        return new ReplicaAssignment(replicas, List.of(), List.of());
    }
}
