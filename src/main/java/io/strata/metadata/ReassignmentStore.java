package io.strata.metadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import javax.sql.DataSource;

/**
 * Starts and cancels partition reassignments (Kafka's AlterPartitionReassignments) from whichever
 * broker received the request. Each write is a compare-and-set on the partition epoch, exactly as
 * the controller's and the leaders' ISR writes are, so a decision taken on a stale image changes
 * nothing and the three writers never overwrite each other; completing a reassignment is the
 * controller's, fenced by its epoch ({@link ControllerStore}).
 *
 * <p>Thread-safe: holds no state besides the pooled data source.
 */
@ApplicationScoped
public class ReassignmentStore {

    private final Jdbc jdbc;

    @Inject
    public ReassignmentStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Applies the changes whose partitions still have their expected epoch, in one transaction; returns those. */
    public List<PartitionChange> apply(List<PartitionChange> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        return jdbc.inTransaction(c -> {
            List<PartitionChange> applied = ControllerStore.compareAndSet(c, changes);
            if (!applied.isEmpty()) {
                MetadataStore.bumpVersion(c);
            }
            return applied;
        });
    }
}
