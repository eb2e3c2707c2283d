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
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * SCRAM credentials in PostgreSQL (table {@code scram_credentials}). Every write NOTIFYs
 * {@value #CHANNEL} in its own transaction, so every broker's credential cache reloads once it
 * commits.
 *
 * <p>Thread-safe: holds no state besides the pooled data source.
 */
@ApplicationScoped
public class ScramCredentialStore {

    public static final String CHANNEL = "strata_scram";

    private final Jdbc jdbc;

    @Inject
    public ScramCredentialStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<StoredScramCredential> loadAll() {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT user_name, mechanism, salt, stored_key, server_key, iterations
                    FROM scram_credentials ORDER BY user_name, mechanism""")) {
                return read(ps);
            }
        });
    }

    public List<StoredScramCredential> load(String user) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT user_name, mechanism, salt, stored_key, server_key, iterations
                    FROM scram_credentials WHERE user_name = ? ORDER BY mechanism""")) {
                ps.setString(1, user);
                return read(ps);
            }
        });
    }

    /**
     * Applies one user's changes atomically: deletes {@code deletions} (mechanism names), then
     * upserts {@code upserts}, and notifies. {@code precondition} sees the user's credentials as
     * they are, under a row lock, and may throw to abandon the change. Returns the credentials as
     * they were before.
     */
    public List<StoredScramCredential> alter(String user, Collection<String> deletions,
            Collection<StoredScramCredential> upserts, Consumer<List<StoredScramCredential>> precondition) {
        return jdbc.inTransaction(c -> {
            List<StoredScramCredential> before;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT user_name, mechanism, salt, stored_key, server_key, iterations
                    FROM scram_credentials WHERE user_name = ? ORDER BY mechanism FOR UPDATE""")) {
                ps.setString(1, user);
                before = read(ps);
            }
            precondition.accept(before);
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM scram_credentials WHERE user_name = ? AND mechanism = ?")) {
                for (String mechanism : deletions) {
                    ps.setString(1, user);
                    ps.setString(2, mechanism);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO scram_credentials (user_name, mechanism, salt, stored_key, server_key, iterations)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (user_name, mechanism) DO UPDATE SET salt = EXCLUDED.salt,
                        stored_key = EXCLUDED.stored_key, server_key = EXCLUDED.server_key,
                        iterations = EXCLUDED.iterations, updated_at = now()""")) {
                for (StoredScramCredential credential : upserts) {
                    ps.setString(1, user);
                    ps.setString(2, credential.mechanism());
                    ps.setBytes(3, credential.salt());
                    ps.setBytes(4, credential.storedKey());
                    ps.setBytes(5, credential.serverKey());
                    ps.setInt(6, credential.iterations());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            notifyChange(c);
            return before;
        });
    }

    private static List<StoredScramCredential> read(PreparedStatement ps) throws SQLException {
        List<StoredScramCredential> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredScramCredential(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4),
                        rs.getBytes(5), rs.getInt(6)));
            }
        }
        return out;
    }

    private static void notifyChange(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("NOTIFY " + CHANNEL);
        }
    }
}
