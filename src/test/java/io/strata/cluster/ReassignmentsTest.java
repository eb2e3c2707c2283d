package io.strata.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.metadata.PartitionChange;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.ReplicaAssignment;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The KIP-455 rules of {@link Reassignments}: start, replace, complete and cancel. */
class ReassignmentsTest {

    private static final LeaderElection.Liveness ALL_ALIVE = new LeaderElection.Liveness() {
        @Override
        public boolean alive(int nodeId) {
            return true;
        }

        @Override
        public boolean shuttingDown(int nodeId) {
            return false;
        }
    };

    @Test
    void shouldListTargetThenRemovingReplicasWhenStartingMove() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2), List.of(1, 2), 1, 4, 7);

        PartitionChange c = Reassignments.start("id", "t", p, List.of(3, 2), ALL_ALIVE).orElseThrow();

        assertEquals(new ReplicaAssignment(List.of(3, 2, 1), List.of(3), List.of(1)), c.assignment().orElseThrow());
        assertEquals(1, c.leader(), "the leader keeps leading until the reassignment completes");
        assertEquals(4, c.leaderEpoch());
        assertEquals(7, c.expectedPartitionEpoch());
        assertEquals(8, c.partitionEpoch());
    }

    @Test
    void shouldWaitUntilEveryAddingReplicaIsInSyncWhenCompleting() {
        PartitionInfo moving = new PartitionInfo(0, List.of(3, 2, 1), List.of(1, 2), 1, 4, 8, List.of(3), List.of(1));

        assertEquals(Optional.empty(), Reassignments.complete("id", "t", moving, ALL_ALIVE));
    }

    @Test
    void shouldElectTargetReplicaAndShrinkIsrWhenCompletingWithRemovedLeader() {
        PartitionInfo caughtUp = new PartitionInfo(0, List.of(3, 2, 1), List.of(1, 2, 3), 1, 4, 9, List.of(3), List.of(1));

        PartitionChange c = Reassignments.complete("id", "t", caughtUp, ALL_ALIVE).orElseThrow();

        assertEquals(ReplicaAssignment.settled(List.of(3, 2)), c.assignment().orElseThrow());
        assertEquals(List.of(2, 3), c.isr());
        assertEquals(3, c.leader(), "the first in-sync target replica leads");
        assertEquals(5, c.leaderEpoch());
    }

    @Test
    void shouldKeepLeaderAndEpochWhenCompletingRfIncrease() {
        PartitionInfo grown = new PartitionInfo(0, List.of(1, 2, 3), List.of(1, 2, 3), 1, 0, 3, List.of(2, 3), List.of());

        PartitionChange c = Reassignments.complete("id", "t", grown, ALL_ALIVE).orElseThrow();

        assertEquals(ReplicaAssignment.settled(List.of(1, 2, 3)), c.assignment().orElseThrow());
        assertEquals(1, c.leader());
        assertEquals(0, c.leaderEpoch());
    }

    @Test
    void shouldRestoreOriginalReplicasWhenCancelling() {
        PartitionInfo moving = new PartitionInfo(0, List.of(3, 2, 1), List.of(1, 2, 3), 3, 5, 9, List.of(3), List.of(1));

        PartitionChange c = Reassignments.cancel("id", "t", moving, ALL_ALIVE);

        assertEquals(ReplicaAssignment.settled(List.of(2, 1)), c.assignment().orElseThrow());
        assertEquals(List.of(1, 2), c.isr());
        assertEquals(2, c.leader(), "an adding replica that led hands over to an original one");
        assertEquals(6, c.leaderEpoch());
    }

    @Test
    void shouldFailWithNoReassignmentInProgressWhenCancellingSettledPartition() {
        PartitionInfo settled = new PartitionInfo(0, List.of(1, 2), List.of(1, 2), 1, 0, 0);

        StrataException e = assertThrows(StrataException.class, () -> Reassignments.cancel("id", "t", settled, ALL_ALIVE));

        assertEquals(ErrorKind.NO_REASSIGNMENT_IN_PROGRESS, e.kind());
    }

    @Test
    void shouldTakeNewTargetRelativeToOriginalReplicasWhenReplacingReassignment() {
        PartitionInfo moving = new PartitionInfo(0, List.of(3, 2, 1), List.of(1, 2), 1, 4, 8, List.of(3), List.of(1));

        PartitionChange c = Reassignments.start("id", "t", moving, List.of(4, 1), ALL_ALIVE).orElseThrow();

        assertEquals(new ReplicaAssignment(List.of(4, 1, 2), List.of(4), List.of(2)), c.assignment().orElseThrow(),
                "broker 3 is no longer being added");
    }

    @Test
    void shouldReorderWithoutReassignmentWhenTargetIsPermutation() {
        PartitionInfo p = new PartitionInfo(0, List.of(1, 2, 3), List.of(1, 2, 3), 1, 4, 7);

        PartitionChange c = Reassignments.start("id", "t", p, List.of(2, 3, 1), ALL_ALIVE).orElseThrow();

        assertEquals(ReplicaAssignment.settled(List.of(2, 3, 1)), c.assignment().orElseThrow());
        assertEquals(Optional.empty(), Reassignments.start("id", "t", p, List.of(1, 2, 3), ALL_ALIVE));
    }

    @Test
    void shouldRejectDuplicateOrUnknownBrokersWhenValidatingTarget() {
        Set<Integer> registered = Set.of(1, 2, 3);

        for (List<Integer> bad : List.of(List.of(1, 1), List.of(1, 7), List.<Integer>of())) {
            StrataException e = assertThrows(StrataException.class, () -> Reassignments.validateTarget(bad, registered));
            assertEquals(ErrorKind.INVALID_REPLICA_ASSIGNMENT, e.kind(), bad.toString());
        }
        Reassignments.validateTarget(List.of(3, 1), registered);
    }
}
