package io.strata.cluster;

import static io.strata.testing.Awaits.awaitValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.testing.AckedHistory;
import io.strata.testing.BrokerProcess;
import io.strata.testing.MetadataHistory;
import io.strata.testing.NumberedProducer;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.ClusterTestSupport;
import io.strata.testing.PartitionRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three real broker processes sharing one PostgreSQL: the controller and brokers are killed with
 * SIGKILL, and the metadata in PostgreSQL must show the controller moving with a higher epoch,
 * leadership moving to live in-sync replicas with growing leader epochs, a partition without a
 * live ISR member staying offline until one returns, and a duplicate node id being refused.
 *
 * <p>Waits are bounded polls for a condition (never assertions on how long something took).
 */
class ClusterFailoverIT extends ClusterTestSupport {

    /** Short, so a killed broker is declared dead (and a restarted one may re-register) quickly. */
    private static final Map<String, String> ENV = Map.of("STRATA_METADATA_SESSION_TIMEOUT", "PT4S");
    private static final int CONTROLLER_KILLS = 4;
    private static final Pattern CONTROLLER_CLAIM = Pattern.compile("Broker (\\d+) is now the controller \\(controller epoch (\\d+)\\)");

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
    void shouldLetOneControllerEpochActAtATimeAndLoseNoAckedRecordWhenControllerIsKilledRepeatedly() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        cluster.createTopic("steady", 3, 3, Map.of("min.insync.replicas", "2"));
        MetadataHistory history = MetadataHistory.start(cluster, "steady");
        NumberedProducer producer = NumberedProducer.start(cluster.bootstrap(), "steady", 3, Map.of());
        List<Long> epochs = new ArrayList<>();
        try (history; producer) {
            awaitValue(producer::ackedCount, n -> n >= 300, "the producer gets acknowledgements");
            for (int round = 0; round < CONTROLLER_KILLS; round++) {
                long[] before = controller();
                int victim = (int) before[1];
                cluster.broker(victim).kill();
                long[] after = awaitValue(this::controller, c -> c[1] > 0 && c[1] != victim,
                        "another broker becomes controller after broker " + victim + " is killed");
                epochs.add(after[0]);
                cluster.broker(victim).start();
                awaitValue(() -> cluster.partitions("steady"), rows -> rows.values().stream().allMatch(r -> r.isr().size() == 3),
                        "broker " + victim + " rejoins every ISR");
                int ackedNow = producer.ackedCount();
                awaitValue(producer::ackedCount, n -> n >= ackedNow + 200, "acknowledgements continue after round " + round);
            }
            producer.stop();
        }
        assertEquals(List.of(), history.violations(), "controller and leader epochs as sampled from PostgreSQL");
        assertTrue(history.samples() > 10, "the history was sampled: " + history.samples());
        Map<Long, List<Integer>> claims = controllerClaims();
        claims.forEach((epoch, nodes) -> assertEquals(1, nodes.size(), "controller epoch " + epoch + " claimed by " + nodes));
        assertTrue(claims.keySet().containsAll(epochs), "every epoch seen was claimed in a broker log: " + claims + " " + epochs);
        int readBack = AckedHistory.verify(producer.acked(), AckedHistory.readAll(cluster.bootstrap(), "steady", 3));
        System.out.printf("%s ClusterFailoverIT controllerKills=%d controllerEpochs=%s sent=%d acknowledged=%d readBack=%d "
                + "samples=%d%n", ReplicationIT.FIGURES, CONTROLLER_KILLS, epochs, producer.sent(), producer.ackedCount(),
                readBack, history.samples());
    }

    @Test
    void shouldElectOutOfSyncReplicaAndReportPossibleLossWhenUncleanElectionIsEnabledAndIsrIsDead() throws Exception {
        PartitionRow shrunk = startWithFirstReplicaKilled("unclean", Map.of("unclean.leader.election.enable", "true"));
        int first = shrunk.replicas().get(0);
        int second = shrunk.replicas().get(1);
        // Acknowledged by the ISR {second} only: the replica that fell out never sees them.
        NumberedProducer producer = NumberedProducer.start(cluster.bootstrap(), "unclean", 1, Map.of());
        try (producer) {
            awaitValue(producer::ackedCount, n -> n >= 50, "records are acknowledged by " + second + " alone");
            producer.stop();
        }
        cluster.broker(second).kill();
        cluster.broker(first).start();

        PartitionRow back = awaitValue(() -> cluster.partitions("unclean").get(0), r -> r.leader() == first,
                "the out-of-sync replica " + first + " is elected uncleanly");
        assertEquals(List.of(first), back.isr());
        assertTrue(back.leaderEpoch() > shrunk.leaderEpoch(), shrunk + " -> " + back);
        String warning = "UNCLEAN leader election for unclean-0: broker " + first + " was not in the ISR [" + second + "]";
        String controllerLog = awaitValue(this::allLogs, logs -> logs.contains(warning), "a broker log reports the unclean election");
        assertTrue(controllerLog.contains("leader epoch " + (back.leaderEpoch() - 1) + " -> " + back.leaderEpoch()
                + "; POSSIBLE DATA LOSS"), "the warning names the leader epochs");
        assertTrue(cluster.broker(first).log().contains("Leading unclean-0 in leader epoch " + back.leaderEpoch()
                + " from offset 0"), "the new leader logs the offset it leads from");
        // The loss is real: what only the old ISR held is not readable any more.
        assertEquals(0, AckedHistory.readAll(cluster.bootstrap(), "unclean", 1).get(0).size());
    }

    @Test
    void shouldMoveLeadershipsToLiveIsrMembersWhenBrokerIsKilled() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
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
        PartitionRow shrunk = startWithFirstReplicaKilled("clean", Map.of());
        int first = shrunk.replicas().get(0);
        int second = shrunk.replicas().get(1);
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


    private long[] controller() throws Exception {
        return cluster.controller();
    }

    /**
     * Three brokers and a one-partition topic with two replicas, the first of them killed: returns
     * the row once the second leads alone.
     */
    private PartitionRow startWithFirstReplicaKilled(String topic, Map<String, String> configs) throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        cluster.createTopic(topic, 1, 2, configs);
        PartitionRow initial = cluster.partitions(topic).get(0);
        int first = initial.replicas().get(0);
        int second = initial.replicas().get(1);
        cluster.broker(first).kill();
        return awaitValue(() -> cluster.partitions(topic).get(0),
                r -> r.leader() == second && r.isr().equals(List.of(second)), "leadership moves to " + second);
    }

    private String allLogs() throws Exception {
        StringBuilder all = new StringBuilder();
        for (BrokerProcess b : cluster.brokers().values()) {
            all.append(b.log());
        }
        return all.toString();
    }

    /** Controller epoch -> the brokers whose logs say they became controller in it. */
    private Map<Long, List<Integer>> controllerClaims() throws Exception {
        Map<Long, List<Integer>> claims = new TreeMap<>();
        for (var e : cluster.brokers().entrySet()) {
            Matcher m = CONTROLLER_CLAIM.matcher(e.getValue().log());
            while (m.find()) {
                assertEquals(e.getKey().intValue(), Integer.parseInt(m.group(1)));
                claims.computeIfAbsent(Long.parseLong(m.group(2)), k -> new ArrayList<>()).add(e.getKey());
            }
        }
        return claims;
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
