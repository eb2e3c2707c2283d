package io.strata.log;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.strata.log.TestBatches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogManagerTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final TopicPartition A0 = new TopicPartition("my-topic", 0);
    private static final TopicPartition A1 = new TopicPartition("my-topic", 1);
    private static final TopicPartition B0 = new TopicPartition("other.topic", 0);

    @TempDir
    Path dataDir;
    private final MockTime time = new MockTime(NOW);

    private LogManager start() {
        LogManager manager = new LogManager(dataDir, time, 3);
        manager.startup();
        return manager;
    }

    @Test
    void shouldReloadEverythingWithoutRecoveryWhenShutdownWasClean() throws IOException {
        LogManager manager = start();
        PartitionLog a0 = manager.getOrCreateLog(A0, "id-a", LogConfig.DEFAULT);
        PartitionLog b0 = manager.getOrCreateLog(B0, "id-b", LogConfig.DEFAULT);
        for (int i = 0; i < 5; i++) {
            a0.appendAsLeader(batch(2, NOW, "a" + i), 1);
        }
        b0.appendAsLeader(batch(3, NOW, "b"), 0);
        a0.updateHighWatermark(6);
        manager.shutdown();

        assertTrue(Files.exists(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
        assertEquals(List.of("0", "2", "my-topic 0 10", "other.topic 0 3"),
                sorted(Files.readAllLines(dataDir.resolve(LogManager.RECOVERY_POINT_CHECKPOINT))));
        assertEquals(List.of("0", "2", "my-topic 0 6", "other.topic 0 0"),
                sorted(Files.readAllLines(dataDir.resolve(LogManager.HIGH_WATERMARK_CHECKPOINT))));
        assertEquals("version: 0\ntopic_id: id-a\n", Files.readString(dataDir.resolve("my-topic-0").resolve("partition.metadata")));

        LogManager again = start();
        assertTrue(again.hadCleanShutdown());
        assertFalse(Files.exists(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)), "the marker is consumed on startup");
        PartitionLog reloaded = again.getLog(A0).orElseThrow();
        assertEquals(10L, reloaded.logEndOffset());
        assertEquals(10L, reloaded.recoveryPoint());
        assertEquals(6L, reloaded.highWatermark());
        assertEquals("id-a", reloaded.topicId());
        assertEquals(3L, again.getLog(B0).orElseThrow().logEndOffset());
        assertEquals(2, again.allLogs().size());
        again.shutdown();
    }

    @Test
    void shouldRecoverFromTheCheckpointAndDropTheTornTailWhenShutdownWasUnclean() throws IOException {
        LogManager manager = start();
        PartitionLog log = manager.getOrCreateLog(A0, "id", LogConfig.DEFAULT);
        log.appendAsLeader(batch(2, NOW, "x"), 0);
        log.appendAsLeader(batch(2, NOW, "y"), 0);
        log.flush(4);
        log.updateHighWatermark(4);
        manager.checkpointRecoveryPoints();
        log.appendAsLeader(batch(2, NOW, "z"), 0);
        long goodSize = log.sizeInBytes();
        log.closeAbruptly(); // the process dies: no flush, no marker
        Path segment = dataDir.resolve("my-topic-0").resolve(LogSegment.fileName(0, LogSegment.LOG_SUFFIX));
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer torn = batch(5, NOW, "torn");
            torn.limit(torn.limit() - 7);
            ch.write(torn);
        }

        LogManager again = start();

        assertFalse(again.hadCleanShutdown());
        PartitionLog recovered = again.getLog(A0).orElseThrow();
        assertEquals(6L, recovered.logEndOffset());
        assertEquals(goodSize, recovered.sizeInBytes());
        assertEquals(4L, recovered.recoveryPoint());
        assertEquals(4L, recovered.highWatermark());
        assertEquals(6L, recovered.appendAsLeader(batch(1, NOW, "after"), 0).firstOffset());
        again.shutdown();
    }

    @Test
    void shouldRecoverEverythingWhenCheckpointIsCorrupt() throws IOException {
        LogManager manager = start();
        manager.getOrCreateLog(A0, "id", LogConfig.DEFAULT).appendAsLeader(batch(2, NOW, "x"), 0);
        manager.shutdown();
        Files.delete(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        Files.writeString(dataDir.resolve(LogManager.RECOVERY_POINT_CHECKPOINT), "0\n5\nnonsense\n", StandardCharsets.UTF_8);

        LogManager again = start();
        assertEquals(2L, again.getLog(A0).orElseThrow().logEndOffset());
        again.shutdown();
    }

    @Test
    void shouldReplaceOldIncarnationWhenTopicIdDiffers() throws Exception {
        LogManager manager = start();
        PartitionLog old = manager.getOrCreateLog(A0, "old-id", LogConfig.DEFAULT);
        old.appendAsLeader(batch(3, NOW, "old"), 0);
        assertTrue(manager.getOrCreateLog(A0, "old-id", LogConfig.DEFAULT) == old, "same incarnation: same log");

        PartitionLog fresh = manager.getOrCreateLog(A0, "new-id", LogConfig.DEFAULT);

        assertEquals(0L, fresh.logEndOffset());
        assertEquals("new-id", fresh.topicId());
        assertEquals("version: 0\ntopic_id: new-id\n", Files.readString(dataDir.resolve("my-topic-0").resolve("partition.metadata")));
        assertThrows(StrataException.class, () -> old.read(0, 100, 3, true));
        waitUntilNoDeleteDirs();
        manager.shutdown();
    }

    @Test
    void shouldRenameThenDeleteAsynchronouslyWhenLogIsDeleted() throws Exception {
        LogManager manager = start();
        PartitionLog log = manager.getOrCreateLog(A1, "id", LogConfig.DEFAULT);
        log.appendAsLeader(batch(2, NOW, "d"), 0);
        manager.getOrCreateLog(A0, "id", LogConfig.DEFAULT);

        manager.deleteLog(A1);

        assertTrue(manager.getLog(A1).isEmpty());
        assertFalse(Files.exists(dataDir.resolve("my-topic-1")));
        StrataException e = assertThrows(StrataException.class, () -> log.appendAsLeader(batch(1, NOW, "late"), 0));
        assertEquals(ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, e.kind());
        waitUntilNoDeleteDirs();
        manager.checkpointRecoveryPoints();
        assertEquals(List.of("0", "1", "my-topic 0 0"), Files.readAllLines(dataDir.resolve(LogManager.RECOVERY_POINT_CHECKPOINT)));
        manager.shutdown();
    }

    @Test
    void shouldFinishPendingDeletesAndIgnoreForeignDirsWhenStarting() throws Exception {
        Path leftover = Files.createDirectories(dataDir.resolve("my-topic-3.0123456789abcdef0123456789abcdef-delete"));
        Files.writeString(leftover.resolve("00000000000000000000.log"), "x");
        Path foreign = Files.createDirectories(dataDir.resolve("pg"));

        LogManager manager = start();

        waitUntilNoDeleteDirs();
        assertTrue(Files.exists(foreign));
        assertTrue(manager.allLogs().isEmpty());
        manager.shutdown();
    }

    @Test
    void shouldLoadManyLogsInParallelWhenStarting() {
        LogManager manager = start();
        for (int p = 0; p < 20; p++) {
            manager.getOrCreateLog(new TopicPartition("many", p), "id", LogConfig.DEFAULT).appendAsLeader(batch(p + 1, NOW, "m"), 0);
        }
        manager.shutdown();

        LogManager again = start();
        assertEquals(20, again.allLogs().size());
        for (int p = 0; p < 20; p++) {
            assertEquals(p + 1, again.getLog(new TopicPartition("many", p)).orElseThrow().logEndOffset());
        }
        again.shutdown();
    }

    @Test
    void shouldApplyRetentionToEveryLogWhenCleaningUp() {
        LogManager manager = start();
        LogConfig config = LogConfig.fromOverrides(Map.of("segment.bytes", "300", "retention.ms", "1000"));
        for (TopicPartition tp : List.of(A0, A1)) {
            PartitionLog log = manager.getOrCreateLog(tp, "id", config);
            for (int i = 0; i < 10; i++) {
                log.appendAsLeader(batch(2, NOW, "r"), 0);
            }
            log.updateHighWatermark(log.logEndOffset());
        }
        time.sleep(2000);

        int deleted = manager.cleanupLogs();

        assertTrue(deleted >= 4, "deleted " + deleted);
        for (PartitionLog log : manager.allLogs()) {
            assertEquals(1, log.numberOfSegments());
            assertEquals(log.activeSegment().baseOffset(), log.logStartOffset());
        }
        manager.shutdown();
        LogManager again = start();
        assertEquals(again.getLog(A0).orElseThrow().activeSegment().baseOffset(), again.getLog(A0).orElseThrow().logStartOffset());
        again.shutdown();
    }

    @Test
    void shouldParseTopicPartitionDirNamesWhenTopicHasDashes() {
        assertEquals(new TopicPartition("a-b-c", 12), LogManager.parseDirName("a-b-c-12").orElseThrow());
        assertTrue(LogManager.parseDirName("pg").isEmpty());
        assertTrue(LogManager.parseDirName("topic-").isEmpty());
        assertTrue(LogManager.parseDirName("t-1.abc-delete").isEmpty());
    }

    private void waitUntilNoDeleteDirs() throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> dirs = Files.list(dataDir)) {
                if (dirs.noneMatch(d -> d.getFileName().toString().endsWith("-delete"))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("-delete directories were not removed");
    }

    private static List<String> sorted(List<String> lines) {
        return Stream.concat(lines.stream().limit(2), lines.stream().skip(2).sorted()).toList();
    }
}
