package io.strata.broker;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.strata.metadata.EmbeddedDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * Entry point. When no {@code quarkus.datasource.jdbc.url} is configured it starts an embedded
 * PostgreSQL under {@code <data-dir>/pg} <em>before</em> Quarkus boots, so that the datasource and
 * Flyway see an ordinary JDBC URL, and stops it after Quarkus has shut down.
 *
 * <p>Only system properties, environment variables and the packaged application.properties are
 * consulted here, because Quarkus' own configuration does not exist yet.
 */
@QuarkusMain
public final class StrataMain {

    private static final Logger LOG = Logger.getLogger(StrataMain.class);

    private StrataMain() {}

    public static void main(String... args) throws IOException {
        if (lookup("quarkus.datasource.jdbc.url").isPresent()) {
            Quarkus.run(args);
            return;
        }
        Path dataDir = Path.of(lookup("strata.data-dir").orElse("data"));
        int port = Integer.parseInt(lookup("strata.embedded-postgres.port").orElse("0"));
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("pg"), port);
        System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
        System.setProperty("quarkus.datasource.username", database.username());
        System.setProperty("quarkus.datasource.password", database.password());
        // Normally EmbeddedDatabaseShutdown stops it as the broker's last shutdown step; this covers
        // a start-up that failed before the application existed.
        Quarkus.run(null, (exitCode, failure) -> {
            if (failure != null) {
                // A custom exit handler replaces Quarkus' own report: without this a failed start is silent.
                System.err.println("Strata failed to start: " + failure);
                failure.printStackTrace();
            }
            closeQuietly(database);
            System.exit(exitCode);
        }, args);
    }

    static void closeQuietly(EmbeddedDatabase database) {
        try {
            database.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    /** System property, then environment variable (MicroProfile's name mapping), then application.properties. */
    static Optional<String> lookup(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        if (value == null) {
            value = packagedProperties().getProperty(key);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private static Properties packagedProperties() {
        Properties properties = new Properties();
        try (InputStream in = StrataMain.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            LOG.debug("application.properties unreadable", e);
        }
        return properties;
    }
}
