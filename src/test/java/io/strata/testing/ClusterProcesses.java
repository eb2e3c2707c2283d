package io.strata.testing;

import io.strata.metadata.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N real broker processes (node ids 1..N, racks a, b, c, ... in turn) sharing one PostgreSQL that
 * this helper starts with {@link EmbeddedDatabase}. Each broker keeps its ports and data directory
 * across kill and restart. Everything it started is stopped by {@link #close}.
 *
 * <p>Not thread-safe: driven by one test thread.
 */
public final class ClusterProcesses implements AutoCloseable {

    private final Path root;
    private final EmbeddedDatabase database;
    private final Map<String, String> commonEnv;
    private final Map<Integer, BrokerProcess> brokers = new LinkedHashMap<>();
    private final List<BrokerProcess> extras = new ArrayList<>();

    private ClusterProcesses(Path root, EmbeddedDatabase database, Map<String, String> commonEnv) {
        this.root = root;
        this.database = database;
        this.commonEnv = commonEnv;
    }

    /** Starts PostgreSQL and {@code count} brokers, one after the other, each with {@code extraEnv}. */
    public static ClusterProcesses start(int count, Map<String, String> extraEnv) throws IOException {
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
        } catch (IOException | RuntimeException e) {
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

    /** A plain connection to the shared PostgreSQL, for reading the metadata the brokers write. */
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
