package io.strata.cluster;

import static io.restassured.RestAssured.given;
import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.strata.testing.BrokerProcess;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.NumberedProducer;
import io.strata.testing.PartitionReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Online reassignment with three real broker processes (racks a, b, c) sharing one PostgreSQL: a
 * replication-factor change from 1 to 3 under an {@code acks=all} load, after which the original
 * leader is SIGKILLed and every acknowledged record must still be read back at its offset; and a
 * move of a replica to another broker through {@code Admin.alterPartitionReassignments}, after which
 * the old broker's log directory is gone. Prints how long each reassignment took to complete.
 *
 * <p>Waits are bounded polls for a condition (never assertions on how long something took).
 */
class ReassignmentIT {

    private static final Map<String, String> ENV = Map.of(
            "STRATA_METADATA_SESSION_TIMEOUT", "PT4S",
            "STRATA_REPLICATION_REPLICA_LAG_TIME_MAX", "PT5S");

    /** A partition row with its reassignment state, straight from PostgreSQL. */
    record Row(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch, List<Integer> adding,
            List<Integer> removing) {}

    private ClusterProcesses cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedRecordWhenReplicationFactorGrowsUnderLoadAndOriginalLeaderIsKilled() throws Exception {
        startCluster();
        String topic = "grow";
        cluster.createTopic(topic, 1, 1, Map.of());
        Row before = row(topic, 0);
        int originalLeader = before.leader();

        try (NumberedProducer producer = NumberedProducer.start(bootstrap(), topic, 1, Map.of())) {
            producer.awaitMoreAcks(500, "the producer gets acknowledgements at replication factor 1");

            JsonPath proposal = given().baseUri(anyHttp()).queryParam("replication_factor", 3)
                    .get(topicUrl(topic) + "/replication-factor-proposal").then().statusCode(200).extract().jsonPath();
            List<Integer> target = proposal.getList("partitions[0].target_replicas", Integer.class);
            assertEquals(originalLeader, target.get(0), "the existing replica stays first (the preferred leader)");
            assertEquals(Set.of(1, 2, 3), new HashSet<>(target), "three brokers on racks a, b, c");

            long startNanos = System.nanoTime();
            given().baseUri(anyHttp()).contentType(ContentType.JSON).body("{\"replication_factor\": 3}")
                    .patch(topicUrl(topic)).then().statusCode(200);
            Row done = awaitValue(() -> row(topic, 0), r -> r.replicas().size() == 3 && r.adding().isEmpty()
                    && r.isr().size() == 3, "partition 0 reaches three in-sync replicas and its reassignment completes");
            long tookMs = (System.nanoTime() - startNanos) / 1_000_000;
            assertEquals(target, done.replicas(), "the replicas are the proposal, in its order");
            assertEquals(originalLeader, done.leader(), "growing the replica set keeps the leader");
            given().baseUri(anyHttp()).get(topicUrl(topic)).then().statusCode(200)
                    .body("replication_factor", org.hamcrest.Matchers.equalTo(3));
            int ackedAtCompletion = producer.ackedCount();

            producer.awaitMoreAcks(500, "acknowledgements continue at replication factor 3");
            cluster.broker(originalLeader).kill();
            Row failedOver = awaitValue(() -> row(topic, 0), r -> r.leader() >= 0 && r.leader() != originalLeader,
                    "a new replica takes over partition 0 after broker " + originalLeader + " is killed");
            assertTrue(failedOver.leaderEpoch() > done.leaderEpoch());
            producer.awaitMoreAcks(300, "acknowledgements continue from the new leader");
            producer.stop();

            TreeMap<Long, String> read = PartitionReader.readAll(bootstrap(), topic, 0);
            for (NumberedProducer.Acked a : producer.acked()) {
                assertEquals(Long.toString(a.number()), read.get(a.offset()),
                        "acknowledged record " + a + " must be read back at its offset from the new leader");
            }
            System.out.printf("ReassignmentIT: replication factor 1 -> 3 completed in %d ms under load (%d records "
                    + "acknowledged by then); %d acknowledged in all, %d failed, %d read back from broker %d%n", tookMs,
                    ackedAtCompletion, producer.acked().size(), producer.failed(), read.size(), failedOver.leader());
            assertNotEquals(0, producer.acked().size());
        }
    }

