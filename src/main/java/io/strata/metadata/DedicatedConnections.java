package io.strata.metadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens PostgreSQL connections outside the pool, for the two sessions whose identity matters: the
 * LISTEN connection (notifications belong to a session) and the controller's advisory-lock
 * connection (the lock lives exactly as long as the session). A pooled connection would carry
 * either into whatever borrows it next.
 *
 * <p>Thread-safe: immutable.
 */
@ApplicationScoped
public class DedicatedConnections {

    /** Bounds every socket read, so a vanished server is noticed instead of blocking forever. */
    private static final int SOCKET_TIMEOUT_SECONDS = 10;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final String jdbcUrl;
    private final Optional<String> username;
    private final Optional<String> password;

    @Inject
    public DedicatedConnections(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    /** Opens a new connection in auto-commit mode; {@code purpose} shows up in pg_stat_activity. */
    public Connection open(String purpose) throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", "strata-" + purpose);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        return DriverManager.getConnection(jdbcUrl, properties);
    }
}
