package io.strata.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.strata.log.TestBatches.TP;
import static io.strata.log.TestBatches.batch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash recovery against a torn or garbled tail: one small log is written once, then for 1,000 seeded
 * random damage points in its active segment a fresh copy is cut or overwritten there and reopened
 * without a clean shutdown.
 */
class TornTailRecoveryTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final Map<String, String> CONFIG = Map.of("segment.bytes", "12000", "index.interval.bytes", "300");
    private static final CompressionCodec[] CODECS = CompressionCodec.values();

    @TempDir
    Path tmp;

    /** A batch of the active segment as written: where it lies and its exact bytes. */
    private record StoredBatch(int position, int size, long baseOffset, long nextOffset, byte[] bytes) {
    }

    @Test
    void shouldKeepEveryBatchBeforeTheDamageAndNothingAfterWhenTailIsTornOrGarbled() throws IOException {
        Path base = tmp.resolve("base").resolve(TP.dirName());
        MockTime time = new MockTime(NOW);
        Random random = new Random(20240611L);
        PartitionLog log = PartitionLog.open(base, TP, TestBatches.config(CONFIG), time);
        int i = 0;
        while (log.numberOfSegments() < 3 || log.activeSegment().sizeInBytes() < 8000) {
            CompressionCodec codec = CODECS[random.nextInt(CODECS.length)];
            log.appendAsLeader(batch(codec, 1 + random.nextInt(6), NOW + i, "b" + i, random.nextInt(120)), i / 20);
            i++;
        }
        long activeBase = log.activeSegment().baseOffset();
        byte[] olderSegmentsHead = TestBatches.toArray(log.read(0, 1 << 20, activeBase, true).records());
        log.close();

        String activeName = LogSegment.fileName(activeBase, LogSegment.LOG_SUFFIX);
        byte[] activeBytes = Files.readAllBytes(base.resolve(activeName));
        List<StoredBatch> stored = parse(activeBytes);
        assertTrue(stored.size() > 30, "the active segment should hold many batches, has " + stored.size());

        // 1,000 expected "truncated N bytes" warnings would only flood the build output.
        java.util.logging.Logger recoveryLogger = java.util.logging.Logger.getLogger(PartitionLog.class.getName());
        java.util.logging.Level previousLevel = recoveryLogger.getLevel();
        recoveryLogger.setLevel(java.util.logging.Level.SEVERE);
        try {
            damageAndRecover(base, activeBase, activeBytes, stored, olderSegmentsHead, time, random);
        } finally {
            recoveryLogger.setLevel(previousLevel);
        }
    }

    private void damageAndRecover(Path base, long activeBase, byte[] activeBytes, List<StoredBatch> stored,
                                  byte[] olderSegmentsHead, MockTime time, Random random) throws IOException {
        String activeName = LogSegment.fileName(activeBase, LogSegment.LOG_SUFFIX);
        Map<String, byte[]> baseFiles = readDir(base);
        Path dir = tmp.resolve("work").resolve(TP.dirName());
        Files.createDirectories(dir);
        for (int iteration = 0; iteration < 1000; iteration++) {
            restore(baseFiles, dir);
            int damageAt = random.nextInt(activeBytes.length);
            boolean truncate = random.nextBoolean();
            damage(dir.resolve(activeName), damageAt, truncate, random);
            if (random.nextInt(10) == 0) {
                // Lose an index as well: it must be rebuilt, not trusted and not fatal.
                Files.delete(dir.resolve(LogSegment.fileName(activeBase, LogSegment.INDEX_SUFFIX)));
            }
            long recoveryPoint = random.nextBoolean() ? activeBase : 0L;

            PartitionLog recovered = PartitionLog.open(dir, TP, "", TestBatches.config(CONFIG), time,
                    new PartitionLog.LoadState(false, recoveryPoint, 0L, -1L), null);
            try {
                List<StoredBatch> intact = stored.stream().filter(b -> b.position() + b.size() <= damageAt).toList();
                long expectedEnd = intact.isEmpty() ? activeBase : intact.get(intact.size() - 1).nextOffset();
                int expectedBytes = intact.isEmpty() ? 0 : intact.get(intact.size() - 1).position() + intact.get(intact.size() - 1).size();
                String context = "iteration " + iteration + ", damage at " + damageAt + (truncate ? " (cut)" : " (garbage)");

                assertEquals(expectedEnd, recovered.logEndOffset(), context);
                assertEquals(expectedBytes, recovered.activeSegment().sizeInBytes(), context);
                byte[] expected = new byte[expectedBytes];
                for (StoredBatch b : intact) {
                    System.arraycopy(b.bytes(), 0, expected, b.position(), b.size());
                }
                assertArrayEquals(expected, readFrom(recovered, activeBase), context);
                if (!intact.isEmpty()) {
                    StoredBatch probe = intact.get(random.nextInt(intact.size()));
                    ReadResult r = recovered.read(probe.baseOffset(), 1, expectedEnd, true);
                    assertArrayEquals(probe.bytes(), TestBatches.toArray(r.records()), context);
                }
                assertArrayEquals(olderSegmentsHead, TestBatches.toArray(recovered.read(0, 1 << 20, activeBase, true).records()), context);

                LogAppendInfo next = recovered.appendAsLeader(batch(2, NOW, "after"), recovered.latestEpoch().orElse(0));
                assertEquals(expectedEnd, next.firstOffset(), context);
                List<DecodedRecord> appended = RecordBatches.decode(recovered.read(expectedEnd, 1 << 20, recovered.logEndOffset(), true).records());
                assertEquals(List.of(expectedEnd, expectedEnd + 1), appended.stream().map(DecodedRecord::offset).toList(), context);
            } finally {
                recovered.closeAbruptly();
            }
        }
    }

    @Test
    void shouldRebuildIndexesAndDropStrayFilesWhenLoadingAfterCleanShutdown() throws IOException {
        Path dir = tmp.resolve("clean").resolve(TP.dirName());
        MockTime time = new MockTime(NOW);
        LogConfig config = TestBatches.config(Map.of("segment.bytes", "3000", "index.interval.bytes", "100"));
        PartitionLog log = PartitionLog.open(dir, TP, config, time);
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(batch(2, NOW + i, "c" + i), 0);
        }
        List<LogSegment> segments = log.segments();
        log.close();
        Path missing = dir.resolve(LogSegment.fileName(segments.get(0).baseOffset(), LogSegment.INDEX_SUFFIX));
        Files.delete(missing);
        Path garbled = dir.resolve(LogSegment.fileName(segments.get(1).baseOffset(), LogSegment.TIME_INDEX_SUFFIX));
        Files.write(garbled, new byte[24], StandardOpenOption.APPEND);
        Path stray = Files.writeString(dir.resolve(LogSegment.fileName(999, LogSegment.LOG_SUFFIX + LogSegment.DELETED_SUFFIX)), "old");
        Path cleaned = Files.writeString(dir.resolve(LogSegment.fileName(5, LogSegment.LOG_SUFFIX + LogSegment.CLEANED_SUFFIX)), "old");
        Path orphanIndex = Files.writeString(dir.resolve(LogSegment.fileName(777, LogSegment.INDEX_SUFFIX)), "");

        PartitionLog reloaded = PartitionLog.open(dir, TP, "", config, time,
                new PartitionLog.LoadState(true, 120, 0, 120), null);
        try {
            assertTrue(Files.exists(missing), "a missing index is rebuilt");
            assertTrue(!Files.exists(stray) && !Files.exists(cleaned) && !Files.exists(orphanIndex));
            assertEquals(120L, reloaded.logEndOffset());
            assertEquals(segments.size(), reloaded.numberOfSegments());
            for (long offset = 0; offset < 120; offset += 7) {
                assertEquals(offset - offset % 2, reloaded.read(offset, 1, 120, true).firstBatchBaseOffset());
                assertEquals(offset - offset % 2, reloaded.offsetForTimestamp(NOW + offset / 2).orElseThrow().offset());
            }
        } finally {
            reloaded.close();
        }
    }

    private static List<StoredBatch> parse(byte[] segment) {
        ByteBuffer buf = ByteBuffer.wrap(segment);
        List<StoredBatch> out = new ArrayList<>();
        int pos = 0;
        while (pos < segment.length) {
            BatchHeader h = RecordBatches.readHeader(buf, pos);
            out.add(new StoredBatch(pos, h.sizeInBytes(), h.baseOffset(), h.nextOffset(),
                    Arrays.copyOfRange(segment, pos, pos + h.sizeInBytes())));
            pos += h.sizeInBytes();
        }
        return out;
    }

    /** Cuts the file at {@code at}, or flips every byte from {@code at} to the end to a different value. */
    private static void damage(Path file, int at, boolean truncate, Random random) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            if (truncate) {
                raf.setLength(at);
                return;
            }
            byte[] tail = new byte[(int) raf.length() - at];
            raf.seek(at);
            raf.readFully(tail);
            for (int k = 0; k < tail.length; k++) {
                tail[k] ^= (byte) (1 + random.nextInt(255));
            }
            raf.seek(at);
            raf.write(tail);
        }
    }

    private static byte[] readFrom(PartitionLog log, long from) {
        ByteBuffer all = ByteBuffer.allocate((int) log.sizeInBytes());
        long next = from;
        while (next < log.logEndOffset()) {
            ReadResult r = log.read(next, 1 << 20, log.logEndOffset(), true);
            all.put(r.records());
            next = r.nextOffset();
        }
        return TestBatches.toArray(all.flip());
    }

    private static Map<String, byte[]> readDir(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : (Iterable<Path>) list::iterator) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    /**
     * Puts the base copy back by overwriting the files in place: deleting and re-creating thousands of files
     * is far slower than the recovery being tested on some filesystems (online discard).
     */
    private static void restore(Map<String, byte[]> files, Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : (Iterable<Path>) list::iterator) {
                if (!files.containsKey(f.getFileName().toString())) {
                    Files.delete(f);
                }
            }
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            try (FileChannel ch = FileChannel.open(dir.resolve(e.getKey()), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(e.getValue());
                while (content.hasRemaining()) {
                    ch.write(content, content.position());
                }
                ch.truncate(e.getValue().length);
            }
        }
    }
}
