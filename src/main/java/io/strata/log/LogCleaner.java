package io.strata.log;

import io.strata.common.Time;
import io.strata.common.TopicPartition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static io.strata.log.StorageErrors.io;

/**
 * Log compaction for {@code cleanup.policy=compact} (and {@code compact,delete}) logs, with Kafka's semantics and
 * config names. Each pass picks the dirtiest eligible log and rewrites its cleanable closed segments keeping, per
 * key, only the newest record.
 *
 * <p><b>Sections of a log.</b> [log start, first dirty offset) is <i>clean</i>: a previous pass left at most one
 * record per key there. [first dirty offset, cleanable end) is <i>dirty</i>. The cleanable end is the end of the
 * last closed segment that lies wholly below the high watermark and whose newest record is older than
 * min.compaction.lag.ms; the active segment is never cleanable. The first dirty offset of every log is kept in
 * {@code cleaner-offset-checkpoint} in the data directory (Kafka's format: version line, count line, then
 * "topic partition offset" lines); a missing or stale entry means "dirty from the log start", which is only slower.
 *
 * <p><b>Eligibility.</b> A log is eligible when its dirty bytes / (clean + dirty) bytes reach
 * min.cleanable.dirty.ratio, when the first dirty record is older than max.compaction.lag.ms, or when a tombstone
 * it keeps has passed its delete horizon (known only for tombstones this process stamped). The policy is read from
 * the log's current config at each pass, so a cleanup.policy change takes effect on the next pass.
 *
 * <p><b>A pass.</b> (1) A key -> latest offset map is built over the dirty section, segment by segment, until the
 * map reaches {@code dedupeBufferBytes} (then the pass covers a prefix of the dirty section). (2) The segments from
 * the log start to the map's end are grouped (adjacent segments whose sizes add up to at most segment.bytes) and
 * each group is rewritten into one {@code .cleaned} segment named by the group's first base offset, keeping a
 * record when it is a control record, or its offset is the map's offset for its key (or its key is not in the map)
 * and it is not a tombstone past its delete horizon. Keyless records are dropped, as Kafka does. (3) The group is
 * swapped in by {@link PartitionLog#replaceSegments}, crash-safely. (4) The checkpoint moves to the map's end.
 *
 * <p><b>Batches.</b> Rewriting uses kafka-clients' record filter (see {@link RecordBatches#filterForCompaction}):
 * untouched batches are copied byte for byte; the others are rebuilt in v2 with their base and last offset,
 * producer id/epoch/base sequence, leader epoch, attributes and codec (compressed batches are decompressed and
 * recompressed with the same codec), and unchanged record offsets, timestamps and headers; offset gaps appear.
 * A batch left empty disappears, unless it is the newest batch of its producer id in the log: then its bare
 * header stays so that producer state (last sequence per producer) rebuilt after a restart is unchanged.
 * Aborted transactional data is not removed (Strata has no transaction coordinator).
 *
 * <p><b>Tombstones</b> (null values) follow KIP-534: the first pass that rewrites a batch holding a tombstone
 * stamps the batch with a delete horizon of now + delete.retention.ms; passes before the horizon keep the
 * tombstone (if it is still the newest record of its key), the first pass after it removes it. So a consumer that
 * reads a compacted log from the start within delete.retention.ms of the cleaning sees every delete.
 *
 * <p><b>Thread-safety.</b> All public methods are safe from any thread. Up to {@code threads} background threads
 * clean different logs at the same time (a log is cleaned by one thread at a time); they share one I/O rate limit
 * (bytes read per second). Cleaning reads closed segments without the log's lock; only the swap takes it. A log
 * changed under the cleaner (retention, truncation, deletion) makes the swap refuse and the pass end early.
 */
