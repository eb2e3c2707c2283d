package io.strata.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.testing.ClusterProcesses;
import io.strata.testing.ClusterTestSupport;
import io.strata.testing.PartitionRow;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rack-aware placement on six real broker processes across racks a, b, c (two brokers each): a
 * replication-factor-3 topic created over HTTP gets one replica per rack in every partition, and
 * leaders (and replicas) spread evenly over the brokers.
 */
class PlacementIT extends ClusterTestSupport {

    private static final int BROKERS = 6;
    private static final int PARTITIONS = 12;


    @Test
    void shouldPutOneReplicaPerRackAndSpreadLeadersEvenlyWhenSixBrokersSpanThreeRacks() throws Exception {
        cluster = ClusterProcesses.start(BROKERS, Map.of());
        cluster.createTopic("placed", PARTITIONS, 3, Map.of());
        Map<Integer, PartitionRow> rows = cluster.partitions("placed");
        assertEquals(PARTITIONS, rows.size());

        Map<Integer, Integer> leaders = new TreeMap<>();
        Map<Integer, Integer> replicas = new TreeMap<>();
        for (int node = 1; node <= BROKERS; node++) {
            leaders.put(node, 0);
            replicas.put(node, 0);
        }
        for (PartitionRow r : rows.values()) {
            Set<Character> racks = r.replicas().stream().map(PlacementIT::rackOf).collect(Collectors.toSet());
            assertEquals(Set.of('a', 'b', 'c'), racks, "one replica per rack: " + r);
            assertEquals(3, new HashSet<>(r.replicas()).size(), "three distinct brokers: " + r);
            assertEquals(r.replicas().get(0), r.leader(), "the preferred replica leads a new partition: " + r);
            leaders.merge(r.leader(), 1, Integer::sum);
            r.replicas().forEach(n -> replicas.merge(n, 1, Integer::sum));
        }
        assertTrue(spread(leaders) <= 1, "leaders per broker differ by at most one: " + leaders);
        assertTrue(spread(replicas) <= 1, "replicas per broker differ by at most one: " + replicas);
        System.out.printf("%s PlacementIT brokers=%d partitions=%d leadersPerBroker=%s replicasPerBroker=%s%n",
                ReplicationIT.FIGURES, BROKERS, PARTITIONS, leaders, replicas);
    }

    /** ClusterProcesses puts node n on rack a, b, c, a, ... */
    private static char rackOf(int nodeId) {
        return (char) ('a' + (nodeId - 1) % 3);
    }

    private static int spread(Map<Integer, Integer> counts) {
        return Collections.max(counts.values()) - Collections.min(counts.values());
    }
}
