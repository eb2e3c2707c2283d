package io.strata.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real broker process started from the packaged application
 * ({@code target/quarkus-app/quarkus-run.jar}), for tests that kill brokers with SIGKILL and restart
 * them. Output goes to {@code <data-dir>/broker.log} (appended across restarts).
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("strata.jar", "target/quarkus-app/quarkus-run.jar"));

    private final Path dataDir;
    private final int httpPort;
    private final int kafkaPort;
    private final Map<String, String> env;
    private Process process;

    public BrokerProcess(Path dataDir, Map<String, String> extraEnv) {
        this.dataDir = dataDir;
        this.httpPort = FreePorts.next();
        this.kafkaPort = FreePorts.next();
        this.env = new HashMap<>(extraEnv);
    }

    public BrokerProcess start() throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the tests with `mvn verify` so the jar is packaged first");
        }
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("broker.log").toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("STRATA_DATA_DIR", dataDir.toAbsolutePath().toString());
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        environment.put("STRATA_KAFKA_PORT", Integer.toString(kafkaPort));
        environment.put("STRATA_AUTH_MODE", "none");
        environment.putAll(env);
        process = builder.start();
        awaitStarted(Duration.ofSeconds(90));
        return this;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed beyond what was already fsynced. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: a clean shutdown. Returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /**
     * SIGSTOP ({@code true}) or SIGCONT: a paused broker keeps its sockets open but answers nothing,
     * as behind a network partition that drops packets silently or during a long GC pause.
     */
    public void pause(boolean paused) throws IOException, InterruptedException {
        Process signal = new ProcessBuilder("kill", paused ? "-STOP" : "-CONT", Long.toString(process.pid()))
                .inheritIO().start();
        if (!signal.waitFor(10, TimeUnit.SECONDS) || signal.exitValue() != 0) {
            throw new IOException("Could not " + (paused ? "pause" : "resume") + " broker pid " + process.pid());
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String log() throws IOException {
        Path log = dataDir.resolve("broker.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The pid of the embedded PostgreSQL's postmaster, while its pid file exists. */
    public Optional<Long> postmasterPid() throws IOException {
        Path pidFile = dataDir.resolve("pg").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    }

    private void awaitStarted(Duration timeout) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Broker exited during start-up:\n" + tail(log()));
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(httpUrl() + "/q/health/started")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("Broker did not start within " + timeout + ":\n" + tail(log()));
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws Exception {
        if (isAlive()) {
            stop();
        }
        // A broker killed last leaves its PostgreSQL running: stop it so no server outlives the test.
        Optional<Long> pid = postmasterPid();
        if (pid.isPresent()) {
            ProcessHandle.of(pid.get()).ifPresent(h -> {
                h.destroy();
                h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
        }
    }
}
