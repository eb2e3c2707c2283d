package io.strata.metadata;

import io.strata.common.TopicPartition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Committed consumer offsets in PostgreSQL ({@code consumer_offsets}). Offsets are a hot path, not
 * cluster metadata: writes do not bump the metadata version, and each call is one statement however
 * many partitions it carries (arrays unnested server-side), so a commit costs one round trip.
 *
 * <p>Thread-safe: stateless besides the pooled data source. Callers order concurrent writes of one
 * group themselves; PostgreSQL applies each statement atomically.
 */
@ApplicationScoped
public class OffsetStore {

    private final Jdbc jdbc;

    @Inject
    public OffsetStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Inserts or replaces the given offsets of one group; partitions must be distinct. */
    public void upsert(String groupId, List<StoredOffset> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        int n = offsets.size();
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] committed = new Long[n];
        Integer[] epochs = new Integer[n];
        String[] metadata = new String[n];
        Long[] commitTimesMs = new Long[n];
        for (int i = 0; i < n; i++) {
            StoredOffset o = offsets.get(i);
            topics[i] = o.topic();
            partitions[i] = o.partition();
            committed[i] = o.offset();
            epochs[i] = o.leaderEpoch();
            metadata[i] = o.metadata();
            commitTimesMs[i] = o.commitTimeMs();
        }
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO consumer_offsets (group_id, topic, partition_id, committed_offset, leader_epoch, metadata, commit_time)
                    SELECT ?, t, p, o, e, m, to_timestamp(ms / 1000.0)
                    FROM unnest(?::text[], ?::int[], ?::bigint[], ?::int[], ?::text[], ?::bigint[]) AS u(t, p, o, e, m, ms)
                    ON CONFLICT (group_id, topic, partition_id) DO UPDATE SET
                        committed_offset = EXCLUDED.committed_offset, leader_epoch = EXCLUDED.leader_epoch,
                        metadata = EXCLUDED.metadata, commit_time = EXCLUDED.commit_time""")) {
                ps.setString(1, groupId);
                ps.setArray(2, c.createArrayOf("text", topics));
                ps.setArray(3, c.createArrayOf("integer", partitions));
                ps.setArray(4, c.createArrayOf("bigint", committed));
                ps.setArray(5, c.createArrayOf("integer", epochs));
                ps.setArray(6, c.createArrayOf("text", metadata));
                ps.setArray(7, c.createArrayOf("bigint", commitTimesMs));
                ps.executeUpdate();
            }
            return null;
        });
    }

    public List<StoredOffset> load(String groupId) {
        return jdbc.inTransaction(c -> {
            List<StoredOffset> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT topic, partition_id, committed_offset, leader_epoch, metadata,
                           (extract(epoch FROM commit_time) * 1000)::bigint
                    FROM consumer_offsets WHERE group_id = ?""")) {
                ps.setString(1, groupId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredOffset(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getInt(4),
                                rs.getString(5), rs.getLong(6)));
                    }
                }
            }
            return out;
        });
    }

    /** Deletes the given partitions' offsets of one group (OffsetDelete), in one statement. */
    public void delete(String groupId, List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        String[] topics = partitions.stream().map(TopicPartition::topic).toArray(String[]::new);
        Integer[] ids = partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new);
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM consumer_offsets o USING unnest(?::text[], ?::int[]) AS u(t, p)
                    WHERE o.group_id = ? AND o.topic = u.t AND o.partition_id = u.p""")) {
                ps.setArray(1, c.createArrayOf("text", topics));
                ps.setArray(2, c.createArrayOf("integer", ids));
                ps.setString(3, groupId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes every offset of a group (DeleteGroups); returns how many rows went. */
    public int deleteGroup(String groupId) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM consumer_offsets WHERE group_id = ?")) {
                ps.setString(1, groupId);
                return ps.executeUpdate();
            }
        });
    }

    /** Every group with at least one committed offset. */
    public List<String> groupIds() {
        return jdbc.inTransaction(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT DISTINCT group_id FROM consumer_offsets ORDER BY group_id")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
