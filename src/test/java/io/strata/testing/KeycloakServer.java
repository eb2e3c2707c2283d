package io.strata.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A real Keycloak for the tests: Maven Central's {@code keycloak-quarkus-dist}, unpacked by the build
 * into {@code target/keycloak}, started at most ONCE per test JVM (lazily, by the first {@link #get()})
 * on a free loopback port, in {@code start-dev} mode with an in-memory database and these realms
 * imported:
 * <ul>
 *   <li>{@value #REALM}: {@code deploy/keycloak/strata-realm.json} (the realm users run) plus the
 *       test-only clients of {@code keycloak/strata-realm-test-additions.json} (a password-grant client,
 *       a client whose tokens live 2 s, a client whose tokens lack the {@code strata} audience);</li>
 *   <li>{@value #OTHER_REALM}: {@code keycloak/other-realm.json}, whose tokens Strata must refuse.</li>
 * </ul>
 * A shutdown hook stops the server (the launcher and any process it forked). One server runs per
 * unpacked directory: a second JVM that finds the directory locked fails fast instead of corrupting it.
 *
 * <p>Quarkus loads test classes again in a fresh class loader at every application restart, so a
 * static field alone would start one Keycloak per restart. The running server is therefore recorded
 * in a JVM-wide system property ({@value #RUNNING_PROPERTY}), and starts are serialised on an interned
 * string, the one monitor all class loaders share.
 *
 * <p>Use it from {@code @QuarkusTest} through {@link KeycloakTestResource}, and from process tests
 * through {@link #brokerEnv()} (passed to {@link BrokerProcess}). Thread-safe.
 */
public final class KeycloakServer {

    public static final String REALM = "strata";
    public static final String OTHER_REALM = "other";
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final Logger LOG = Logger.getLogger(KeycloakServer.class);
    private static final Path DIST_PARENT = Path.of(System.getProperty("io.strata.testing.keycloak-dir", "target/keycloak"));
    private static final Path DEPLOY_REALM = Path.of("deploy/keycloak/strata-realm.json");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String RUNNING_PROPERTY = "io.strata.testing.keycloak";
    /** String literals are interned JVM-wide: every class loader's copy of this class sees one monitor. */
    private static final Object START_LOCK = "io.strata.testing.KeycloakServer.start-lock";

    private final int port;
    private final long startMs;
    private final Tokens tokens;

    private KeycloakServer(int port, long startMs) {
        this.port = port;
        this.startMs = startMs;
        this.tokens = new Tokens(this);
    }

    /** The JVM's Keycloak, started on first use (a minute or so); later calls return it at once. */
    public static KeycloakServer get() {
        synchronized (START_LOCK) {
            String running = System.getProperty(RUNNING_PROPERTY);
            if (running == null) {
                KeycloakServer server = start();
                System.setProperty(RUNNING_PROPERTY, server.port + "," + server.startMs);
                return server;
            }
            String[] portAndStartMs = running.split(",");
            return new KeycloakServer(Integer.parseInt(portAndStartMs[0]), Long.parseLong(portAndStartMs[1]));
        }
    }

    public String baseUrl() {
        return baseUrl(port);
    }

    /** The realm's issuer, which is also what {@code quarkus.oidc.auth-server-url} takes. */
    public String issuerUrl(String realm) {
        return issuerUrl(port, realm);
    }

    private static String baseUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static String issuerUrl(int port, String realm) {
        return baseUrl(port) + "/realms/" + realm;
    }

    public String tokenUrl(String realm) {
        return issuerUrl(realm) + "/protocol/openid-connect/token";
    }

    public Tokens tokens() {
        return tokens;
    }

    /** How long this JVM's Keycloak took to start and answer for every realm. */
    public long startMs() {
        return startMs;
    }

    /** Config for an in-process broker ({@code @QuarkusTest}) validating realm {@value #REALM}'s tokens. */
    public Map<String, String> brokerConfig() {
        return Map.of("strata.auth.mode", "oidc", "quarkus.oidc.auth-server-url", issuerUrl(REALM));
    }

    /** The same as environment variables, for a broker process ({@link BrokerProcess}'s extra env). */
    public Map<String, String> brokerEnv() {
        return Map.of("STRATA_AUTH_MODE", "oidc", "QUARKUS_OIDC_AUTH_SERVER_URL", issuerUrl(REALM));
    }

    private static KeycloakServer start() {
        Path home = distribution();
        lockForThisJvm(home);
        int port = FreePorts.next();
        long startedNanos = System.nanoTime();
        Process process;
        try {
            writeRealms(home.resolve("data").resolve("import"));
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=http://127.0.0.1:" + port,
                    "--db=dev-mem", "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolveSibling("keycloak.log").toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            // The machine is shared with brokers and other test JVMs: keep Keycloak's heap modest.
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Keycloak from " + home, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "keycloak-stop"));
        awaitRealms(process, port, home.resolveSibling("keycloak.log"));
        long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        LOG.infof("Keycloak started on %s in %d ms", baseUrl(port), startMs);
        return new KeycloakServer(port, startMs);
    }

    /** The one unpacked distribution under target/keycloak (its directory is named after the version). */
    private static Path distribution() {
        try (Stream<Path> children = Files.list(DIST_PARENT)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("bin").resolve("kc.sh"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Keycloak under " + DIST_PARENT.toAbsolutePath()
                            + ": run the tests through Maven (process-test-resources unpacks it)"));
        } catch (IOException e) {
            throw new IllegalStateException("No Keycloak under " + DIST_PARENT.toAbsolutePath()
                    + ": run the tests through Maven (process-test-resources unpacks it)", e);
        }
    }

    /** Held until the JVM exits (the OS releases it), so a second JVM cannot share the directory. */
    private static void lockForThisJvm(Path home) {
        try {
            FileChannel channel = FileChannel.open(home.resolveSibling(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another JVM runs the Keycloak of " + home
                        + ": one Keycloak per unpacked directory; wait for it or set -Dio.strata.testing.keycloak-dir");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRealms(Path importDir) throws IOException {
        Files.createDirectories(importDir);
        ObjectNode realm = (ObjectNode) JSON.readTree(DEPLOY_REALM.toFile());
        JsonNode additions = JSON.readTree(resource("strata-realm-test-additions.json"));
        ArrayNode clients = (ArrayNode) realm.get("clients");
        additions.get("clients").forEach(clients::add);
        JSON.writeValue(importDir.resolve("strata-realm.json").toFile(), realm);
        Files.write(importDir.resolve("other-realm.json"), resource("other-realm.json"));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/keycloak/" + name)) {
            if (in == null) {
                throw new IOException("Missing test resource keycloak/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** Until both realms' OIDC discovery documents answer (the realms are imported at start-up). */
    private static void awaitRealms(Process process, int port, Path log) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (String realm : List.of(REALM, OTHER_REALM)) {
            URI discovery = URI.create(issuerUrl(port, realm) + "/.well-known/openid-configuration");
            while (!answers(client, discovery)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited during start-up:\n" + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    stop(process);
                    throw new IllegalStateException("Keycloak did not start within " + START_TIMEOUT + ":\n" + tail(log));
                }
                sleepMs(500);
            }
        }
    }

    private static boolean answers(HttpClient client, URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    /** SIGTERM to the launcher and every process it forked, then SIGKILL for what is left after 20 s. */
    private static void stop(Process process) {
        List<ProcessHandle> all = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }
}
