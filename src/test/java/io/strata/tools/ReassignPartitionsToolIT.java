package io.strata.tools;

import static io.restassured.RestAssured.given;
import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.testing.BrokerProcess;
import io.strata.testing.ClusterProcesses;
import io.strata.testing.NumberedProducer;
import io.strata.testing.PartitionReader;
import io.strata.testing.PartitionRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka's {@code kafka-reassign-partitions.sh} against three real broker processes: {@code --execute}
 * and {@code --verify} move a partition to another broker (whose old log directory then disappears),
 * and a reassignment that cannot complete (started through Admin to a broker that is down) is listed
 * by {@code --list} and over HTTP, and {@code --cancel} restores the original replica.
 */
class ReassignPartitionsToolIT {

    private static final Map<String, String> ENV = Map.of(
            "STRATA_METADATA_SESSION_TIMEOUT", "PT4S",
            "STRATA_REPLICATION_REPLICA_LAG_TIME_MAX", "PT5S");

    private ClusterProcesses cluster;
    private Path json;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (json != null) {
            Files.deleteIfExists(json);
        }
    }

    @Test
    void shouldMovePartitionAndThenCancelStuckReassignmentWhenToolRuns() throws Exception {
        cluster = ClusterProcesses.start(3, ENV);
        awaitValue(this::controllerNode, c -> c > 0, "a controller is elected");
        String topic = "tool-move";
        cluster.createTopic(topic, 1, 1, Map.of());
        int from = cluster.partitions(topic).get(0).leader();
        int to = from % 3 + 1;
        int down = to % 3 + 1;
        json = Files.createTempFile("reassign-", ".json");

        try (NumberedProducer producer = NumberedProducer.start(bootstrap(), topic, 1, Map.of())) {
            producer.awaitMoreAcks(300, "the producer gets acknowledgements");
            writeTarget(topic, List.of(to));
            ToolRunner.Result executed = reassign("--execute", "--reassignment-json-file", json.toString());
            assertEquals(0, executed.exitCode(), executed::toString);
            long startNanos = System.nanoTime();
            awaitValue(() -> reassign("--verify", "--reassignment-json-file", json.toString()),
                    r -> r.exitCode() == 0 && r.out().contains("Reassignment of partition " + topic + "-0 is completed."),
                    "--verify reports the move of " + topic + "-0 to broker " + to + " completed");
            long tookMs = (System.nanoTime() - startNanos) / 1_000_000;
            assertEquals(List.of(to), cluster.partitions(topic).get(0).replicas());
            awaitValue(() -> partitionDirs(cluster.broker(from), topic), List::isEmpty,
                    "broker " + from + " deletes its log directory of " + topic + "-0");
            producer.awaitMoreAcks(300, "acknowledgements continue from broker " + to);
            producer.stop();
            TreeMap<Long, String> read = PartitionReader.readAll(bootstrap(), topic, 0);
            producer.acked().forEach(a -> assertEquals(Long.toString(a.number()), read.get(a.offset()), "record " + a));
            System.out.printf("ReassignPartitionsToolIT: --execute to --verify completed in %d ms (%d records acknowledged)%n",
                    tookMs, producer.acked().size());
        }

        cluster.broker(down).kill();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            // The tool refuses brokers the cluster does not list, so the stuck reassignment starts through Admin;
            // the tool then clears throttles on every listed broker: wait until the dead one is no longer listed.
            admin.alterPartitionReassignments(Map.of(new TopicPartition(topic, 0),
                    Optional.of(new NewPartitionReassignment(List.of(to, down))))).all().get();
            awaitValue(() -> admin.describeCluster().nodes().get().stream().map(Node::id).toList(),
                    ids -> !ids.contains(down), "the cluster stops listing killed broker " + down);
        }
        ToolRunner.Result listed = reassign("--list");
        assertTrue(listed.out().contains(topic + "-0"), listed::toString);
        given().baseUri(cluster.broker(to).httpUrl()).get(topicUrl(topic) + "/partitions/0/reassignment").then()
                .statusCode(200)
                .body("adding_replicas", org.hamcrest.Matchers.equalTo(List.of(down)))
                .body("replica_ids", org.hamcrest.Matchers.equalTo(List.of(to, down)));

        // --cancel takes the partitions from the file; it also clears throttles on the brokers the file names,
        // so it names only the live one (as an operator would after losing a broker).
        writeTarget(topic, List.of(to));
        ToolRunner.Result cancelled = reassign("--cancel", "--reassignment-json-file", json.toString());

        assertEquals(0, cancelled.exitCode(), cancelled::toString);
        PartitionRow reverted = awaitValue(() -> cluster.partitions(topic).get(0), r -> r.replicas().equals(List.of(to)),
                "the cancelled reassignment restores the replicas [" + to + "]");
        assertEquals(to, reverted.leader());
        given().baseUri(cluster.broker(to).httpUrl()).get(topicUrl(topic) + "/partitions/0/reassignment").then()
                .statusCode(404);
    }

    private void writeTarget(String topic, List<Integer> replicas) throws Exception {
        Files.writeString(json, "{\"version\":1,\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"replicas\":"
                + replicas + "}]}");
    }

    private ToolRunner.Result reassign(String... args) throws Exception {
        String[] all = Stream.concat(Stream.of("--bootstrap-server", bootstrap()), Stream.of(args)).toArray(String[]::new);
        return ToolRunner.inProcess(ReassignPartitionsCommand::main, all);
    }

    private static List<String> partitionDirs(BrokerProcess broker, String topic) throws Exception {
        try (Stream<Path> entries = Files.list(broker.dataDir())) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(topic + "-0")).toList();
        }
    }

    private String bootstrap() {
        return cluster.brokers().values().stream().filter(BrokerProcess::isAlive).map(b -> "127.0.0.1:" + b.kafkaPort())
                .collect(Collectors.joining(","));
    }

    private String topicUrl(String topic) {
        String clusterId = given().baseUri(cluster.brokers().values().stream().filter(BrokerProcess::isAlive).findFirst()
                .orElseThrow().httpUrl()).get("/v3/clusters").then().statusCode(200).extract().jsonPath()
                .getString("data[0].cluster_id");
        return "/v3/clusters/" + clusterId + "/topics/" + topic;
    }

    private int controllerNode() throws Exception {
        try (Connection c = cluster.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(node_id, -1) FROM controller"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
