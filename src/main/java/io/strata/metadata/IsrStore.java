package io.strata.metadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The partition leader's own metadata write: shrinking or expanding the ISR (Kafka's AlterPartition,
 * written straight to PostgreSQL). It is a compare-and-set: the row changes only while it still names
 * this leader, this leader epoch and the partition epoch the decision was taken on, so a leader that
 * was deposed, or that decided on a stale image, changes nothing. The controller's writes are
 * compare-and-sets on the same partition epoch, so the two never overwrite each other.
 *
 * <p>Thread-safe: holds no state besides the pooled data source.
 */
@ApplicationScoped
public class IsrStore {

    private final Jdbc jdbc;

    @Inject
    public IsrStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Sets the ISR of one partition to {@code newIsr} and bumps its partition epoch, if the row still
     * has {@code leader}, {@code leaderEpoch} and {@code expectedPartitionEpoch}. Returns whether it did;
     * false means the metadata moved on and the caller should refresh its image before deciding again.
     */
    public boolean alterIsr(String topicId, int partition, int leader, int leaderEpoch, int expectedPartitionEpoch,
            List<Integer> newIsr) {
        return jdbc.inTransaction(c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE partitions SET isr = ?, partition_epoch = partition_epoch + 1
                    WHERE topic_id = ?::uuid AND partition_id = ? AND leader = ? AND leader_epoch = ?
                      AND partition_epoch = ?""")) {
                ps.setArray(1, Jdbc.intArray(c, newIsr));
                ps.setString(2, topicId);
                ps.setInt(3, partition);
                ps.setInt(4, leader);
                ps.setInt(5, leaderEpoch);
                ps.setInt(6, expectedPartitionEpoch);
                updated = ps.executeUpdate();
            }
            if (updated == 1) {
                MetadataStore.bumpVersion(c);
            }
            return updated == 1;
        });
    }
}
