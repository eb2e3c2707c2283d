package io.strata.metadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;

/**
 * Producer id blocks from the {@code producer_ids} table: each call reserves the next
 * {@code blockSize} ids cluster-wide in one atomic update, so brokers never hand out the same id.
 *
 * <p>Thread-safe: stateless besides the pooled data source.
 */
@ApplicationScoped
public class ProducerIdStore {

    private final Jdbc jdbc;

    @Inject
    public ProducerIdStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Reserves {@code blockSize} ids and returns the first one. */
    public long allocateBlock(int blockSize) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE producer_ids SET next_block = next_block + ? RETURNING next_block - ?")) {
                ps.setLong(1, blockSize);
                ps.setLong(2, blockSize);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
