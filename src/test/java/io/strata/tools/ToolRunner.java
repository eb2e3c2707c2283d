package io.strata.tools;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Exit;

/**
 * Runs Kafka's own command-line tools and other client programs, capturing what they print.
 *
 * <p>In-process runs call a tool's {@code main} with {@link Exit} switched to throw instead of
 * ending the JVM (Kafka's tools exit through it), and with {@code System.out}/{@code System.err}
 * redirected for the duration, so only one in-process tool runs at a time. Tools that call
 * {@code System.exit} directly run as a child JVM on the test classpath, or as an external binary.
 */
final class ToolRunner {

    /** The bound on any child process: a hung tool fails the test instead of hanging the build. */
    static final Duration PROCESS_LIMIT = Duration.ofMinutes(3);

    record Result(int exitCode, String out, String err) {

        List<String> outLines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + abbreviate(out) + "\n--- stderr\n" + abbreviate(err);
        }

        private static String abbreviate(String text) {
            int keep = 4_000;
            return text.length() <= 2 * keep
                    ? text
                    : text.substring(0, keep) + "\n[... " + (text.length() - 2 * keep) + " chars ...]\n"
                            + text.substring(text.length() - keep);
        }
    }

    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }

    private static final class ToolExited extends RuntimeException {
        ToolExited(int code) {
            super("tool exited with " + code, null, false, false);
        }
    }

    private ToolRunner() {}

    /** {@code --bootstrap-server <bootstrap>} followed by {@code args}: how every Kafka tool is pointed at the broker. */
    static String[] withBootstrap(String bootstrap, String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--bootstrap-server";
        full[1] = bootstrap;
        System.arraycopy(args, 0, full, 2, args.length);
        return full;
    }

    /** Runs {@code main(args)} in this JVM; the exit code is the one the tool passed to {@link Exit}, else 0. */
    static synchronized Result inProcess(Main main, String... args) throws Exception {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Some tools call Exit inside a try block and report the resulting exception with a second
        // exit: the first code is the one the tool meant.
        int[] firstCode = {-1};
        Exit.setExitProcedure((status, message) -> {
            if (firstCode[0] < 0) {
                firstCode[0] = status;
            }
            throw new ToolExited(status);
        });
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(outStream);
            System.setErr(errStream);
            try {
                main.run(args);
            } catch (ToolExited e) {
                // reported through firstCode
            }
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            Exit.resetExitProcedure();
        }
        Result result = new Result(Math.max(firstCode[0], 0), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        // Keep the tool's output in the test report.
        originalOut.println("[tool " + String.join(" ", args) + "] " + result);
        return result;
    }

    /** Runs {@code mainClass} in a child JVM on this test run's classpath. */
    static Result childJvm(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(testClasspath());
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return external(command, null, Map.of());
    }

    /** Runs an external command, feeding it {@code stdin} (if not null), bounded by {@link #PROCESS_LIMIT}. */
    static Result external(List<String> command, String stdin, Map<String, String> env)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("strata-tool-");
        try {
            File outFile = dir.resolve("out").toFile();
            File errFile = dir.resolve("err").toFile();
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(outFile)
                    .redirectError(errFile);
            builder.environment().putAll(env);
            if (stdin != null) {
                Path in = dir.resolve("in");
                Files.writeString(in, stdin);
                builder.redirectInput(in.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process process = builder.start();
            boolean finished = process.waitFor(PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            Result result = new Result(finished ? process.exitValue() : -1,
                    Files.readString(outFile.toPath()), Files.readString(errFile.toPath()));
            System.out.println("[" + String.join(" ", command.subList(0, Math.min(3, command.size()))) + " ...] "
                    + (finished ? "" : "(killed after " + PROCESS_LIMIT + ") ") + result);
            if (!finished) {
                throw new AssertionError("Process did not finish within " + PROCESS_LIMIT + ": " + command + "\n" + result);
            }
            return result;
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Surefire runs tests from a manifest-only jar; it publishes the real classpath separately. */
    private static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; nothing to do
        }
    }
}
