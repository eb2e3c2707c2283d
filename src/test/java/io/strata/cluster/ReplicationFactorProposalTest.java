package io.strata.cluster;

import static io.strata.cluster.ReplicaPlacementTest.broker;
import static io.strata.cluster.ReplicaPlacementTest.brokers;
import static io.strata.cluster.ReplicaPlacementTest.racksOf;
import static io.strata.cluster.ReplicaPlacementTest.spread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.metadata.BrokerInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The replication-factor proposal: rack diversity, minimal movement, even spread, determinism. */
class ReplicationFactorProposalTest {

    @Test
    void shouldPutNewReplicasOnUnusedRacksWhenRaisingRfFromOneToThree() {
        List<BrokerInfo> brokers = brokers("a", "a", "b", "b", "c", "c");
        List<List<Integer>> current = ReplicaPlacement.assign("orders", brokers, 0, 12, 1);

        List<List<Integer>> target = ReplicaPlacement.changeReplicationFactor(current, brokers, 3);

        for (List<Integer> replicas : target) {
            assertEquals(3, replicas.size(), replicas.toString());
            assertEquals(Set.of("a", "b", "c"), racksOf(replicas, brokers), replicas.toString());
        }
    }

    @Test
    void shouldKeepExistingReplicasFirstAndInOrderWhenRaisingRf() {
        List<BrokerInfo> brokers = brokers("a", "b", "c", "a", "b", "c");
        List<List<Integer>> current = ReplicaPlacement.assign("payments", brokers, 0, 10, 2);

        List<List<Integer>> target = ReplicaPlacement.changeReplicationFactor(current, brokers, 4);

        for (int p = 0; p < current.size(); p++) {
            assertEquals(current.get(p), target.get(p).subList(0, 2), "partition " + p + ": " + target.get(p));
            assertEquals(4, new HashSet<>(target.get(p)).size(), target.get(p).toString());
        }
    }

    @Test
    void shouldOnlyDropReplicasAndKeepPreferredLeaderWhenLoweringRf() {
        List<BrokerInfo> brokers = brokers("a", "b", "c", "d");
        List<List<Integer>> current = ReplicaPlacement.assign("metrics", brokers, 0, 8, 3);

        List<List<Integer>> target = ReplicaPlacement.changeReplicationFactor(current, brokers, 2);

        for (int p = 0; p < current.size(); p++) {
            assertEquals(2, target.get(p).size());
            assertTrue(current.get(p).containsAll(target.get(p)), "only existing replicas remain: " + target.get(p));
            assertEquals(current.get(p).get(0), target.get(p).get(0), "the preferred leader stays first");
        }
    }

    @Test
    void shouldChangeNothingWhenRfIsUnchanged() {
        List<BrokerInfo> brokers = brokers("a", "b", "c");
        List<List<Integer>> current = List.of(List.of(3, 1), List.of(1, 2), List.of(2, 3));

        assertEquals(current, ReplicaPlacement.changeReplicationFactor(current, brokers, 2));
    }

    @Test
    void shouldDropReplicaOnDeadBrokerAndTwiceUsedRackFirstWhenLoweringRf() {
        List<BrokerInfo> live = List.of(broker(1, "a"), broker(2, "a"), broker(3, "b"));
        // broker 9 is not live: its replica goes first, then one of the two on rack a.
        List<List<Integer>> target = ReplicaPlacement.changeReplicationFactor(List.of(List.of(1, 9, 2, 3)), live, 2);

        assertEquals(List.of(List.of(1, 3)), target);
    }

    @ParameterizedTest(name = "{0} brokers, {1} partitions, rf {2} -> {3}")
    @CsvSource({
            "3, 3, 1, 2",
            "3, 6, 1, 3",
            "4, 8, 1, 2",
            "6, 12, 2, 3",
            "5, 10, 3, 2",
            "3, 9, 3, 1",
    })
    void shouldSpreadReplicasEvenlyWhenChangingRf(int brokerCount, int partitions, int fromRf, int toRf) {
        String[] racks = new String[brokerCount];
        for (int i = 0; i < brokerCount; i++) {
            racks[i] = "r" + i; // one broker per rack: racks never force unevenness
        }
        List<BrokerInfo> brokers = brokers(racks);
        List<List<Integer>> current = ReplicaPlacement.assign("even", brokers, 0, partitions, fromRf);

        List<List<Integer>> target = ReplicaPlacement.changeReplicationFactor(current, brokers, toRf);

        Map<Integer, Integer> counts = new HashMap<>();
        brokers.forEach(b -> counts.put(b.nodeId(), 0));
        target.forEach(r -> r.forEach(b -> counts.merge(b, 1, Integer::sum)));
        assertTrue(spread(counts) <= 1, "replicas per broker " + counts + " for " + target);
    }

    @Test
    void shouldGiveSameProposalWhenAskedTwiceOrWithBrokersListedInAnotherOrder() {
        List<BrokerInfo> brokers = brokers("a", "b", "c", "a", "b");
        List<List<Integer>> current = ReplicaPlacement.assign("same", brokers, 0, 7, 1);

        List<List<Integer>> first = ReplicaPlacement.changeReplicationFactor(current, brokers, 3);
        List<BrokerInfo> reversed = new java.util.ArrayList<>(brokers);
        java.util.Collections.reverse(reversed);

        assertEquals(first, ReplicaPlacement.changeReplicationFactor(current, brokers, 3));
        assertEquals(first, ReplicaPlacement.changeReplicationFactor(current, reversed, 3));
    }

    @Test
    void shouldRejectRfAboveLiveBrokersOrBelowOneWhenProposing() {
        List<BrokerInfo> brokers = brokers("a", "b", "c");
        List<List<Integer>> current = List.of(List.of(1));

        StrataException tooMany = assertThrows(StrataException.class,
                () -> ReplicaPlacement.changeReplicationFactor(current, brokers, 4));
        StrataException zero = assertThrows(StrataException.class,
                () -> ReplicaPlacement.changeReplicationFactor(current, brokers, 0));

        assertEquals(ErrorKind.INVALID_REPLICATION_FACTOR, tooMany.kind());
        assertEquals(ErrorKind.INVALID_REPLICATION_FACTOR, zero.kind());
    }
}
