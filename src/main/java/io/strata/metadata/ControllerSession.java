package io.strata.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * One broker's candidacy for the controller role: a dedicated PostgreSQL session that tries for a
 * session-level advisory lock. Holding the lock is holding the role; the session ending (broker
 * killed, connection lost, PostgreSQL restarted) releases it at once, so the role can never outlive
 * its holder's connection. Winning is followed by {@link #elect}, which bumps the controller epoch
 * on this same session, so the bump cannot happen without the lock.
 *
 * <p>Invariant: {@link #held()} is true only between a successful {@link #tryAcquire} and the first
 * failure of this session; after a failure the connection is dropped and must be re-acquired.
 *
 * <p>Not thread-safe: used by the controller's single thread.
 */
public final class ControllerSession implements AutoCloseable {

    /** Any fixed 64-bit key; "STRATA" plus 1, so that it is recognisable in pg_locks. */
    public static final long LOCK_KEY = 0x5354_5241_5441_0001L;

    private static final Logger LOG = Logger.getLogger(ControllerSession.class);

    /** Opens a fresh session; production uses {@link DedicatedConnections}, tests a plain driver call. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private Connection connection;
    private boolean held;

    public ControllerSession(Opener opener) {
        this.opener = opener;
    }

    /** Tries once for the lock, opening the session if needed; false when another broker holds it or the database is away. */
    public boolean tryAcquire() {
        if (held) {
            return true;
        }
        try {
            if (connection == null) {
                connection = opener.open();
                connection.setAutoCommit(true);
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, LOCK_KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    held = rs.getBoolean(1);
                }
            }
            return held;
        } catch (SQLException e) {
            LOG.debugf("Controller lock attempt failed: %s", e.getMessage());
            drop();
            return false;
        }
    }

    /**
     * Bumps {@code controller.epoch} and records {@code nodeId} as controller, in one transaction on
     * the lock's own session. Returns the new epoch.
     *
     * @throws SQLException when the session failed (the lock is then lost as well)
     */
    public long elect(int nodeId) throws SQLException {
        if (!held) {
            throw new IllegalStateException("elect() without holding the controller lock");
        }
        try {
            connection.setAutoCommit(false);
            long epoch;
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE controller SET epoch = epoch + 1, node_id = ?, elected_at = now() RETURNING epoch")) {
                ps.setInt(1, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    epoch = rs.getLong(1);
                }
            }
            MetadataStore.bumpVersion(connection);
            connection.commit();
            connection.setAutoCommit(true);
            return epoch;
        } catch (SQLException e) {
            drop();
            throw e;
        }
    }

    /**
     * Whether the lock is still ours: the session answers a query. False (and the session dropped)
     * on any failure: a controller that cannot prove it holds the lock must act as if it does not.
     */
    public boolean held() {
        if (!held) {
            return false;
        }
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(2);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            LOG.warnf("Controller session lost: %s", e.getMessage());
            drop();
            return false;
        }
    }

    /** Releases the lock by ending the session. */
    @Override
    public void close() {
        drop();
    }

    private void drop() {
        held = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session is gone either way, and with it the lock
            }
            connection = null;
        }
    }
}
