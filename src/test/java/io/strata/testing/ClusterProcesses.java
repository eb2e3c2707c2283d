package io.strata.testing;

import io.strata.metadata.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * N real broker processes (node ids 1..N, racks a, b, c, ... in turn) sharing one PostgreSQL that
 * this helper starts with {@link EmbeddedDatabase}. Each broker keeps its ports and data directory
 * across kill and restart. Everything it started is stopped by {@link #close}.
 *
 * <p>Not thread-safe: driven by one test thread.
 */
public final class ClusterProcesses implements AutoCloseable {

    private final Path root;
    /** Replaced when a test stops and restarts PostgreSQL (same data directory and port). */
    private EmbeddedDatabase database;
    private final Map<String, String> commonEnv;
    private final Map<Integer, BrokerProcess> brokers = new LinkedHashMap<>();
    private final List<BrokerProcess> extras = new ArrayList<>();

    private ClusterProcesses(Path root, EmbeddedDatabase database, Map<String, String> commonEnv) {
        this.root = root;
        this.database = database;
        this.commonEnv = commonEnv;
    }

    /**
     * Starts PostgreSQL and {@code count} brokers, one after the other, each with {@code extraEnv},
     * and returns once one of them is the controller.
     */
    public static ClusterProcesses start(int count, Map<String, String> extraEnv) throws Exception {
        Path root = Files.createTempDirectory("strata-cluster-");
        EmbeddedDatabase database = EmbeddedDatabase.start(root.resolve("pg"), 0);
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", database.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        ClusterProcesses cluster = new ClusterProcesses(root, database, env);
        try {
            for (int nodeId = 1; nodeId <= count; nodeId++) {
                cluster.brokers.put(nodeId, cluster.newBroker(nodeId, "broker-" + nodeId).start());
            }
            Awaits.awaitValue(cluster::controller, c -> c[1] > 0, "a controller is elected");
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** A broker process for {@code nodeId} with its own data directory, not started yet and not tracked as a member. */
    public BrokerProcess newBroker(int nodeId, String dirName) {
        Map<String, String> env = new HashMap<>(commonEnv);
        env.put("STRATA_NODE_ID", Integer.toString(nodeId));
        env.put("STRATA_RACK", Character.toString((char) ('a' + (nodeId - 1) % 3)));
        BrokerProcess broker = new BrokerProcess(root.resolve(dirName), env);
        extras.add(broker);
        return broker;
    }

    public BrokerProcess broker(int nodeId) {
        return brokers.get(nodeId);
    }

    public Map<Integer, BrokerProcess> brokers() {
        return brokers;
    }

    /** Kafka bootstrap servers: every broker, alive or not (clients skip the dead ones). */
    public String bootstrap() {
        return brokers.values().stream().map(b -> "127.0.0.1:" + b.kafkaPort()).collect(Collectors.joining(","));
    }

    /** The {@code controller} row: {epoch, node id or -1}. */
    public long[] controller() throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT epoch, coalesce(node_id, -1) FROM controller"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getInt(2)};
        }
    }

    /**
     * Stops the shared PostgreSQL with a fast shutdown (clients are disconnected at once, as when
     * the database host goes away); {@link #startDatabase} brings it back on the same data and port.
     */
    public void stopDatabase() throws IOException {
        database.close();
    }

    public void startDatabase() throws IOException {
        database = EmbeddedDatabase.start(root.resolve("pg"), database.port());
    }

    /** The topic's partition rows in PostgreSQL, by partition id. */
    public Map<Integer, PartitionRow> partitions(String topic) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT p.partition_id, p.replicas, p.isr, p.leader, p.leader_epoch, p.partition_epoch
                FROM partitions p JOIN topics t ON t.topic_id = p.topic_id WHERE t.name = ?""")) {
            ps.setString(1, topic);
            Map<Integer, PartitionRow> rows = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getInt(1), new PartitionRow(rs.getInt(1), ints(rs.getArray(2)), ints(rs.getArray(3)),
                            rs.getInt(4), rs.getInt(5), rs.getInt(6)));
                }
            }
            return rows;
        }
    }

    /** Creates a topic over the HTTP API of any live broker. */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        BrokerProcess any = brokers().values().stream().filter(BrokerProcess::isAlive).findFirst().orElseThrow();
        String clusterId = given().baseUri(any.httpUrl()).get("/v3/clusters").then().statusCode(200)
                .extract().jsonPath().getString("data[0].cluster_id");
        List<Map<String, String>> configList = new ArrayList<>();
        configs.forEach((k, v) -> configList.add(Map.of("name", k, "value", v)));
        given().baseUri(any.httpUrl()).contentType(ContentType.JSON)
                .body(Map.of("topic_name", name, "partitions_count", partitions, "replication_factor", replicationFactor,
                        "configs", configList))
                .post("/v3/clusters/" + clusterId + "/topics")
                .then().statusCode(201);
    }

    private static List<Integer> ints(Array array) throws SQLException {
        return Arrays.stream((Integer[]) array.getArray()).collect(Collectors.toList());
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    @Override
    public void close() {
        for (BrokerProcess broker : extras) {
            try {
                if (broker.isAlive()) {
                    broker.kill(); // the test is over: no need for a controlled shutdown
                }
            } catch (Exception ignored) {
                // keep stopping the rest
            }
        }
        try {
            database.close();
        } catch (IOException ignored) {
            // best effort
        }
        TempDirs.deleteQuietly(root);
    }
}
