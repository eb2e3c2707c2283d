package io.strata.metadata;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one {@link EmbeddedDatabase} as a process of its own, for a local cluster whose brokers share
 * it: {@code java -cp 'quarkus-app/app/*:quarkus-app/lib/main/*:quarkus-app/lib/boot/*' io.strata.metadata.EmbeddedDatabaseMain
 * <data-dir> <port>}. Works as root (unlike Debian's initdb). Prints the JDBC URL, then serves until
 * SIGTERM/SIGINT, when it stops the server cleanly.
 *
 * <p>Not thread-safe; the only state is the server started in {@code main}.
 */
public final class EmbeddedDatabaseMain {

    private EmbeddedDatabaseMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedDatabaseMain <data-dir> <port>");
            System.exit(2);
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                database.close();
            } catch (Exception e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }, "stop-postgres"));
        System.out.println("READY " + database.jdbcUrl());
        System.out.flush();
        stopped.await();
    }
}
