package io.strata.cluster;

import static io.strata.testing.Awaits.awaitValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.testing.BrokerProcess;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.PartitionRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three real broker processes sharing one PostgreSQL: the controller and brokers are killed with
 * SIGKILL, and the metadata in PostgreSQL must show the controller moving with a higher epoch,
 * leadership moving to live in-sync replicas with growing leader epochs, a partition without a
 * live ISR member staying offline until one returns, and a duplicate node id being refused.
 *
 * <p>Waits are bounded polls for a condition (never assertions on how long something took).
 */
class ClusterFailoverIT {

    /** Short, so a killed broker is declared dead (and a restarted one may re-register) quickly. */
    private static final Map<String, String> ENV = Map.of("STRATA_METADATA_SESSION_TIMEOUT", "PT4S");

    private ClusterProcesses cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldElectAnotherControllerWithHigherEpochWhenControllerIsKilled() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        long[] first = awaitValue(this::controller, c -> c[1] > 0, "a controller is elected");
        int oldController = (int) first[1];

        cluster.broker(oldController).kill();

        long[] second = awaitValue(this::controller, c -> c[1] > 0 && c[1] != oldController,
                "another broker becomes controller");
        assertTrue(second[0] > first[0], "epoch must grow: " + first[0] + " -> " + second[0]);
        String newLog = cluster.broker((int) second[1]).log();
        assertTrue(newLog.contains("is now the controller (controller epoch " + second[0] + ")"), newLog);
    }

    @Test
    void shouldMoveLeadershipsToLiveIsrMembersWhenBrokerIsKilled() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        awaitValue(this::controller, c -> c[1] > 0, "a controller is elected");
        cluster.createTopic("moves", 6, 3, Map.of());
        Map<Integer, PartitionRow> before = cluster.partitions("moves");
        assertEquals(6, before.size());
        int victim = before.get(0).leader();

        cluster.broker(victim).kill();

        Map<Integer, PartitionRow> after = awaitValue(() -> cluster.partitions("moves"),
                rows -> rows.values().stream().noneMatch(r -> r.leader() == victim || r.isr().contains(victim)),
                "leaderships and ISR entries leave broker " + victim);
        for (int p = 0; p < 6; p++) {
            PartitionRow was = before.get(p);
            PartitionRow now = after.get(p);
            assertNotEquals(-1, now.leader(), "partition " + p + " must stay online: " + now);
            assertTrue(was.isr().contains(now.leader()), "new leader must come from the old ISR: " + was + " -> " + now);
            assertTrue(now.leaderEpoch() >= was.leaderEpoch(), "leader epochs only grow: " + was + " -> " + now);
            if (was.leader() == victim) {
                assertTrue(now.leaderEpoch() > was.leaderEpoch(), "a new leader has a new epoch: " + was + " -> " + now);
            }
            assertTrue(now.partitionEpoch() > was.partitionEpoch(), "the ISR shrank, so the partition epoch grew");
        }
    }

    @Test
    void shouldKeepPartitionOfflineWhenEveryIsrMemberIsDeadUntilOneReturns() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        awaitValue(this::controller, c -> c[1] > 0, "a controller is elected");
        cluster.createTopic("clean", 1, 2, Map.of());
        PartitionRow initial = cluster.partitions("clean").get(0);
        int first = initial.replicas().get(0);
        int second = initial.replicas().get(1);

        cluster.broker(first).kill();
        PartitionRow shrunk = awaitValue(() -> cluster.partitions("clean").get(0),
                r -> r.leader() == second && r.isr().equals(List.of(second)), "leadership moves to " + second);
        cluster.broker(second).kill();
        PartitionRow offline = awaitValue(() -> cluster.partitions("clean").get(0), r -> r.leader() == -1,
                "the partition goes offline");
        assertEquals(List.of(second), offline.isr(), "the ISR keeps the last in-sync replica");
        assertTrue(offline.leaderEpoch() > shrunk.leaderEpoch());

        // The replica that fell out of the ISR returns: electing it could lose acknowledged data.
        cluster.broker(first).start();
        awaitValue(() -> brokerAlive(first), alive -> alive, "broker " + first + " is registered again");
        assertEquals(-1, cluster.partitions("clean").get(0).leader(), "a non-ISR replica must not be elected");

        cluster.broker(second).start();
        PartitionRow back = awaitValue(() -> cluster.partitions("clean").get(0), r -> r.leader() == second,
                "the partition comes back with its ISR member");
        assertTrue(back.leaderEpoch() > offline.leaderEpoch());
        // Had the returning non-ISR replica been elected meanwhile, it would still lead now.
        assertEquals(List.of(second), back.isr());
    }

    @Test
    void shouldMoveLeadershipsAwayBeforeExitingWhenBrokerStopsCleanly() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        awaitValue(this::controller, c -> c[1] > 0, "a controller is elected");
        cluster.createTopic("drain", 6, 3, Map.of());
        int leaving = cluster.partitions("drain").get(0).leader();

        cluster.broker(leaving).stop(); // SIGTERM: controlled shutdown

        // Read right after the process exited: nothing waited for its heartbeat to expire.
        Map<Integer, PartitionRow> rows = cluster.partitions("drain");
        assertTrue(rows.values().stream().noneMatch(r -> r.leader() == leaving), "still leading after exit: " + rows);
        assertFalse(brokerAlive(leaving), "a cleanly stopped broker deregisters");
        assertTrue(cluster.broker(leaving).log().contains("Controlled shutdown"), "the broker logs its controlled shutdown");
    }

    @Test
    void shouldRefuseToStartWhenNodeIdIsHeldByALiveBroker() throws Exception {
        cluster = ClusterProcesses.start(2, ENV);
        BrokerProcess impostor = cluster.newBroker(1, "impostor");

        IllegalStateException refused = assertThrows(IllegalStateException.class, impostor::start);

        String message = refused.getMessage();
        assertTrue(message.contains("Refusing to start: node id 1"), message);
        assertTrue(message.contains("Kafka port " + cluster.broker(1).kafkaPort()), message);
        assertFalse(impostor.isAlive());
        assertTrue(cluster.broker(1).isAlive());
        assertTrue(brokerAlive(1), "the rightful broker keeps its registration");
    }

    // --- helpers ---


    /** {epoch, node id or -1}. */
    private long[] controller() throws Exception {
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT epoch, coalesce(node_id, -1) FROM controller")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getInt(2)};
        }
    }

    private boolean brokerAlive(int nodeId) throws Exception {
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_heartbeat > now() - interval '4 seconds' AND NOT shutting_down FROM brokers WHERE node_id = ?")) {
            ps.setInt(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

}
