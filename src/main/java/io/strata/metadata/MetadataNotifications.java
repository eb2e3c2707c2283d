package io.strata.metadata;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs on a channel ({@value MetadataStore#CHANNEL} unless told otherwise) on a dedicated
 * connection and runs {@code onChange} whenever another broker (or this one) committed a change, so images follow within a
 * poll interval rather than the slow full re-read. After every (re)connect it runs
 * {@code onChange} once too, because notifications sent while it was disconnected are lost.
 *
 * <p>Invariants: at most one listener thread per instance; a failing {@code onChange} never stops
 * the loop; a lost connection is reopened with exponential backoff (100 ms to 5 s).
 *
 * <p>Thread-safe: {@link #start} and {@link #close} may be called from any thread; all JDBC work
 * happens on the one daemon thread.
 */
public final class MetadataNotifications implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MetadataNotifications.class);
    private static final int POLL_TIMEOUT_MS = 500;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** A silent channel is checked this often, so a half-open connection does not hide changes forever. */
    private static final long VALIDATE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final DedicatedConnections connections;
    private final String channel;
    private final Runnable onChange;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    public MetadataNotifications(DedicatedConnections connections, Runnable onChange) {
        this(connections, MetadataStore.CHANNEL, onChange);
    }

    /** Listens on {@code channel} (a fixed identifier, never user input: it is spliced into LISTEN). */
    public MetadataNotifications(DedicatedConnections connections, String channel, Runnable onChange) {
        this.connections = connections;
        this.channel = channel;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "strata-listener-" + channel);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        boolean warned = false;
        while (!closed) {
            try (Connection c = connections.open("listener-" + channel)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                if (warned) {
                    LOG.infof("Notifications on %s resumed", channel);
                }
                warned = false;
                backoff = MIN_BACKOFF;
                notifyChange(); // whatever changed while we were not listening
                listen(c.unwrap(PGConnection.class), c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!warned) {
                    LOG.warnf("Notifications on %s interrupted (%s); reconnecting, the periodic re-read covers the gap",
                            channel, e.getMessage());
                    warned = true;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                connection = null;
            }
        }
    }

    private void listen(PGConnection pg, Connection c) throws SQLException {
        long lastValidatedNanos = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(POLL_TIMEOUT_MS);
            if (notifications != null && notifications.length > 0) {
                // One refresh covers any number of changes: the image is re-read whole.
                notifyChange();
                lastValidatedNanos = System.nanoTime();
            } else if (System.nanoTime() - lastValidatedNanos > VALIDATE_EVERY_NANOS) {
                if (!c.isValid(2)) {
                    throw new SQLException("listener connection is no longer valid", "08006");
                }
                lastValidatedNanos = System.nanoTime();
            }
        }
    }

    private void notifyChange() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.debugf("Metadata refresh after a notification failed: %s", e.getMessage());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing is all we wanted
            }
        }
        thread.interrupt();
    }
}
