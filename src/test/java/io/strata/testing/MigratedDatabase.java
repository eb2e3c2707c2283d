package io.strata.testing;

import io.strata.metadata.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A private embedded PostgreSQL in {@code dir} with Strata's schema migrated, for plain (non-Quarkus)
 * tests of the stores; {@link #close} stops it and deletes its data. Started and closed by one test class.
 */
public record MigratedDatabase(Path dir, EmbeddedDatabase database, PGSimpleDataSource dataSource) implements AutoCloseable {

    public static MigratedDatabase start(String dirPrefix) throws Exception {
        Path dir = Files.createTempDirectory(dirPrefix);
        EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("pg"), 0);
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration").load().migrate();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(database.username());
        return new MigratedDatabase(dir, database, dataSource);
    }

    @Override
    public void close() throws Exception {
        database.close();
        TempDirs.deleteQuietly(dir);
    }
}