    @Test
    void shouldMoveReplicaAndDeleteOldLogDirectoryWhenAdminReassigns() throws Exception {
        startCluster();
        String topic = "move";
        cluster.createTopic(topic, 1, 2, Map.of());
        Row before = awaitValue(() -> row(topic, 0), r -> r.isr().size() == 2, "both replicas are in sync");
        int leaving = before.replicas().get(0);
        int staying = before.replicas().get(1);
        int arriving = Stream.of(1, 2, 3).filter(b -> !before.replicas().contains(b)).findFirst().orElseThrow();
        BrokerProcess leavingBroker = cluster.broker(leaving);
        Path leavingDir = leavingBroker.dataDir().resolve(topic + "-0");
        assertTrue(Files.isDirectory(leavingDir), "broker " + leaving + " hosts the partition before the move");

        try (NumberedProducer producer = NumberedProducer.start(bootstrap(), topic, 1, Map.of()); Admin admin = admin()) {
            producer.awaitMoreAcks(500, "the producer gets acknowledgements before the move");
            List<Integer> target = List.of(arriving, staying);
            TopicPartition tp = new TopicPartition(topic, 0);

            long startNanos = System.nanoTime();
            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(target)))).all().get();
            Row done = awaitValue(() -> row(topic, 0), r -> r.replicas().equals(target) && r.removing().isEmpty(),
                    "the reassignment of partition 0 to " + target + " completes");
            long tookMs = (System.nanoTime() - startNanos) / 1_000_000;
            assertTrue(admin.listPartitionReassignments(Set.of(tp)).reassignments().get().isEmpty(),
                    "no reassignment is listed once it completed");
            assertEquals(arriving, done.leader(), "the removed leader hands over to the first in-sync target replica");
            assertTrue(done.leaderEpoch() > before.leaderEpoch(), "a new leader has a new epoch");
            assertTrue(target.containsAll(done.isr()), "the ISR holds only target replicas: " + done.isr());

            awaitValue(() -> logDirsOf(leavingBroker, topic), List::isEmpty,
                    "broker " + leaving + " deletes its log directory of " + topic + "-0");
            assertTrue(Files.isDirectory(cluster.broker(arriving).dataDir().resolve(topic + "-0")),
                    "broker " + arriving + " hosts the partition now");
            producer.awaitMoreAcks(300, "acknowledgements continue after the move");
            producer.stop();

            TreeMap<Long, String> read = PartitionReader.readAll(bootstrap(), topic, 0);
            for (NumberedProducer.Acked a : producer.acked()) {
                assertEquals(Long.toString(a.number()), read.get(a.offset()), "acknowledged record " + a + " after the move");
            }
            System.out.printf("ReassignmentIT: move of partition 0 from broker %d to broker %d completed in %d ms under "
                    + "load; %d acknowledged, %d failed, %d read back%n", leaving, arriving, tookMs, producer.acked().size(),
                    producer.failed(), read.size());
        }
    }

    // --- helpers ---

    private void startCluster() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        awaitValue(this::controllerNode, c -> c > 0, "a controller is elected");
    }

    private Row row(String topic, int partition) throws Exception {
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT p.replicas, p.isr, p.leader, p.leader_epoch, p.adding_replicas, p.removing_replicas
                FROM partitions p JOIN topics t ON t.topic_id = p.topic_id WHERE t.name = ? AND p.partition_id = ?""")) {
            ps.setString(1, topic);
            ps.setInt(2, partition);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Row(ints(rs.getArray(1)), ints(rs.getArray(2)), rs.getInt(3), rs.getInt(4), ints(rs.getArray(5)),
                        ints(rs.getArray(6)));
            }
        }
    }

    private static List<Integer> ints(Array array) throws Exception {
        return Arrays.asList((Integer[]) array.getArray());
    }

    /** The broker's directories for the partition, including one renamed for deletion and not yet removed. */
    private static List<String> logDirsOf(BrokerProcess broker, String topic) throws Exception {
        try (Stream<Path> entries = Files.list(broker.dataDir())) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(topic + "-0")).toList();
        }
    }

    private int controllerNode() throws Exception {
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(node_id, -1) FROM controller"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String bootstrap() {
        return cluster.brokers().values().stream().filter(BrokerProcess::isAlive).map(b -> "127.0.0.1:" + b.kafkaPort())
                .collect(Collectors.joining(","));
    }

    private String anyHttp() {
        return cluster.brokers().values().stream().filter(BrokerProcess::isAlive).findFirst().orElseThrow().httpUrl();
    }

    private String topicUrl(String topic) {
        String clusterId = given().baseUri(anyHttp()).get("/v3/clusters").then().statusCode(200).extract().jsonPath()
                .getString("data[0].cluster_id");
        return "/v3/clusters/" + clusterId + "/topics/" + topic;
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(p);
    }
}
