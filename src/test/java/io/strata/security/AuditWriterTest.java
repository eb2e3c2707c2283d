package io.strata.security;

import static io.strata.testing.Awaits.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.metadata.AuditRow;
import io.strata.metadata.AuditStore;
import io.strata.testing.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The asynchronous audit writer against a real PostgreSQL that is first absent (nothing listens on
 * its port) and then started: callers are never blocked, the backlog stays bounded, overflow is
 * counted, and the backlog is written once the database is there.
 */
class AuditWriterTest {

    private static final int CAPACITY = 50;
    private static final int BATCH = 10;

    @Test
    void shouldNeverBlockAndWriteTheBoundedBacklogWhenPostgresComesUpLate() throws Exception {
        int port = FreePorts.next();
        AuditWriter writer = new AuditWriter(new AuditStore(dataSource(port)), CAPACITY, BATCH, 5, 200);
        try {
            int offered = 1000;
            List<AuditRow> accepted = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                List<AuditRow> ok = new ArrayList<>();
                for (int i = 0; i < offered; i++) {
                    AuditRow row = row("TOPIC:late-" + i, "User:alice");
                    if (writer.submit(row)) {
                        ok.add(row);
                    }
                }
                return ok;
            });

            assertTrue(accepted.size() >= CAPACITY && accepted.size() <= CAPACITY + BATCH,
                    "backlog bounded by the queue and one batch: " + accepted.size());
            assertEquals(offered - accepted.size(), writer.dropped());
            assertEquals(0, writer.written());
            awaitValue(writer::backlog, b -> b == accepted.size(), "backlog holds every accepted row");

            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1").start()) {
                Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
                awaitValue(writer::written, w -> w == accepted.size(), "the backlog is written once PostgreSQL is up");

                Set<String> stored = resources(pg.getPostgresDatabase());
                Set<String> expected = new HashSet<>();
                accepted.forEach(r -> expected.add(r.resource()));
                assertEquals(expected, stored);
                assertEquals(0, writer.backlog());
            }
        } finally {
            writer.close(1000);
        }
    }

    @Test
    void shouldDropOnlyTheRefusedRowAndWriteEverythingQueuedWhenClosed() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
            DataSource ds = pg.getPostgresDatabase();
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            // Started before any row exists, so the three rows below are likely to travel in one batch.
            AuditWriter writer = new AuditWriter(new AuditStore(ds), CAPACITY, BATCH, 50, 200);
            try {
                writer.submit(row("TOPIC:good-1", "User:alice"));
                writer.submit(row("TOPIC:bad", "User:nul\u0000byte")); // PostgreSQL text cannot hold NUL
                writer.submit(row("TOPIC:good-2", "User:alice"));

                awaitValue(() -> writer.written() + writer.dropped(), n -> n == 3, "every row written or dropped");
                assertEquals(1, writer.dropped());
                assertEquals(Set.of("TOPIC:good-1", "TOPIC:good-2"), resources(ds));

                for (int i = 0; i < 40; i++) {
                    writer.submit(row("TOPIC:at-close-" + i, "User:alice"));
                }
                writer.close(10_000);
                assertEquals(42, writer.written(), "close writes what is queued");
                assertEquals(42, resources(ds).size());
            } finally {
                writer.close(1000);
            }
        }
    }

    @Test
    void shouldRefuseNewRowsWithoutBlockingWhenClosed() throws Exception {
        AuditWriter writer = new AuditWriter(new AuditStore(dataSource(FreePorts.next())), CAPACITY, BATCH, 5, 200);
        writer.submit(row("TOPIC:queued", "User:alice"));
        writer.close(300); // PostgreSQL never comes: the queued row is given up and counted

        assertEquals(false, writer.submit(row("TOPIC:after-close", "User:alice")));
        assertEquals(2, writer.dropped());
        assertEquals(0, writer.backlog());
    }

    private static AuditRow row(String resource, String principal) {
        return new AuditRow(Instant.now(), principal, "127.0.0.1", "CreateTopics", resource, "SUCCESS",
                "{\"partitions_count\": 1}", null);
    }

    private static DataSource dataSource(int port) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        return ds;
    }

    private static Set<String> resources(DataSource ds) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT resource FROM audit_log")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
