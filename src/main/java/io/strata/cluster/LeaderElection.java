package io.strata.cluster;

import io.strata.metadata.PartitionChange;
import io.strata.metadata.PartitionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The controller's decisions for one partition, as pure functions of its state and the brokers'
 * liveness (so they are tested without a cluster).
 *
 * <p>Rules, following Kafka:
 * <ul>
 *   <li>Dead replicas leave the ISR, except the last ones: when no ISR member is alive the ISR is
 *       kept, because it names the replicas that may come back without losing acknowledged data.</li>
 *   <li>A leader that is dead (or offline, -1) is replaced by the first live ISR member in replica
 *       order, preferring brokers not shutting down. Without one, the partition goes offline
 *       (leader -1) unless unclean election is enabled, which takes the first live replica and
 *       resets the ISR to it.</li>
 *   <li>A live leader in controlled shutdown hands over to another eligible ISR member if there is
 *       one, and otherwise keeps leading until it is gone.</li>
 *   <li>Every leader change, also to -1, bumps the leader epoch; every change at all bumps the
 *       partition epoch. Epochs never go down.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class LeaderElection {

    /** What the controller knows about brokers when deciding. */
    public interface Liveness {
        boolean alive(int nodeId);

        boolean shuttingDown(int nodeId);

        default boolean eligible(int nodeId) {
            return alive(nodeId) && !shuttingDown(nodeId);
        }
    }

    /** Outcome of a preferred-leader election for one partition. */
    public enum PreferredOutcome {
        ELECTED,
        /** the preferred replica already leads */
        NOT_NEEDED,
        /** the preferred replica is dead, shutting down or out of the ISR */
        PREFERRED_NOT_AVAILABLE
    }

    /** A preferred-election result: the outcome, and the change to write when ELECTED. */
    public record Preferred(PreferredOutcome outcome, Optional<PartitionChange> change) {}

    private LeaderElection() {}

    /** The change a broker death, return or controlled shutdown calls for, if any. */
    public static Optional<PartitionChange> onBrokerChange(String topicId, String topicName, PartitionInfo p,
            Liveness brokers, boolean uncleanElectionEnabled) {
        List<Integer> liveIsr = p.isr().stream().filter(brokers::alive).toList();
        List<Integer> isr = liveIsr.isEmpty() ? p.isr() : liveIsr;
        int leader = p.leader();
        boolean leaderServing = leader >= 0 && brokers.alive(leader);

        if (leaderServing && !brokers.shuttingDown(leader)) {
            return isr.equals(p.isr()) ? Optional.empty() : Optional.of(change(topicId, topicName, p, leader, isr));
        }
        Optional<Integer> candidate = firstIsrMember(p, isr, brokers::eligible);
        if (leaderServing) { // shutting down: hand over only when someone can take it cleanly
            return candidate.map(c -> change(topicId, topicName, p, c, isr))
                    .or(() -> isr.equals(p.isr()) ? Optional.empty() : Optional.of(change(topicId, topicName, p, leader, isr)));
        }
        // The leader is gone (or there was none): a live ISR member, preferably one staying up.
        candidate = candidate.or(() -> firstIsrMember(p, isr, brokers::alive));
        if (candidate.isPresent()) {
            return Optional.of(change(topicId, topicName, p, candidate.get(), isr));
        }
        if (uncleanElectionEnabled) {
            Optional<Integer> any = p.replicas().stream().filter(brokers::eligible).findFirst()
                    .or(() -> p.replicas().stream().filter(brokers::alive).findFirst());
            if (any.isPresent()) {
                return Optional.of(change(topicId, topicName, p, any.get(), List.of(any.get())));
            }
        }
        if (leader == -1 && isr.equals(p.isr())) {
            return Optional.empty(); // already offline, nothing new
        }
        return Optional.of(change(topicId, topicName, p, -1, isr));
    }

    /**
     * Preferred-leader election: leadership goes back to the first replica when it is eligible and
     * in the ISR (so no acknowledged data can be missing from it).
     */
    public static Preferred preferred(String topicId, String topicName, PartitionInfo p, Liveness brokers) {
        int preferred = p.replicas().get(0);
        if (p.leader() == preferred) {
            return new Preferred(PreferredOutcome.NOT_NEEDED, Optional.empty());
        }
        if (!brokers.eligible(preferred) || !p.isr().contains(preferred)) {
            return new Preferred(PreferredOutcome.PREFERRED_NOT_AVAILABLE, Optional.empty());
        }
        return new Preferred(PreferredOutcome.ELECTED, Optional.of(change(topicId, topicName, p, preferred, p.isr())));
    }

    /** True when unclean election chose a leader outside the old ISR: acknowledged data may be lost. */
    public static boolean isUnclean(PartitionInfo before, PartitionChange change) {
        return change.leader() >= 0 && change.leader() != before.leader() && !before.isr().contains(change.leader());
    }

    private static Optional<Integer> firstIsrMember(PartitionInfo p, List<Integer> isr, IntPredicate ok) {
        List<Integer> order = new ArrayList<>(p.replicas());
        // ISR members outside the replica list cannot exist today; keep them electable all the same.
        isr.stream().filter(r -> !order.contains(r)).forEach(order::add);
        return order.stream().filter(isr::contains).filter(ok::test).findFirst();
    }

    private static PartitionChange change(String topicId, String topicName, PartitionInfo p, int leader, List<Integer> isr) {
        int leaderEpoch = leader == p.leader() ? p.leaderEpoch() : p.leaderEpoch() + 1;
        return new PartitionChange(topicId, topicName, p.partition(), p.partitionEpoch(), leader, isr, leaderEpoch,
                p.partitionEpoch() + 1);
    }
}
