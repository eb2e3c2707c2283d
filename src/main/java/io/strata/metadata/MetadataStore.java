package io.strata.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads and writes the cluster metadata in PostgreSQL. Every write runs in one transaction that
 * also bumps {@code metadata_version} and NOTIFYs {@value #CHANNEL}, so that every broker learns
 * of it and a reader of a whole {@link MetadataImage} sees either all of a change or none of it.
 *
 * <p>Thread-safe: holds no state besides the pooled data source.
 */
@ApplicationScoped
public class MetadataStore {

    public static final String CHANNEL = "strata_metadata";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private final Jdbc jdbc;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public MetadataStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** The cluster id, created on first call (a random UUID, as Kafka's cluster ids are). */
    public String ensureClusterId() {
        return jdbc.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO cluster (cluster_id) VALUES ('" + UUID.randomUUID()
                        + "') ON CONFLICT (singleton) DO NOTHING");
                try (ResultSet rs = s.executeQuery("SELECT cluster_id FROM cluster")) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /**
     * Registers (or re-registers after a restart) this broker with a fresh incarnation, unless the
     * node id is held by another incarnation whose heartbeat is younger than {@code sessionTimeout}
     * by PostgreSQL's clock: then nothing is written and that incarnation is returned. The check and
     * the write happen under the row's lock, so two brokers racing for one node id cannot both win.
     */
    public Optional<LiveIncarnation> registerBrokerIfFree(BrokerInfo broker, UUID incarnation, Duration sessionTimeout) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT incarnation, host, kafka_port, http_port,
                           EXTRACT(EPOCH FROM (now() - last_heartbeat)) * 1000 AS age_ms
                    FROM brokers
                    WHERE node_id = ? AND incarnation <> ? AND last_heartbeat > now() - make_interval(secs => ?)
                    FOR UPDATE""")) {
                ps.setInt(1, broker.nodeId());
                ps.setObject(2, incarnation);
                ps.setDouble(3, sessionTimeout.toMillis() / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(new LiveIncarnation(broker.nodeId(), rs.getObject(1, UUID.class),
                                rs.getString(2), rs.getInt(3), rs.getInt(4),
                                Duration.ofMillis(Math.max(0, Math.round(rs.getDouble(5))))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO brokers (node_id, rack, host, kafka_port, http_port, incarnation, registered_at, last_heartbeat)
                    VALUES (?, ?, ?, ?, ?, ?, now(), now())
                    ON CONFLICT (node_id) DO UPDATE SET rack = EXCLUDED.rack, host = EXCLUDED.host,
                        kafka_port = EXCLUDED.kafka_port, http_port = EXCLUDED.http_port,
                        incarnation = EXCLUDED.incarnation, registered_at = now(), last_heartbeat = now(),
                        fenced = FALSE, shutting_down = FALSE""")) {
                ps.setInt(1, broker.nodeId());
                ps.setString(2, broker.rack().orElse(null));
                ps.setString(3, broker.host());
                ps.setInt(4, broker.kafkaPort());
                ps.setInt(5, broker.httpPort());
                ps.setObject(6, incarnation);
                ps.executeUpdate();
            }
            bumpVersion(c);
            return Optional.empty();
        });
    }

    /**
     * Controlled shutdown, step one: this incarnation still serves but asks the controller to move
     * its leaderships away. False when another incarnation owns the node id.
     */
    public boolean markShuttingDown(int nodeId, UUID incarnation) {
        return jdbc.inTransaction(c -> {
            boolean updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE brokers SET shutting_down = TRUE WHERE node_id = ? AND incarnation = ?")) {
                ps.setInt(1, nodeId);
                ps.setObject(2, incarnation);
                updated = ps.executeUpdate() == 1;
            }
            if (updated) {
                bumpVersion(c);
            }
            return updated;
        });
    }

    /**
     * Controlled shutdown, last step: the heartbeat is dated to the distant past, so the cluster
     * treats this broker as dead right away (no session timeout to wait for) and a restart of the
     * same node id may register at once.
     */
    public void deregister(int nodeId, UUID incarnation) {
        jdbc.inTransaction(c -> {
            boolean updated;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE brokers SET last_heartbeat = 'epoch', shutting_down = TRUE WHERE node_id = ? AND incarnation = ?")) {
                ps.setInt(1, nodeId);
                ps.setObject(2, incarnation);
                updated = ps.executeUpdate() == 1;
            }
            if (updated) {
                bumpVersion(c);
            }
            return null;
        });
    }

    /** Refreshes this incarnation's heartbeat; false when another incarnation took the node id over. */
    public boolean heartbeat(int nodeId, UUID incarnation) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE brokers SET last_heartbeat = now() WHERE node_id = ? AND incarnation = ?")) {
                ps.setInt(1, nodeId);
                ps.setObject(2, incarnation);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Reads the whole metadata in one repeatable-read transaction. */
    public MetadataImage load(Duration sessionTimeout) {
        return jdbc.inTransaction(c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long version;
            String clusterId = "";
            int controllerId;
            long controllerEpoch;
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT version FROM metadata_version")) {
                    rs.next();
                    version = rs.getLong(1);
                }
                try (ResultSet rs = s.executeQuery("SELECT cluster_id FROM cluster")) {
                    if (rs.next()) {
                        clusterId = rs.getString(1);
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT epoch, node_id FROM controller")) {
                    rs.next();
                    controllerEpoch = rs.getLong(1);
                    int node = rs.getInt(2);
                    controllerId = rs.wasNull() ? -1 : node;
                }
            }
            TreeMap<Integer, BrokerInfo> brokers = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT node_id, rack, host, kafka_port, http_port,
                           (last_heartbeat > now() - make_interval(secs => ?)) AND NOT fenced AS alive, shutting_down
                    FROM brokers""")) {
                ps.setDouble(1, sessionTimeout.toMillis() / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        brokers.put(rs.getInt(1), new BrokerInfo(rs.getInt(1), Optional.ofNullable(rs.getString(2)),
                                rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getBoolean(6), rs.getBoolean(7)));
                    }
                }
            }
            Map<String, List<PartitionInfo>> partitionsByTopic = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("""
                            SELECT topic_id, partition_id, replicas, isr, leader, leader_epoch, partition_epoch,
                                   adding_replicas, removing_replicas
                            FROM partitions ORDER BY topic_id, partition_id""")) {
                while (rs.next()) {
                    partitionsByTopic.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new PartitionInfo(
                            rs.getInt(2), Jdbc.intList(rs.getArray(3)), Jdbc.intList(rs.getArray(4)),
                            rs.getInt(5), rs.getInt(6), rs.getInt(7), Jdbc.intList(rs.getArray(8)),
                            Jdbc.intList(rs.getArray(9))));
                }
            }
            TreeMap<String, TopicInfo> topics = new TreeMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT topic_id, name, replication_factor, configs::text FROM topics")) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    topics.put(rs.getString(2), new TopicInfo(id, rs.getString(2), rs.getInt(3),
                            parseConfigs(rs.getString(4)), partitionsByTopic.getOrDefault(id, List.of())));
                }
            }
            return new MetadataImage(version, clusterId, controllerId, controllerEpoch, brokers, topics);
        });
    }

    public TopicInfo createTopic(NewTopic topic) {
        String topicId = UUID.randomUUID().toString();
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO topics (topic_id, name, replication_factor, configs) VALUES (?::uuid, ?, ?, ?::jsonb)")) {
                ps.setString(1, topicId);
                ps.setString(2, topic.name());
                ps.setInt(3, topic.replicationFactor());
                ps.setString(4, toJson(topic.configs()));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new StrataException(ErrorKind.TOPIC_ALREADY_EXISTS,
                            "Topic '" + topic.name() + "' already exists.");
                }
                throw e;
            }
            insertPartitions(c, topicId, 0, topic.assignment());
            bumpVersion(c);
            return null;
        });
        return topicInfo(topicId, topic);
    }

    private static TopicInfo topicInfo(String topicId, NewTopic topic) {
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < topic.assignment().size(); p++) {
            List<Integer> replicas = topic.assignment().get(p);
            partitions.add(new PartitionInfo(p, replicas, replicas, replicas.get(0), 0, 0));
        }
        return new TopicInfo(topicId, topic.name(), topic.replicationFactor(), topic.configs(), partitions);
    }

    /** What {@link #createTopic} would create, without writing (CreateTopics' validate_only). */
    public TopicInfo previewTopic(NewTopic topic) {
        return topicInfo("", topic);
    }

    public void deleteTopic(String name) {
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM topics WHERE name = ?")) {
                ps.setString(1, name);
                if (ps.executeUpdate() == 0) {
                    throw unknownTopic(name);
                }
            }
            bumpVersion(c);
            return null;
        });
    }

    /**
     * Applies config changes atomically: a present value sets the key, an empty one removes the
     * override. Returns the overrides as they were before.
     */
    public Map<String, String> alterTopicConfigs(String name, Map<String, Optional<String>> changes) {
        return jdbc.inTransaction(c -> {
            Map<String, String> before;
            try (PreparedStatement ps = c.prepareStatement("SELECT configs::text FROM topics WHERE name = ? FOR UPDATE")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw unknownTopic(name);
                    }
                    before = parseConfigs(rs.getString(1));
                }
            }
            Map<String, String> after = new TreeMap<>(before);
            changes.forEach((key, value) -> {
                if (value.isPresent()) {
                    after.put(key, value.get());
                } else {
                    after.remove(key);
                }
            });
            try (PreparedStatement ps = c.prepareStatement("UPDATE topics SET configs = ?::jsonb WHERE name = ?")) {
                ps.setString(1, toJson(after));
                ps.setString(2, name);
                ps.executeUpdate();
            }
            bumpVersion(c);
            return before;
        });
    }

    /** Appends partitions {@code fromPartition ...} with the given replica lists. */
    public void createPartitions(String name, int expectedCurrentCount, List<List<Integer>> newAssignments) {
        jdbc.inTransaction(c -> {
            String topicId;
            try (PreparedStatement ps = c.prepareStatement("SELECT topic_id FROM topics WHERE name = ? FOR UPDATE")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw unknownTopic(name);
                    }
                    topicId = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM partitions WHERE topic_id = ?::uuid")) {
                ps.setString(1, topicId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != expectedCurrentCount) {
                        throw new StrataException(ErrorKind.INVALID_PARTITIONS,
                                "Topic '" + name + "' changed concurrently; retry");
                    }
                }
            }
            insertPartitions(c, topicId, expectedCurrentCount, newAssignments);
            bumpVersion(c);
            return null;
        });
    }

    private static void insertPartitions(Connection c, String topicId, int firstPartition, List<List<Integer>> assignment)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO partitions (topic_id, partition_id, replicas, isr, leader, leader_epoch, partition_epoch)
                VALUES (?::uuid, ?, ?, ?, ?, 0, 0)""")) {
            for (int i = 0; i < assignment.size(); i++) {
                List<Integer> replicas = assignment.get(i);
                ps.setString(1, topicId);
                ps.setInt(2, firstPartition + i);
                ps.setArray(3, Jdbc.intArray(c, replicas));
                ps.setArray(4, Jdbc.intArray(c, replicas));
                ps.setInt(5, replicas.get(0));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Every metadata write ends here: one more version, and a NOTIFY delivered at commit. */
    static long bumpVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("UPDATE metadata_version SET version = version + 1 RETURNING version")) {
            rs.next();
            long version = rs.getLong(1);
            s.execute("NOTIFY " + CHANNEL + ", '" + version + "'");
            return version;
        }
    }

    private static StrataException unknownTopic(String name) {
        return new StrataException(ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic: " + name);
    }

    private Map<String, String> parseConfigs(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt topic configs in the metadata store: " + text, e);
        }
    }

    private String toJson(Map<String, String> configs) {
        try {
            return json.writeValueAsString(new TreeMap<>(configs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
