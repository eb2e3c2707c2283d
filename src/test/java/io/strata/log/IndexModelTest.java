package io.strata.log;

import io.strata.log.OffsetIndex.OffsetPosition;
import io.strata.log.TimeIndex.TimestampOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import static io.strata.log.TestBatches.TP;
import static io.strata.log.TestBatches.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Offset and time index lookups checked against {@link TreeMap} models over randomized input. */
class IndexModelTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void shouldMatchTreeMapFloorWhenLookingUpOffsets() throws IOException {
        Random random = new Random(7);
        long base = 1000;
        Path file = tmp.resolve(LogSegment.fileName(base, LogSegment.INDEX_SUFFIX));
        TreeMap<Long, Integer> model = new TreeMap<>();
        try (OffsetIndex index = new OffsetIndex(file, base, 1 << 20)) {
            long offset = base;
            int position = 0;
            for (int i = 0; i < 3000; i++) {
                offset += 1 + random.nextInt(40);
                position += 1 + random.nextInt(600);
                index.append(offset, position);
                model.put(offset, position);
            }
            assertLookupsMatch(index, model, base, random);
            int cut = model.get(model.keySet().stream().skip(1700).findFirst().orElseThrow());
            index.truncateToPosition(cut);
            model.entrySet().removeIf(e -> e.getValue() >= cut);
            assertEquals(model.size(), index.entries());
            assertLookupsMatch(index, model, base, random);
        }
        try (OffsetIndex reopened = new OffsetIndex(file, base, 1 << 20)) {
            assertEquals(model.size(), reopened.entries());
            assertLookupsMatch(reopened, model, base, random);
        }
    }

    private static void assertLookupsMatch(OffsetIndex index, TreeMap<Long, Integer> model, long base, Random random) throws IOException {
        long last = model.lastKey();
        for (int i = 0; i < 2000; i++) {
            long target = base - 5 + (long) (random.nextDouble() * (last - base + 60));
            Map.Entry<Long, Integer> floor = model.floorEntry(target);
            OffsetPosition expected = floor == null ? new OffsetPosition(base, 0) : new OffsetPosition(floor.getKey(), floor.getValue());
            assertEquals(expected, index.lookup(target), "target " + target);
        }
    }

    @Test
    void shouldMatchTreeMapFloorWhenLookingUpTimestamps() throws IOException {
        Random random = new Random(11);
        long base = 50;
        Path file = tmp.resolve(LogSegment.fileName(base, LogSegment.TIME_INDEX_SUFFIX));
        TreeMap<Long, Long> model = new TreeMap<>();
        try (TimeIndex index = new TimeIndex(file, base, 1 << 20)) {
            long ts = NOW;
            long offset = base;
            for (int i = 0; i < 3000; i++) {
                ts += random.nextInt(5) == 0 ? -random.nextInt(50) : 1 + random.nextInt(100);
                offset += random.nextInt(10);
                index.maybeAppend(ts, offset, false);
                if (model.isEmpty() || (ts > model.lastKey() && offset >= model.lastEntry().getValue())) {
                    model.put(ts, offset);
                }
            }
            assertEquals(model.size(), index.entries(), "non-increasing timestamps are skipped");
            assertTimeLookupsMatch(index, model, base, random);
            long cutOffset = model.values().stream().skip(1000).findFirst().orElseThrow();
            index.truncateTo(cutOffset);
            model.entrySet().removeIf(e -> e.getValue() >= cutOffset);
            assertTimeLookupsMatch(index, model, base, random);
        }
    }

    private static void assertTimeLookupsMatch(TimeIndex index, TreeMap<Long, Long> model, long base, Random random) throws IOException {
        long first = model.firstKey();
        long last = model.lastKey();
        for (int i = 0; i < 2000; i++) {
            long target = first - 20 + (long) (random.nextDouble() * (last - first + 200));
            Map.Entry<Long, Long> floor = model.floorEntry(target);
            TimestampOffset expected = floor == null ? new TimestampOffset(-1, base) : new TimestampOffset(floor.getKey(), floor.getValue());
            assertEquals(expected, index.lookup(target), "target " + target);
        }
    }

    @Test
    void shouldFindBatchesAndTimestampsLikeTheModelWhenAppendsRollSegments() {
        Random random = new Random(99);
        MockTime time = new MockTime(NOW);
        LogConfig config = TestBatches.config(Map.of("segment.bytes", "6000", "index.interval.bytes", "150"));
        Path dir = tmp.resolve(TP.dirName());
        PartitionLog log = PartitionLog.open(dir, TP, config, time);
        TreeMap<Long, Long> recordTimestamps = new TreeMap<>();
        TreeMap<Long, Long> batches = new TreeMap<>();
        CompressionCodec[] codecs = CompressionCodec.values();
        for (int b = 0; b < 400; b++) {
            int count = 1 + random.nextInt(8);
            List<SimpleRecordData> records = new ArrayList<>();
            List<Long> stamps = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                long ts = NOW - 100_000 + random.nextInt(200_000);
                stamps.add(ts);
                records.add(new SimpleRecordData(ts, bytes("k" + r), bytes("v".repeat(random.nextInt(80)))));
            }
            ByteBuffer batch = RecordBatches.build(codecs[random.nextInt(codecs.length)], records);
            LogAppendInfo info = log.appendAsLeader(batch, 0);
            batches.put(info.firstOffset(), info.lastOffset());
            for (int r = 0; r < count; r++) {
                recordTimestamps.put(info.firstOffset() + r, stamps.get(r));
            }
        }
        assertTrue(log.numberOfSegments() > 5, "segments: " + log.numberOfSegments());
        assertMatchesModel(log, batches, recordTimestamps, random);

        log.close();
        PartitionLog cleanReload = PartitionLog.open(dir, TP, "", config, time,
                new PartitionLog.LoadState(true, log.logEndOffset(), 0, -1), null);
        assertMatchesModel(cleanReload, batches, recordTimestamps, random);
        cleanReload.close();

        PartitionLog rebuilt = PartitionLog.open(dir, TP, config, time);
        assertMatchesModel(rebuilt, batches, recordTimestamps, random);
        rebuilt.close();
    }

    private static void assertMatchesModel(PartitionLog log, TreeMap<Long, Long> batches, TreeMap<Long, Long> timestamps, Random random) {
        long end = log.logEndOffset();
        assertEquals(timestamps.lastKey() + 1, end);
        for (int i = 0; i < 400; i++) {
            long target = (long) (random.nextDouble() * end);
            ReadResult r = log.read(target, 1, end, true);
            long expectedBase = batches.floorKey(target);
            assertEquals(expectedBase, r.firstBatchBaseOffset(), "read at " + target);
            assertEquals(batches.get(expectedBase) + 1, r.nextOffset());
        }
        long min = timestamps.values().stream().min(Long::compare).orElseThrow();
        long max = timestamps.values().stream().max(Long::compare).orElseThrow();
        List<Long> targets = new ArrayList<>(List.of(min - 1, min, max, max + 1));
        for (int i = 0; i < 300; i++) {
            targets.add(random.nextBoolean() ? min + (long) (random.nextDouble() * (max - min))
                    : timestamps.get((long) random.nextInt((int) end)));
        }
        for (long target : targets) {
            Optional<TimestampAndOffset> expected = timestamps.entrySet().stream()
                    .filter(e -> e.getValue() >= target).findFirst()
                    .map(e -> new TimestampAndOffset(e.getValue(), e.getKey(), 0));
            assertEquals(expected, log.offsetForTimestamp(target), "timestamp " + target);
        }
        long maxOffset = timestamps.entrySet().stream().filter(e -> e.getValue() == max).findFirst().orElseThrow().getKey();
        assertEquals(Optional.of(new TimestampAndOffset(max, maxOffset, 0)), log.offsetForTimestamp(TimestampAndOffset.MAX_TIMESTAMP));
    }
}
