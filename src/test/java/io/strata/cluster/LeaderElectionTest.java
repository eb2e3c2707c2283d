package io.strata.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.metadata.PartitionChange;
import io.strata.metadata.PartitionInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The controller's per-partition decisions, without a cluster. */
class LeaderElectionTest {

    private static final String ID = "00000000-0000-0000-0000-000000000001";

    @Test
    void shouldMoveLeadershipToNextIsrMemberWhenLeaderDies() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2, 3), List.of(1, 2, 3), 1, 4, 7);

        PartitionChange c = decide(p, brokers(Set.of(2, 3), Set.of()), false).orElseThrow();

        assertEquals(2, c.leader());
        assertEquals(List.of(2, 3), c.isr());
        assertEquals(5, c.leaderEpoch());
        assertEquals(8, c.partitionEpoch());
        assertEquals(7, c.expectedPartitionEpoch());
    }

    @Test
    void shouldOnlyShrinkIsrWhenAFollowerDies() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2, 3), List.of(1, 2, 3), 1, 4, 7);

        PartitionChange c = decide(p, brokers(Set.of(1, 3), Set.of()), false).orElseThrow();

        assertEquals(1, c.leader());
        assertEquals(List.of(1, 3), c.isr());
        assertEquals(4, c.leaderEpoch(), "same leader, same leader epoch");
        assertEquals(8, c.partitionEpoch());
    }

    @Test
    void shouldChangeNothingWhenEveryReplicaIsAlive() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2, 3), List.of(1, 2, 3), 2, 4, 7);

        assertTrue(decide(p, brokers(Set.of(1, 2, 3), Set.of()), false).isEmpty());
    }

    @Test
    void shouldGoOfflineKeepingIsrWhenNoIsrMemberIsAliveAndUncleanElectionIsOff() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2, 3), List.of(3), 3, 4, 7);

        PartitionChange c = decide(p, brokers(Set.of(1, 2), Set.of()), false).orElseThrow();

        assertEquals(-1, c.leader());
        assertEquals(List.of(3), c.isr(), "the ISR still names who may come back cleanly");
        assertEquals(5, c.leaderEpoch());
    }

    @Test
    void shouldStayOfflineWhenOnlyANonIsrReplicaReturns() {
        PartitionInfo offline = new PartitionInfo(0, List.of(1, 2, 3), List.of(3), -1, 5, 8);

        assertTrue(decide(offline, brokers(Set.of(1, 2), Set.of()), false).isEmpty());
    }

    @Test
    void shouldComeBackWhenAnIsrMemberReturns() {
        PartitionInfo offline = new PartitionInfo(0, List.of(1, 2, 3), List.of(3), -1, 5, 8);

        PartitionChange c = decide(offline, brokers(Set.of(1, 3), Set.of()), false).orElseThrow();

        assertEquals(3, c.leader());
        assertEquals(List.of(3), c.isr());
        assertEquals(6, c.leaderEpoch());
    }

    @Test
    void shouldElectAnyLiveReplicaAndResetIsrWhenUncleanElectionIsOn() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2, 3), List.of(3), 3, 4, 7);

        PartitionChange c = decide(p, brokers(Set.of(2), Set.of()), true).orElseThrow();

        assertEquals(2, c.leader());
        assertEquals(List.of(2), c.isr());
        assertTrue(LeaderElection.isUnclean(p, c));
    }

    @Test
    void shouldHandOverFromShuttingDownLeaderWhenAnotherIsrMemberIsEligible() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2, 3), List.of(1, 2, 3), 1, 4, 7);

        PartitionChange c = decide(p, brokers(Set.of(1, 2, 3), Set.of(1)), false).orElseThrow();

        assertEquals(2, c.leader());
        assertEquals(List.of(1, 2, 3), c.isr(), "a stopping broker is still in sync until it is gone");
        assertFalse(LeaderElection.isUnclean(p, c));
    }

    @Test
    void shouldKeepShuttingDownLeaderWhenItIsTheOnlyIsrMember() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2), List.of(1), 1, 4, 7);

        assertTrue(decide(p, brokers(Set.of(1, 2), Set.of(1)), false).isEmpty());
    }

    @Test
    void shouldPreferABrokerThatStaysUpWhenReplacingADeadLeader() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2, 3), List.of(1, 2, 3), 1, 4, 7);

        PartitionChange c = decide(p, brokers(Set.of(2, 3), Set.of(2)), false).orElseThrow();

        assertEquals(3, c.leader());
    }

    @Test
    void shouldElectPreferredReplicaWhenItIsAliveAndInIsr() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2, 3), List.of(2, 3, 1), 2, 4, 7);

        LeaderElection.Preferred result = LeaderElection.preferred(ID, "t", p, brokers(Set.of(1, 2, 3), Set.of()));

        assertEquals(LeaderElection.PreferredOutcome.ELECTED, result.outcome());
        assertEquals(1, result.change().orElseThrow().leader());
        assertEquals(5, result.change().orElseThrow().leaderEpoch());
    }

    @Test
    void shouldNotElectPreferredReplicaWhenItIsOutOfIsrOrDead() {
        PartitionInfo outOfIsr = new PartitionInfo(0, List.of(1, 2, 3), List.of(2, 3), 2, 4, 7);
        PartitionInfo led = new PartitionInfo(0, List.of(1, 2, 3), List.of(1, 2, 3), 1, 4, 7);
        PartitionInfo other = new PartitionInfo(0, List.of(1, 2, 3), List.of(1, 2, 3), 2, 4, 7);

        assertEquals(LeaderElection.PreferredOutcome.PREFERRED_NOT_AVAILABLE,
                LeaderElection.preferred(ID, "t", outOfIsr, brokers(Set.of(1, 2, 3), Set.of())).outcome());
        assertEquals(LeaderElection.PreferredOutcome.NOT_NEEDED,
                LeaderElection.preferred(ID, "t", led, brokers(Set.of(1, 2, 3), Set.of())).outcome());
        assertEquals(LeaderElection.PreferredOutcome.PREFERRED_NOT_AVAILABLE,
                LeaderElection.preferred(ID, "t", other, brokers(Set.of(2, 3), Set.of())).outcome());
    }

    private static Optional<PartitionChange> decide(PartitionInfo p, LeaderElection.Liveness brokers, boolean unclean) {
        return LeaderElection.onBrokerChange(ID, "t", p, brokers, unclean);
    }

    private static LeaderElection.Liveness brokers(Set<Integer> alive, Set<Integer> shuttingDown) {
        return new LeaderElection.Liveness() {
            @Override
            public boolean alive(int nodeId) {
                return alive.contains(nodeId);
            }

            @Override
            public boolean shuttingDown(int nodeId) {
                return shuttingDown.contains(nodeId);
            }
        };
    }
}
