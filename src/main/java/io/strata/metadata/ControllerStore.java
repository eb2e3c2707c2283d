package io.strata.metadata;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The controller's writes, each fenced by the controller epoch: the transaction first takes the
 * {@code controller} row's lock and checks that the epoch is still the caller's, then writes. An
 * election bumps the epoch under that same row lock, so once a new controller has won, a deposed
 * one's write is refused with {@link ErrorKind#NOT_CONTROLLER}; and a write that got the lock first
 * commits before the new epoch exists. Hence at most one controller epoch acts at a time.
 *
 * <p>Thread-safe: holds no state besides the pooled data source.
 */
@ApplicationScoped
public class ControllerStore {

    private final Jdbc jdbc;

    @Inject
    public ControllerStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Every broker's liveness by PostgreSQL's clock now: small enough to poll twice a second. */
    public List<BrokerLiveness> brokerLiveness(Duration sessionTimeout) {
        return jdbc.inTransaction(c -> {
            List<BrokerLiveness> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT node_id, (last_heartbeat > now() - make_interval(secs => ?)) AND NOT fenced, shutting_down
                    FROM brokers ORDER BY node_id""")) {
                ps.setDouble(1, sessionTimeout.toMillis() / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new BrokerLiveness(rs.getInt(1), rs.getBoolean(2), rs.getBoolean(3)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Applies partition changes as controller of {@code controllerEpoch}, all in one transaction.
     * Each change is a compare-and-set on its partition epoch; the ones whose partition moved on
     * meanwhile are skipped. Returns the changes that were applied.
     *
     * @throws StrataException NOT_CONTROLLER when another controller has been elected since
     */
    public List<PartitionChange> applyPartitionChanges(long controllerEpoch, List<PartitionChange> changes) {
        return jdbc.inTransaction(c -> {
            requireEpoch(c, controllerEpoch);
            List<PartitionChange> applied = compareAndSet(c, changes);
            if (!applied.isEmpty()) {
                MetadataStore.bumpVersion(c);
            }
            return applied;
        });
    }

    /**
     * Writes each change whose partition still has its expected partition epoch, in the caller's
     * transaction (which bumps the version if any applied). Returns the changes that were applied.
     */
    static List<PartitionChange> compareAndSet(Connection c, List<PartitionChange> changes) throws SQLException {
        List<PartitionChange> applied = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE partitions SET leader = ?, isr = ?, leader_epoch = ?, partition_epoch = ?,
                    replicas = COALESCE(?::int[], replicas), adding_replicas = COALESCE(?::int[], adding_replicas),
                    removing_replicas = COALESCE(?::int[], removing_replicas)
                WHERE topic_id = ?::uuid AND partition_id = ? AND partition_epoch = ?""")) {
            for (PartitionChange change : changes) {
                ps.setInt(1, change.leader());
                ps.setArray(2, Jdbc.intArray(c, change.isr()));
                ps.setInt(3, change.leaderEpoch());
                ps.setInt(4, change.partitionEpoch());
                Optional<ReplicaAssignment> assignment = change.assignment();
                ps.setArray(5, assignment.isPresent() ? Jdbc.intArray(c, assignment.get().replicas()) : null);
                ps.setArray(6, assignment.isPresent() ? Jdbc.intArray(c, assignment.get().adding()) : null);
                ps.setArray(7, assignment.isPresent() ? Jdbc.intArray(c, assignment.get().removing()) : null);
                ps.setString(8, change.topicId());
                ps.setInt(9, change.partition());
                ps.setInt(10, change.expectedPartitionEpoch());
                if (ps.executeUpdate() == 1) {
                    applied.add(change);
                }
            }
        }
        syncReplicationFactors(c, applied.stream().filter(a -> a.assignment().isPresent())
                .map(PartitionChange::topicId).distinct().toList());
        return applied;
    }

    /**
     * A topic's replication factor follows its partitions: once none is being reassigned and all have
     * the same number of replicas, that number is the topic's.
     */
    private static void syncReplicationFactors(Connection c, List<String> topicIds) throws SQLException {
        if (topicIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE topics t SET replication_factor = s.rf
                FROM (SELECT topic_id, min(cardinality(replicas)) AS rf, max(cardinality(replicas)) AS max_rf,
                             bool_and(cardinality(adding_replicas) = 0 AND cardinality(removing_replicas) = 0) AS settled
                      FROM partitions WHERE topic_id = ANY (?::uuid[]) GROUP BY topic_id) s
                WHERE t.topic_id = s.topic_id AND s.settled AND s.rf = s.max_rf AND t.replication_factor <> s.rf""")) {
            ps.setArray(1, c.createArrayOf("text", topicIds.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * Bumps the metadata version as controller, so that every broker re-reads its image: used when
     * a broker's heartbeat expired, which by itself changes no row and notifies nobody.
     */
    public void announceLivenessChange(long controllerEpoch) {
        jdbc.inTransaction(c -> {
            requireEpoch(c, controllerEpoch);
            MetadataStore.bumpVersion(c);
            return null;
        });
    }

    /** The current controller epoch and node (-1 for none). */
    public ControllerRecord current() {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT epoch, node_id FROM controller");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                long epoch = rs.getLong(1);
                int node = rs.getInt(2);
                return new ControllerRecord(epoch, rs.wasNull() ? -1 : node);
            }
        });
    }

    /** The controller row's state: its epoch and the node that won it. */
    public record ControllerRecord(long epoch, int nodeId) {}

    private static void requireEpoch(Connection c, long controllerEpoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM controller FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long current = rs.getLong(1);
            if (current != controllerEpoch) {
                throw new StrataException(ErrorKind.NOT_CONTROLLER, "Controller epoch " + controllerEpoch
                        + " was superseded by epoch " + current + ": this broker is no longer the controller");
            }
        }
    }
}
