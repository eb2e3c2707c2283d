package io.strata.cluster;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.metadata.PartitionChange;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.ReplicaAssignment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Partition reassignment (Kafka's KIP-455) as pure functions of a partition's state, so the rules are
 * tested without a cluster:
 * <ul>
 *   <li>{@link #start}: the replicas become the target followed by the original replicas not in it;
 *       the target's new members are recorded as adding, the original ones it drops as removing.
 *       Brokers listed in the replicas start following at once. A new target for a partition already
 *       being reassigned is taken relative to the original replicas; adding replicas it no longer names
 *       are dropped straight away.</li>
 *   <li>{@link #complete}: once every adding replica is in the ISR, the replicas become the target (in
 *       target order, so its first is the preferred leader), the ISR keeps only target members, and a
 *       leader being removed hands over to an in-sync target replica in a new leader epoch.</li>
 *   <li>{@link #cancel}: back to the original replicas, under the same rules for ISR and leader.</li>
 * </ul>
 * Every change is a compare-and-set on the partition epoch; none ever leaves the ISR empty (such a
 * change is refused or waits).
 *
 * <p>Stateless and thread-safe.
 */
public final class Reassignments {

    private Reassignments() {}

    /**
     * Checks a target replica list: not empty, no broker twice, every broker registered.
     *
     * @throws StrataException INVALID_REPLICA_ASSIGNMENT otherwise
     */
    public static void validateTarget(List<Integer> target, Set<Integer> registeredBrokers) {
        if (target.isEmpty()) {
            throw invalid("The target replica list is empty");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer broker : target) {
            if (broker == null || !seen.add(broker)) {
                throw invalid("The target replica list " + target + " names broker " + broker + " more than once");
            }
            if (!registeredBrokers.contains(broker)) {
                throw invalid("The target replica list " + target + " names broker " + broker + ", which is not registered");
            }
        }
    }

    /**
     * The change that starts (or replaces) a reassignment of {@code p} to {@code target}; empty when
     * the partition already has exactly these replicas and no reassignment runs.
     *
     * @throws StrataException INVALID_REPLICA_ASSIGNMENT when the change would leave no in-sync replica
     */
    public static Optional<PartitionChange> start(String topicId, String topicName, PartitionInfo p, List<Integer> target,
            LeaderElection.Liveness brokers) {
        List<Integer> original = p.originalReplicas();
        List<Integer> adding = minus(target, original);
        List<Integer> removing = minus(original, target);
        List<Integer> replicas = new ArrayList<>(target);
        replicas.addAll(removing);
        ReplicaAssignment assignment = new ReplicaAssignment(replicas, adding, removing);
        if (assignment.replicas().equals(p.replicas()) && adding.equals(p.addingReplicas())
                && removing.equals(p.removingReplicas())) {
            return Optional.empty();
        }
        return Optional.of(retarget(topicId, topicName, p, assignment, brokers).orElseThrow(() -> invalid(
                "Reassigning partition " + p.partition() + " of " + topicName + " to " + target
                        + " would leave it without an in-sync replica (ISR " + p.isr() + ")")));
    }

    /**
     * The change that cancels {@code p}'s reassignment (back to its original replicas).
     *
     * @throws StrataException NO_REASSIGNMENT_IN_PROGRESS when none runs; INVALID_REPLICA_ASSIGNMENT
     *         when no original replica is in sync any more
     */
    public static PartitionChange cancel(String topicId, String topicName, PartitionInfo p, LeaderElection.Liveness brokers) {
        if (!p.reassigning()) {
            throw new StrataException(ErrorKind.NO_REASSIGNMENT_IN_PROGRESS,
                    "No reassignment is in progress for partition " + p.partition() + " of " + topicName);
        }
        return retarget(topicId, topicName, p, ReplicaAssignment.settled(p.originalReplicas()), brokers)
                .orElseThrow(() -> invalid("Cannot cancel the reassignment of partition " + p.partition() + " of "
                        + topicName + ": none of its original replicas " + p.originalReplicas() + " is in sync"));
    }

    /**
     * The controller's completion of {@code p}'s reassignment, once every adding replica is in the ISR
     * and a target replica can lead; empty while it must wait (or when none runs).
     */
    public static Optional<PartitionChange> complete(String topicId, String topicName, PartitionInfo p,
            LeaderElection.Liveness brokers) {
        if (!p.reassigning() || !p.isr().containsAll(p.addingReplicas())) {
            return Optional.empty();
        }
        return retarget(topicId, topicName, p, ReplicaAssignment.settled(p.targetReplicas()), brokers);
    }

    /**
     * {@code p} with {@code assignment}: the ISR keeps only its replicas, and a leader outside them
     * hands over to the first in-sync replica in replica order (one staying up if possible) in a new
     * leader epoch. Empty when no ISR member would remain, or when no remaining one is alive to lead.
     */
    private static Optional<PartitionChange> retarget(String topicId, String topicName, PartitionInfo p,
            ReplicaAssignment assignment, LeaderElection.Liveness brokers) {
        List<Integer> replicas = assignment.replicas();
        List<Integer> isr = p.isr().stream().filter(replicas::contains).toList();
        if (isr.isEmpty()) {
            return Optional.empty();
        }
        int leader = p.leader();
        if (leader >= 0 && !replicas.contains(leader)) {
            Optional<Integer> next = replicas.stream().filter(isr::contains).filter(brokers::eligible).findFirst()
                    .or(() -> replicas.stream().filter(isr::contains).filter(brokers::alive).findFirst());
            if (next.isEmpty()) {
                return Optional.empty();
            }
            leader = next.get();
        }
        int leaderEpoch = leader == p.leader() ? p.leaderEpoch() : p.leaderEpoch() + 1;
        return Optional.of(new PartitionChange(topicId, topicName, p.partition(), p.partitionEpoch(), leader, isr,
                leaderEpoch, p.partitionEpoch() + 1, Optional.of(assignment)));
    }

    private static List<Integer> minus(List<Integer> a, List<Integer> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }

    private static StrataException invalid(String message) {
        return new StrataException(ErrorKind.INVALID_REPLICA_ASSIGNMENT, message);
    }
}