public final class LogCleaner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LogCleaner.class.getName());

    public static final String CHECKPOINT_FILE = "cleaner-offset-checkpoint";
    /** Bytes a map entry costs besides its key: HashMap node, boxed offset and ByteBuffer header. */
    private static final int MAP_ENTRY_OVERHEAD_BYTES = 112;

    /**
     * Cleaner settings (Kafka's log.cleaner.* broker configs).
     *
     * @param threads             background cleaner threads (log.cleaner.threads)
     * @param ioMaxBytesPerSecond read rate limit shared by all threads; Long.MAX_VALUE for none
     *                            (log.cleaner.io.max.bytes.per.second)
     * @param dedupeBufferBytes   memory budget of one pass's key map (log.cleaner.dedupe.buffer.size)
     * @param ioBufferBytes       read chunk size (log.cleaner.io.buffer.size)
     * @param backoffMs           pause of a background thread that found nothing to clean (log.cleaner.backoff.ms)
     */
    public record Settings(int threads, long ioMaxBytesPerSecond, long dedupeBufferBytes, int ioBufferBytes, long backoffMs) {
        public static final Settings DEFAULT = new Settings(1, Long.MAX_VALUE, 128L << 20, 1 << 20, 15_000L);

        public Settings {
            if (threads < 1 || ioMaxBytesPerSecond <= 0 || dedupeBufferBytes <= 0 || ioBufferBytes < RecordBatches.HEADER_SIZE_BYTES
                    || backoffMs < 0) {
                throw new IllegalArgumentException("Invalid log cleaner settings " + this);
            }
        }
    }

    /**
     * What one pass did to one log.
     *
     * @param firstDirtyOffset  where the dirty section started
     * @param cleanedToOffset   the new first dirty offset (checkpointed)
     * @param completed         false when the log changed under the cleaner and the pass stopped early
     */
    public record PassResult(TopicPartition topicPartition, long firstDirtyOffset, long cleanedToOffset, double dirtyRatio,
                             int segmentsBefore, int segmentsAfter, long bytesBefore, long bytesAfter,
                             long recordsRead, long recordsKept, long durationNs, boolean completed) {

        public long recordsRemoved() {
            return recordsRead - recordsKept;
        }

        /** Bytes read per second of pass time, in MiB/s. */
        public double mibPerSecond() {
            return durationNs <= 0 ? 0.0 : bytesBefore / (1024.0 * 1024.0) / (durationNs / 1e9);
        }
    }

    /** A log's sections as measured when choosing what to clean. */
    private record LogToClean(PartitionLog log, long firstDirtyOffset, long cleanableEndOffset, long cleanBytes,
                              long dirtyBytes, boolean forced) {
        double dirtyRatio() {
            long total = cleanBytes + dirtyBytes;
            return total == 0 ? 0.0 : (double) dirtyBytes / total;
        }
    }

    private final Path checkpointFile;
    private final Time time;
    private final Settings settings;
    private final Supplier<Collection<PartitionLog>> logs;
    private final Map<TopicPartition, Long> firstDirtyOffsets = new ConcurrentHashMap<>();
    /** Earliest delete horizon of a tombstone kept by a pass of this process, per log. */
    private final Map<TopicPartition, Long> tombstoneHorizonsMs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Double> dirtyRatios = new ConcurrentHashMap<>();
    private final Set<TopicPartition> inProgress = ConcurrentHashMap.newKeySet();
    private final Object checkpointLock = new Object();
    private final Object throttleLock = new Object();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong cleanerTimeNs = new AtomicLong();
    private final AtomicLong passes = new AtomicLong();
    private volatile PartitionLog.SwapHook swapHook = PartitionLog.SwapHook.NONE;
    private volatile ScheduledExecutorService threads;
    private volatile boolean stopped;
    private long throttleWindowStartNs = System.nanoTime();
    private long throttleWindowBytes;

    /**
     * @param dataDir where {@code cleaner-offset-checkpoint} lives (read now, written after each pass)
     * @param logs    the logs to consider, asked afresh at every pass
     */
    public LogCleaner(Path dataDir, Time time, Settings settings, Supplier<Collection<PartitionLog>> logs) {
        this.checkpointFile = dataDir.resolve(CHECKPOINT_FILE);
        this.time = time;
        this.settings = settings;
        this.logs = logs;
        firstDirtyOffsets.putAll(readCheckpoint(checkpointFile));
    }

    // ================================================================== lifecycle

    /** Starts the background threads: each cleans the dirtiest log until none is eligible, then backs off. */
    public synchronized void startup() {
        if (threads != null || stopped) {
            return;
        }
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "strata-log-cleaner");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        for (int i = 0; i < settings.threads(); i++) {
            pool.scheduleWithFixedDelay(this::cleanUntilIdle, settings.backoffMs(), Math.max(1, settings.backoffMs()),
                    TimeUnit.MILLISECONDS);
        }
        threads = pool;
    }

    /**
     * Stops the background threads, waiting for a pass in progress to stop at its next chunk (threads are never
     * interrupted: an interrupt would close the log's file channels for everyone).
     */
    @Override
    public void close() {
        stopped = true;
        ScheduledExecutorService pool;
        synchronized (this) {
            pool = threads;
            threads = null;
        }
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void cleanUntilIdle() {
        try {
            Optional<PassResult> pass;
            do {
                pass = stopped ? Optional.empty() : cleanOnce();
                // A pass that stopped early (the log changed under it) waits for the next round rather than spin.
            } while (pass.isPresent() && pass.get().completed());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Log cleaner pass failed", e);
        }
    }

    /** Forgets a deleted log's checkpoint entry and metrics. */
    public void forget(TopicPartition tp) {
        firstDirtyOffsets.remove(tp);
        tombstoneHorizonsMs.remove(tp);
        dirtyRatios.remove(tp);
    }

    void swapHook(PartitionLog.SwapHook hook) {
        this.swapHook = hook;
    }

    // ================================================================== passes

    /**
     * Runs one pass synchronously: cleans the dirtiest eligible log, if any.
     *
     * @return what the pass did, or empty when no log was eligible
     * @throws io.strata.common.StrataException KAFKA_STORAGE_ERROR when the disk fails (the log goes offline if
     *                                          the failure hit a swap)
     */
    public Optional<PassResult> cleanOnce() {
        long nowMs = time.milliseconds();
        LogToClean best = null;
        for (PartitionLog log : logs.get()) {
            Optional<LogToClean> candidate = measure(log, nowMs);
            if (candidate.isEmpty()) {
                continue;
            }
            LogToClean c = candidate.get();
            dirtyRatios.put(log.topicPartition(), c.dirtyRatio());
            boolean eligible = c.forced() || (c.dirtyBytes() > 0 && c.dirtyRatio() >= log.config().minCleanableDirtyRatio());
            if (eligible && !inProgress.contains(log.topicPartition()) && (best == null || c.dirtyRatio() > best.dirtyRatio())) {
                best = c;
            }
        }
        if (best == null || !inProgress.add(best.log().topicPartition())) {
            return Optional.empty();
        }
        try {
            return Optional.of(clean(best, nowMs));
        } finally {
            inProgress.remove(best.log().topicPartition());
        }
    }

    /** Measures the clean and dirty sections of a compacted log; empty when it is not compacted or has nothing cleanable. */
    private Optional<LogToClean> measure(PartitionLog log, long nowMs) {
        LogConfig cfg = log.config();
        if (!cfg.compact() || log.isClosed()) {
            return Optional.empty();
        }
        TopicPartition tp = log.topicPartition();
        List<LogSegment> segs = log.segments();
        long start = log.logStartOffset();
        long hw = log.highWatermark();
        long checkpoint = firstDirtyOffsets.getOrDefault(tp, start);
        // A checkpoint outside the log (truncation, DeleteRecords) is not trusted: everything counts as dirty.
        long firstDirty = checkpoint < start || checkpoint > log.logEndOffset() ? start : checkpoint;
        long cleanableEnd = start;
        long cleanBytes = 0;
        long dirtyBytes = 0;
        boolean lagExceeded = false;
        boolean firstDirtySegment = true;
        try {
            for (int i = 0; i < segs.size() - 1; i++) {
                LogSegment s = segs.get(i);
                long upper = segs.get(i + 1).baseOffset();
                if (upper > hw) {
                    break;
                }
                if (cfg.minCompactionLagMs() > 0 && nowMs - s.largestTimestampMs() < cfg.minCompactionLagMs()) {
                    break;
                }
                if (upper <= start) {
                    continue; // wholly below the log start: retention deletes it
                }
                cleanableEnd = upper;
                if (upper <= firstDirty) {
                    cleanBytes += s.sizeInBytes();
                } else {
                    dirtyBytes += s.sizeInBytes();
                    if (firstDirtySegment) {
                        firstDirtySegment = false;
                        long earliestMs = s.firstBatchTimestampMs();
                        lagExceeded = earliestMs >= 0 && nowMs - earliestMs > cfg.maxCompactionLagMs();
                    }
                }
            }
        } catch (ClosedChannelException e) {
            return Optional.empty(); // a segment went away under us: measure again next pass
        } catch (IOException e) {
            throw StorageErrors.storageError("measure dirty section of " + tp, e);
        }
        if (cleanableEnd <= start) {
            return Optional.empty();
        }
        Long horizon = tombstoneHorizonsMs.get(tp);
        boolean tombstonesDue = horizon != null && horizon <= nowMs;
        boolean forced = (dirtyBytes > 0 && lagExceeded) || tombstonesDue;
        return Optional.of(new LogToClean(log, firstDirty, cleanableEnd, cleanBytes, dirtyBytes, forced));
    }

    private PassResult clean(LogToClean ltc, long nowMs) {
        long startNs = System.nanoTime();
        PartitionLog log = ltc.log();
        TopicPartition tp = log.topicPartition();
        LogConfig cfg = log.config();
        List<LogSegment> segs = log.segments();
        int segmentsBefore = segs.size();

        // 1. key -> latest offset over the dirty section, whole segments at a time, within the memory budget.
        Map<ByteBuffer, Long> latestOffsets = new HashMap<>();
        long mapEnd = ltc.firstDirtyOffset();
        long mapBytes = 0;
        long[] read = {0};
        try {
            for (int i = 0; i < segs.size() - 1; i++) {
                long upper = segs.get(i + 1).baseOffset();
                if (upper <= ltc.firstDirtyOffset()) {
                    continue;
                }
                if (upper > ltc.cleanableEndOffset() || (mapBytes >= settings.dedupeBufferBytes() && mapEnd > ltc.firstDirtyOffset())) {
                    break;
                }
                mapBytes = addToOffsetMap(segs.get(i), ltc.firstDirtyOffset(), latestOffsets, mapBytes, read);
                mapEnd = upper;
                if (stopped) {
                    return aborted(ltc, tp, segmentsBefore, startNs);
                }
            }
        } catch (ClosedChannelException e) {
            return aborted(ltc, tp, segmentsBefore, startNs);
        } catch (IOException e) {
            throw StorageErrors.storageError("build the offset map of " + tp, e);
        }
        long cleanUpTo = Math.min(mapEnd, ltc.cleanableEndOffset());

        // 2. the newest batch of every producer id, whose header must outlive its records.
        Map<Long, Long> producerLastOffsets = new HashMap<>();
        io("scan producer batches of " + tp, () -> {
            for (LogSegment s : segs) {
                s.forEachBatchHeader(h -> {
                    if (h.producerId() >= 0 && !h.isControl()) {
                        producerLastOffsets.merge(h.producerId(), h.lastOffset(), Math::max);
                    }
                });
            }
            return null;
        });

        // 3. rewrite the segments below the map's end, grouped.
        long start = log.logStartOffset();
        List<LogSegment> toClean = new ArrayList<>();
        for (int i = 0; i < segs.size() - 1; i++) {
            long upper = segs.get(i + 1).baseOffset();
            if (upper > start && upper <= cleanUpTo) {
                toClean.add(segs.get(i));
            }
        }
        long deleteRetentionMs = Math.min(cfg.deleteRetentionMs(), Long.MAX_VALUE - nowMs);
        long[] earliestHorizonMs = {Long.MAX_VALUE};
        RecordBatches.CompactionRule rule = new RecordBatches.CompactionRule() {
            @Override
            public boolean retainEmptyBatch(long baseOffset, long lastOffset, long producerId, boolean control) {
                return control || (producerId >= 0 && producerLastOffsets.getOrDefault(producerId, -1L) == lastOffset);
            }

            @Override
            public boolean retainRecord(long offset, ByteBuffer key, boolean hasValue, boolean controlBatch, long deleteHorizonMs) {
                if (controlBatch) {
                    return true;
                }
                if (key == null) {
                    return false;
                }
                Long latest = latestOffsets.get(key);
                if (latest != null && offset < latest) {
                    return false;
                }
                if (hasValue) {
                    return true;
                }
                long horizon = deleteHorizonMs >= 0 ? deleteHorizonMs : nowMs + deleteRetentionMs;
                if (nowMs >= horizon && deleteHorizonMs >= 0) {
                    return false;
                }
                earliestHorizonMs[0] = Math.min(earliestHorizonMs[0], horizon);
                return true;
            }
        };
        long bytesBefore = 0;
        long bytesAfter = 0;
        long[] records = {0, 0};
        int groupsDone = 0;
        List<List<LogSegment>> groups = group(toClean, cfg.segmentBytes(), segs);
        for (List<LogSegment> group : groups) {
            LogSegment cleaned = null;
            try {
                cleaned = LogSegment.create(log.dir(), group.get(0).baseOffset(), cfg, LogSegment.CLEANED_SUFFIX);
                long groupBytes = 0;
                long lastModifiedMs = 0;
                for (LogSegment old : group) {
                    groupBytes += old.sizeInBytes();
                    lastModifiedMs = Math.max(lastModifiedMs, old.lastModifiedMs());
                    if (!copyRetained(old, cleaned, rule, nowMs, deleteRetentionMs, records)) {
                        cleaned.closeAndDelete();
                        return aborted(ltc, tp, segmentsBefore, startNs);
                    }
                }
                cleaned.onBecomeInactive();
                cleaned.flush();
                cleaned.flushIndexes();
                cleaned.lastModifiedMs(lastModifiedMs);
                swapHook.reached(PartitionLog.SwapStep.CLEANED_WRITTEN);
                long cleanedBytes = cleaned.sizeInBytes();
                if (!log.replaceSegments(group, cleaned, swapHook)) {
                    cleaned.closeAndDelete();
                    return aborted(ltc, tp, segmentsBefore, startNs);
                }
                bytesBefore += groupBytes;
                bytesAfter += cleanedBytes;
                bytesWritten.addAndGet(cleanedBytes);
                groupsDone++;
            } catch (ClosedChannelException e) {
                deleteQuietly(cleaned);
                return aborted(ltc, tp, segmentsBefore, startNs);
            } catch (IOException e) {
                deleteQuietly(cleaned);
                throw StorageErrors.storageError("clean " + tp, e);
            }
        }

        // 4. checkpoint and report.
        firstDirtyOffsets.put(tp, Math.max(mapEnd, ltc.firstDirtyOffset()));
        if (earliestHorizonMs[0] == Long.MAX_VALUE) {
            tombstoneHorizonsMs.remove(tp);
        } else {
            tombstoneHorizonsMs.put(tp, earliestHorizonMs[0]);
        }
        writeCheckpoint();
        long durationNs = System.nanoTime() - startNs;
        bytesRead.addAndGet(read[0]);
        cleanerTimeNs.addAndGet(durationNs);
        passes.incrementAndGet();
        PassResult result = new PassResult(tp, ltc.firstDirtyOffset(), Math.max(mapEnd, ltc.firstDirtyOffset()),
                ltc.dirtyRatio(), toClean.size(), groupsDone, bytesBefore, bytesAfter, records[0], records[1], durationNs, true);
        LOG.log(System.Logger.Level.INFO, String.format("Cleaned %s: offsets [%d, %d) dirty ratio %.2f, %d segment(s) -> %d,"
                        + " %d -> %d bytes, %d records kept, %d removed, %.1f ms, %.1f MiB/s", tp, result.firstDirtyOffset(),
                result.cleanedToOffset(), result.dirtyRatio(), result.segmentsBefore(), result.segmentsAfter(), bytesBefore,
                bytesAfter, records[1], result.recordsRemoved(), durationNs / 1e6, result.mibPerSecond()));
        return result;
    }

    private PassResult aborted(LogToClean ltc, TopicPartition tp, int segmentsBefore, long startNs) {
        LOG.log(System.Logger.Level.INFO, "Cleaning of {0} stopped early: the log changed under the cleaner or the cleaner is stopping", tp);
        return new PassResult(tp, ltc.firstDirtyOffset(), ltc.firstDirtyOffset(), ltc.dirtyRatio(), segmentsBefore, segmentsBefore,
                0, 0, 0, 0, System.nanoTime() - startNs, false);
    }

    /** Adds the keys of one dirty segment at or above firstDirty; returns the map's new estimated size. */
    private long addToOffsetMap(LogSegment segment, long firstDirty, Map<ByteBuffer, Long> map, long mapBytes, long[] read)
            throws IOException {
        long[] size = {mapBytes};
        forEachChunk(segment, read, chunk -> {
            int pos = chunk.position();
            while (pos < chunk.limit()) {
                BatchHeader h = RecordBatches.readHeader(chunk, pos);
                if (!h.isControl() && h.lastOffset() >= firstDirty) {
                    RecordBatches.forEachRecordKey(chunk, pos, h.sizeInBytes(), (offset, key, hasValue) -> {
                        if (key != null && offset >= firstDirty) {
                            Long previous = map.get(key);
                            if (previous == null) {
                                ByteBuffer copy = ByteBuffer.allocate(key.remaining()).put(key.duplicate()).flip();
                                map.put(copy, offset);
                                size[0] += copy.capacity() + MAP_ENTRY_OVERHEAD_BYTES;
                            } else if (offset > previous) {
                                map.put(key, offset); // replaces the value only; the stored key copy stays
                            }
                        }
                    });
                }
                pos += h.sizeInBytes();
            }
            return true;
        });
        return size[0];
    }

    /** Filters one old segment into the cleaned one; false when the cleaner is stopping. */
    private boolean copyRetained(LogSegment old, LogSegment cleaned, RecordBatches.CompactionRule rule, long nowMs,
                                 long deleteRetentionMs, long[] records) throws IOException {
        long[] read = {0};
        boolean done = forEachChunk(old, read, chunk -> {
            RecordBatches.CompactionOutput out = RecordBatches.filterForCompaction(chunk, rule, nowMs, deleteRetentionMs);
            records[0] += out.recordsRead();
            records[1] += out.recordsRetained();
            ByteBuffer kept = out.output();
            if (kept.hasRemaining()) {
                List<BatchHeader> headers = new ArrayList<>();
                for (int p = kept.position(); p < kept.limit(); p += headers.get(headers.size() - 1).sizeInBytes()) {
                    headers.add(RecordBatches.readHeader(kept, p));
                }
                cleaned.append(kept, headers, nowMs);
            }
            return !stopped;
        });
        bytesRead.addAndGet(read[0]);
        return done;
    }

    @FunctionalInterface
    private interface ChunkVisitor {
        /** Receives whole batches between position and limit; false stops the walk. */
        boolean visit(ByteBuffer chunk) throws IOException;
    }

    /** Reads a segment in chunks of whole batches (a larger chunk for a batch above the chunk size), throttled. */
    private boolean forEachChunk(LogSegment segment, long[] read, ChunkVisitor visitor) throws IOException {
        int size = segment.sizeInBytes();
        int pos = 0;
        while (pos < size) {
            ByteBuffer buf = segment.readBytes(pos, Math.min(settings.ioBufferBytes(), size - pos));
            int end = 0;
            while (buf.limit() - end >= RecordBatches.HEADER_SIZE_BYTES) {
                int batchSize = RecordBatches.readHeader(buf, end).sizeInBytes();
                if (batchSize < RecordBatches.HEADER_SIZE_BYTES || end + batchSize > buf.limit()) {
                    break;
                }
                end += batchSize;
            }
            if (end == 0) {
                if (buf.limit() < RecordBatches.HEADER_SIZE_BYTES) {
                    throw new IOException("Segment " + segment.logFile() + " ends in a partial batch at position " + pos);
                }
                int batchSize = RecordBatches.readHeader(buf, 0).sizeInBytes();
                if (batchSize < RecordBatches.HEADER_SIZE_BYTES || (long) pos + batchSize > size) {
                    throw new IOException("Segment " + segment.logFile() + " has a malformed batch at position " + pos);
                }
                buf = segment.readBytes(pos, batchSize);
                end = batchSize;
            }
            buf.limit(end);
            throttle(end);
            read[0] += end;
            if (!visitor.visit(buf)) {
                return false;
            }
            pos += end;
        }
        return true;
    }

    /** Consecutive segments whose sizes add up to at most maxBytes and whose offsets fit one segment's index. */
    private static List<List<LogSegment>> group(List<LogSegment> toClean, int maxBytes, List<LogSegment> all) {
        List<List<LogSegment>> groups = new ArrayList<>();
        List<LogSegment> current = new ArrayList<>();
        long currentBytes = 0;
        for (LogSegment s : toClean) {
            long upper = all.get(all.indexOf(s) + 1).baseOffset();
            boolean fits = !current.isEmpty() && currentBytes + s.sizeInBytes() <= maxBytes
                    && upper - 1 - current.get(0).baseOffset() <= Integer.MAX_VALUE
                    && all.indexOf(current.get(current.size() - 1)) + 1 == all.indexOf(s);
            if (!current.isEmpty() && !fits) {
                groups.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(s);
            currentBytes += s.sizeInBytes();
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /** Blocks so that reads stay under ioMaxBytesPerSecond over one-second windows shared by all threads. */
    private void throttle(long bytes) {
        long rate = settings.ioMaxBytesPerSecond();
        if (rate == Long.MAX_VALUE) {
            return;
        }
        synchronized (throttleLock) {
            long now = System.nanoTime();
            if (now - throttleWindowStartNs >= TimeUnit.SECONDS.toNanos(1)) {
                throttleWindowStartNs = now;
                throttleWindowBytes = 0;
            }
            throttleWindowBytes += bytes;
            long dueNs = throttleWindowStartNs + (long) (throttleWindowBytes * 1e9 / rate);
            long waitNs = dueNs - now;
            if (waitNs > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(waitNs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void deleteQuietly(LogSegment s) {
        if (s == null) {
            return;
        }
        try {
            s.closeAndDelete();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete " + s.logFile() + " (start-up will): " + e);
        }
    }

    // ================================================================== checkpoint

    private void writeCheckpoint() {
        synchronized (checkpointLock) {
            Map<TopicPartition, Long> offsets = new HashMap<>(firstDirtyOffsets);
            StorageErrors.ioRun("write " + checkpointFile, () -> CheckpointFile.writeOffsets(checkpointFile, offsets));
        }
    }

    private static Map<TopicPartition, Long> readCheckpoint(Path file) {
        try {
            return CheckpointFile.readOffsets(file);
        } catch (CheckpointFile.CorruptCheckpointException e) {
            // Without a checkpoint every log is dirty from its start: more work, same result.
            LOG.log(System.Logger.Level.WARNING, "Ignoring unreadable cleaner checkpoint " + file + ": " + e.getMessage());
            return new HashMap<>();
        } catch (IOException e) {
            throw StorageErrors.storageError("read " + file, e);
        }
    }

    // ================================================================== metrics

    /** Bytes of segments read by completed and stopped passes. */
    public long bytesCleaned() {
        return bytesRead.get();
    }

    /** Bytes of cleaned segments swapped in. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Wall-clock time spent in completed passes, in ms. */
    public long cleanerTimeMs() {
        return TimeUnit.NANOSECONDS.toMillis(cleanerTimeNs.get());
    }

    public long completedPasses() {
        return passes.get();
    }

    /** The dirty ratio of each compacted log, as last measured. */
    public Map<TopicPartition, Double> dirtyRatios() {
        return Map.copyOf(dirtyRatios);
    }

    /** The checkpointed first dirty offset of a log, if the cleaner knows one. */
    public Optional<Long> firstDirtyOffset(TopicPartition tp) {
        return Optional.ofNullable(firstDirtyOffsets.get(tp));
    }
}
