package io.strata.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.metadata.BrokerInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Properties of rack-aware placement, over several cluster shapes, topic names and partition counts. */
class ReplicaPlacementTest {

    private static final List<String> TOPICS = List.of("orders", "payments", "a", "metrics-7", "z".repeat(40));

    @Test
    void shouldPutOneReplicaOnEachRackWhenThreeBrokersOnThreeRacksAndRfThree() {
        List<BrokerInfo> brokers = brokers("a", "b", "c");
        for (String topic : TOPICS) {
            for (List<Integer> replicas : ReplicaPlacement.assign(topic, brokers, 0, 12, 3)) {
                assertEquals(Set.of("a", "b", "c"), racksOf(replicas, brokers), topic + " " + replicas);
            }
        }
    }

    @ParameterizedTest(name = "racks {0}, rf {1}")
    @CsvSource({
            "a b c a b c, 3",
            "a b c a b c, 2",
            "a a a b c, 3",
            "a a b b, 3",
            "a b c d, 2",
            "a a a a, 3",
    })
    void shouldUseAsManyDistinctRacksAsExistWhenPlacing(String racks, int rf) {
        List<BrokerInfo> brokers = brokers(racks.split(" "));
        int rackCount = new HashSet<>(List.of(racks.split(" "))).size();
        for (String topic : TOPICS) {
            for (List<Integer> replicas : ReplicaPlacement.assign(topic, brokers, 0, 24, rf)) {
                assertEquals(rf, new HashSet<>(replicas).size(), "replicas must be distinct brokers: " + replicas);
                assertEquals(Math.min(rf, rackCount), racksOf(replicas, brokers).size(), topic + " " + replicas);
            }
        }
    }

    @Test
    void shouldCountBrokersWithoutRackAsOneMoreRackWhenPlacing() {
        List<BrokerInfo> brokers = List.of(broker(1, "a"), broker(2, "b"), broker(3, null), broker(4, null));
        for (String topic : TOPICS) {
            for (List<Integer> replicas : ReplicaPlacement.assign(topic, brokers, 0, 12, 3)) {
                Set<String> racks = racksOf(replicas, brokers);
                assertEquals(Set.of("a", "b", "<none>"), racks, topic + " " + replicas);
            }
        }
    }

    @ParameterizedTest(name = "racks {0}, rf {1}, partitions {2}")
    @CsvSource({
            "a b c, 3, 6",
            "a b c a b c, 3, 12",
            "a b c a b c, 2, 6",
            "a b c a b c, 3, 60",
            "a a b b c c, 3, 18",
            "a b, 1, 10",
    })
    void shouldSpreadLeadersAndReplicasEvenlyWhenPartitionsAreAMultipleOfBrokers(String racks, int rf, int partitions) {
        List<BrokerInfo> brokers = brokers(racks.split(" "));
        for (String topic : TOPICS) {
            List<List<Integer>> assignment = ReplicaPlacement.assign(topic, brokers, 0, partitions, rf);
            Map<Integer, Integer> leaders = new HashMap<>();
            Map<Integer, Integer> replicas = new HashMap<>();
            brokers.forEach(b -> {
                leaders.put(b.nodeId(), 0);
                replicas.put(b.nodeId(), 0);
            });
            for (List<Integer> r : assignment) {
                leaders.merge(r.get(0), 1, Integer::sum);
                r.forEach(id -> replicas.merge(id, 1, Integer::sum));
            }
            assertTrue(spread(leaders) <= 1, topic + " leaders per broker " + leaders);
            assertTrue(spread(replicas) <= 1, topic + " replicas per broker " + replicas);
        }
    }

    @Test
    void shouldGiveTheSamePlacementWhenInputsAreTheSameInAnyOrder() {
        List<BrokerInfo> brokers = brokers("a", "b", "c", "a", "b", "c", "d");
        List<List<Integer>> first = ReplicaPlacement.assign("orders", brokers, 0, 30, 3);
        List<BrokerInfo> shuffled = new ArrayList<>(brokers);
        Collections.shuffle(shuffled, new Random(42));

        assertEquals(first, ReplicaPlacement.assign("orders", brokers, 0, 30, 3));
        assertEquals(first, ReplicaPlacement.assign("orders", shuffled, 0, 30, 3));
    }

    @Test
    void shouldContinueTheSameSequenceWhenPartitionsAreAddedLater() {
        List<BrokerInfo> brokers = brokers("a", "b", "c", "a", "b", "c");
        List<List<Integer>> whole = ReplicaPlacement.assign("orders", brokers, 0, 12, 3);
        List<List<Integer>> added = ReplicaPlacement.assign("orders", brokers, 6, 6, 3);

        assertEquals(whole.subList(6, 12), added);
    }

    @Test
    void shouldRefuseWhenReplicationFactorExceedsLiveBrokers() {
        StrataException e = assertThrows(StrataException.class,
                () -> ReplicaPlacement.assign("orders", brokers("a", "b", "c"), 0, 1, 4));

        assertEquals(ErrorKind.INVALID_REPLICATION_FACTOR, e.kind());
        assertTrue(e.getMessage().contains("larger than available brokers: 3"), e.getMessage());
    }

    @Test
    void shouldRefuseWhenReplicationFactorIsNotPositive() {
        StrataException e = assertThrows(StrataException.class,
                () -> ReplicaPlacement.assign("orders", brokers("a"), 0, 1, 0));

        assertEquals(ErrorKind.INVALID_REPLICATION_FACTOR, e.kind());
    }

    static int spread(Map<Integer, Integer> counts) {
        return Collections.max(counts.values()) - Collections.min(counts.values());
    }

    static Set<String> racksOf(List<Integer> replicas, List<BrokerInfo> brokers) {
        Set<String> racks = new HashSet<>();
        for (int id : replicas) {
            brokers.stream().filter(b -> b.nodeId() == id).findFirst()
                    .ifPresent(b -> racks.add(b.rack().orElse("<none>")));
        }
        return racks;
    }

    /** Brokers 1..n on the given racks, in that order. */
    static List<BrokerInfo> brokers(String... racks) {
        List<BrokerInfo> out = new ArrayList<>();
        for (int i = 0; i < racks.length; i++) {
            out.add(broker(i + 1, racks[i]));
        }
        return out;
    }

    static BrokerInfo broker(int id, String rack) {
        return new BrokerInfo(id, Optional.ofNullable(rack), "localhost", 9092 + id, 8080 + id, true);
    }
}
