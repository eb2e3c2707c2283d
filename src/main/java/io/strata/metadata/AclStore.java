package io.strata.metadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The {@code acls} table. Like every metadata write, each change that alters a row bumps
 * {@code metadata_version} and NOTIFYs in its transaction ({@link MetadataStore#bumpVersion}), so
 * every broker's metadata refresh notices it and reloads its ACL cache.
 *
 * <p>Thread-safe: holds no state besides the pooled data source.
 */
@ApplicationScoped
public class AclStore {

    private static final String COLUMNS = "principal, host, resource_type, pattern_type, resource_name, operation, permission";

    private final Jdbc jdbc;

    /** Every ACL at one metadata version (read in one repeatable-read transaction). */
    public record Loaded(long version, List<StoredAcl> acls) {}

    @Inject
    public AclStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Loaded load() {
        return jdbc.inTransaction(c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long version;
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT version FROM metadata_version")) {
                    rs.next();
                    version = rs.getLong(1);
                }
                try (ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM acls ORDER BY id")) {
                    return new Loaded(version, rows(rs));
                }
            }
        });
    }

    /** Adds the ACLs that do not exist yet (an existing one is not an error, as in Kafka); returns how many were new. */
    public int create(Collection<StoredAcl> acls) {
        if (acls.isEmpty()) {
            return 0;
        }
        return jdbc.inTransaction(c -> {
            int added = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO acls (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                for (StoredAcl acl : new LinkedHashSet<>(acls)) {
                    bind(ps, acl);
                    added += ps.executeUpdate();
                }
            }
            if (added > 0) {
                MetadataStore.bumpVersion(c);
            }
            return added;
        });
    }

    /**
     * Deletes, in one transaction, every ACL that any of {@code filters} selects, and returns for each
     * filter the ACLs it selected (an ACL selected by two filters is reported under both, as Kafka does).
     */
    public List<List<StoredAcl>> delete(List<Predicate<StoredAcl>> filters) {
        return jdbc.inTransaction(c -> {
            List<StoredAcl> all;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM acls ORDER BY id FOR UPDATE")) {
                all = rows(rs);
            }
            List<List<StoredAcl>> matched = new ArrayList<>();
            Set<StoredAcl> doomed = new LinkedHashSet<>();
            for (Predicate<StoredAcl> filter : filters) {
                List<StoredAcl> hits = all.stream().filter(filter).toList();
                matched.add(hits);
                doomed.addAll(hits);
            }
            if (!doomed.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM acls WHERE principal = ? AND host = ?"
                        + " AND resource_type = ? AND pattern_type = ? AND resource_name = ? AND operation = ? AND permission = ?")) {
                    for (StoredAcl acl : doomed) {
                        bind(ps, acl);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                MetadataStore.bumpVersion(c);
            }
            return matched;
        });
    }

    private static void bind(PreparedStatement ps, StoredAcl acl) throws SQLException {
        ps.setString(1, acl.principal());
        ps.setString(2, acl.host());
        ps.setString(3, acl.resourceType());
        ps.setString(4, acl.patternType());
        ps.setString(5, acl.resourceName());
        ps.setString(6, acl.operation());
        ps.setString(7, acl.permission());
    }

    private static List<StoredAcl> rows(ResultSet rs) throws SQLException {
        List<StoredAcl> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new StoredAcl(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7)));
        }
        return out;
    }
}
