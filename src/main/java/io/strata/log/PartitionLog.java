package io.strata.log;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.Time;
import io.strata.common.TopicPartition;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import static io.strata.log.StorageErrors.io;
import static io.strata.log.StorageErrors.ioRun;

/**
 * The log of one partition replica: a directory {@code <topic>-<partition>} of {@link LogSegment}s
 * ({@code %020d.log/.index/.timeindex}, named by base offset), {@code leader-epoch-checkpoint}
 * ({@link LeaderEpochFileCache}) and {@code partition.metadata} (topic id).
 *
 * <p><b>Offsets.</b> logStartOffset <= highWatermark <= logEndOffset, and recoveryPoint <= logEndOffset.
 * Offsets below logStartOffset are gone for readers (retention, DeleteRecords); offsets from logEndOffset
 * on do not exist yet. The recovery point is the offset below which every byte (and every closed segment's
 * indexes) has been fsynced; a restart after a crash rescans from the segment holding the recovery point
 * (and the one before, when it sits exactly on a segment boundary).
 *
 * <p><b>Durability.</b> Appends write to the page cache only. {@link #flush(long)} fsyncs what lies below an
 * offset and advances the recovery point; {@link GroupCommitFlusher} batches those calls so that one fsync
 * covers every append waiting at that moment. {@code flush.messages} / {@code flush.ms} make the append
 * itself flush when exceeded ({@code flush.messages=1}: every append is fsynced before it returns).
 *
 * <p><b>High watermark.</b> Kept in memory and checkpointed by {@link LogManager}
 * ({@code replication-offset-checkpoint}). On load it is min(checkpointed value, logEndOffset); with no
 * checkpointed value it starts at the recovery point, i.e. at the log end after a clean shutdown and at the
 * last fsynced offset after a crash: only data known durable is exposed to consumers until the replication
 * layer says otherwise.
 *
 * <p><b>Compaction.</b> {@link LogCleaner} rewrites closed segments into {@code .cleaned} files and swaps them in
 * through {@link #replaceSegments} ({@code .cleaned -> .swap}, old segments {@code -> .deleted}, {@code .swap ->}
 * final name). Loading deletes {@code .cleaned} files and completes any {@code .swap} segment by deleting the
 * segments that start inside its offset range, so a crash at any step loses nothing and duplicates nothing.
 *
 * <p><b>Thread-safety.</b> Appends, rolls, truncation, retention, compaction swaps and config changes are serialized by one
 * append lock. Reads take no lock: they use the volatile offsets and the concurrent segment map, and read
 * files positionally; a segment deleted under a reader is detected (closed channel) and the read retried.
 * Flushes run outside the append lock (appends continue while an fsync is in progress) and are serialized
 * with each other and with segment removal by a separate flush lock. Lock order: append lock, then flush
 * lock. Callers must not interrupt threads inside log calls: an interrupt closes a FileChannel for everyone.
 */
public final class PartitionLog implements Closeable {

    private static final System.Logger LOG = System.getLogger(PartitionLog.class.getName());
    private static final int MAX_READ_ATTEMPTS = 4;

    /**
     * Where a log stands when it is opened.
     *
     * @param hadCleanShutdown the log was flushed and closed by a clean shutdown: no rescan needed
     * @param recoveryPoint    checkpointed recovery point (0 when unknown: rescan everything)
     * @param logStartOffset   checkpointed log start offset (0 when unknown: use the first segment)
     * @param highWatermark    checkpointed high watermark, or -1 when unknown
     */
    public record LoadState(boolean hadCleanShutdown, long recoveryPoint, long logStartOffset, long highWatermark) {
        /** Nothing known: recover every segment. */
        public static final LoadState UNKNOWN = new LoadState(false, 0L, 0L, -1L);
    }

    private final Path dir;
    private final TopicPartition topicPartition;
    private volatile String topicId;
    private volatile LogConfig config;
    private final Time time;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final Set<LogSegment> segmentsAwaitingIndexFlush = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Object flushLock = new Object();
    private final LeaderEpochFileCache epochCache;
    private final AtomicLong fsyncCount = new AtomicLong();

    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long highWatermark;
    private volatile long recoveryPoint;
    private volatile long lastFlushTimeMs;
    private volatile boolean dirNeedsFlush;
    private volatile boolean closed;
    private volatile boolean deleted;
    private volatile boolean offline;

    private PartitionLog(Path dir, TopicPartition topicPartition, String topicId, LogConfig config, Time time,
                         LoadState state, ScheduledExecutorService scheduler) throws IOException {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.topicId = topicId == null ? "" : topicId;
        this.config = config;
        this.time = time;
        this.scheduler = scheduler;
        Files.createDirectories(dir);
        try {
            loadSegments(state);
            this.epochCache = new LeaderEpochFileCache(dir);
            long leo = activeSegment().nextOffset();
            this.logEndOffset = leo;
            this.logStartOffset = Math.min(Math.max(state.logStartOffset(), segments.firstKey()), leo);
            if (!epochCache.loadedFromFile() && leo > segments.firstKey()) {
                rebuildEpochCache();
            }
            epochCache.truncateFromEnd(leo);
            epochCache.truncateFromStart(logStartOffset);
            this.recoveryPoint = state.hadCleanShutdown() ? leo : Math.min(state.recoveryPoint(), leo);
            long hw = state.highWatermark() >= 0 ? state.highWatermark() : recoveryPoint;
            this.highWatermark = Math.max(logStartOffset, Math.min(hw, leo));
            this.lastFlushTimeMs = time.milliseconds();
        } catch (IOException | RuntimeException e) {
            closeSegmentsQuietly();
            throw e;
        }
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, recovering it as {@code state} requires.
     *
     * @param scheduler runs delayed deletion of removed segments (file.delete.delay.ms); null deletes at once
     */
    public static PartitionLog open(Path dir, TopicPartition topicPartition, String topicId, LogConfig config,
                                    Time time, LoadState state, ScheduledExecutorService scheduler) {
        return io("open log " + dir, () -> new PartitionLog(dir, topicPartition, topicId, config, time, state, scheduler));
    }

    /** Opens a log standalone: topic id from {@code partition.metadata}, full recovery, immediate deletes. */
    public static PartitionLog open(Path dir, TopicPartition topicPartition, LogConfig config, Time time) {
        String id = io("read " + dir, () -> PartitionMetadataFile.read(dir).orElse(""));
        return open(dir, topicPartition, id, config, time, LoadState.UNKNOWN, null);
    }

    // ================================================================== loading and recovery

    private void loadSegments(LoadState state) throws IOException {
        TreeMap<Long, Path> logFiles = new TreeMap<>();
        List<Path> indexFiles = new ArrayList<>();
        TreeMap<Long, Path> swapLogFiles = new TreeMap<>();
        List<Path> swapIndexFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(LogSegment.DELETED_SUFFIX) || name.endsWith(LogSegment.CLEANED_SUFFIX)
                        || name.endsWith(".tmp")) {
                    // Left by a crash in the middle of a deletion, a compaction or a checkpoint write: a .cleaned
                    // segment was never swapped in, so the segments it was made from are all still here.
                    Files.deleteIfExists(f);
                } else if (name.endsWith(LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX)) {
                    parseBaseOffset(name, LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX)
                            .ifPresent(base -> swapLogFiles.put(base, f));
                } else if (name.endsWith(LogSegment.SWAP_SUFFIX)) {
                    swapIndexFiles.add(f);
                } else if (name.endsWith(LogSegment.LOG_SUFFIX)) {
                    parseBaseOffset(name, LogSegment.LOG_SUFFIX).ifPresent(base -> logFiles.put(base, f));
                } else if (name.endsWith(LogSegment.INDEX_SUFFIX) || name.endsWith(LogSegment.TIME_INDEX_SUFFIX)) {
                    indexFiles.add(f);
                }
            }
        }
        // Swap indexes are rebuilt from their log (it may have been renamed before them); strays just go.
        for (Path f : swapIndexFiles) {
            Files.deleteIfExists(f);
        }
        for (long swapBase : swapLogFiles.keySet()) {
            completeSwap(swapBase, logFiles);
        }
        for (Path f : indexFiles) {
            String name = f.getFileName().toString();
            String suffix = name.endsWith(LogSegment.INDEX_SUFFIX) ? LogSegment.INDEX_SUFFIX : LogSegment.TIME_INDEX_SUFFIX;
            Optional<Long> base = parseBaseOffset(name, suffix);
            if (base.isPresent() && !logFiles.containsKey(base.get())) {
                Files.deleteIfExists(f); // an index without its log is useless
            }
        }
        List<LogSegment> loaded = new ArrayList<>(logFiles.size());
        try {
            for (long base : logFiles.keySet()) {
                loaded.add(LogSegment.open(dir, base, config));
            }
        } catch (IOException | RuntimeException e) {
            for (LogSegment s : loaded) {
                closeQuietly(s);
            }
            throw e;
        }
        if (loaded.isEmpty()) {
            loaded.add(LogSegment.create(dir, Math.max(0L, state.logStartOffset()), config));
            dirNeedsFlush = true;
            state = new LoadState(true, 0L, state.logStartOffset(), state.highWatermark());
        }
        recover(loaded, state);
        for (LogSegment s : loaded) {
            segments.put(s.baseOffset(), s);
        }
    }

    /**
     * Finishes a compaction swap interrupted by a crash, as Kafka's LogLoader does. A {@code .swap} segment
     * exists only once the cleaner fsynced it completely, and it replaces exactly the segments it was made
     * from, which start inside its offset range: those (whatever is left of them) are deleted and the swap
     * segment takes its final name. Its indexes are rebuilt by scanning it.
     */
    private void completeSwap(long base, TreeMap<Long, Path> logFiles) throws IOException {
        long end;
        LogSegment swap = LogSegment.open(dir, base, config, LogSegment.SWAP_SUFFIX);
        try {
            swap.recover();
            // An empty swap segment still replaces the segment whose name it takes.
            end = Math.max(swap.nextOffset(), base + 1);
            swap.flushIndexes();
            for (Long replaced : new ArrayList<>(logFiles.subMap(base, true, end, false).keySet())) {
                logFiles.remove(replaced);
                Files.deleteIfExists(dir.resolve(LogSegment.fileName(replaced, LogSegment.LOG_SUFFIX)));
                Files.deleteIfExists(dir.resolve(LogSegment.fileName(replaced, LogSegment.INDEX_SUFFIX)));
                Files.deleteIfExists(dir.resolve(LogSegment.fileName(replaced, LogSegment.TIME_INDEX_SUFFIX)));
            }
            swap.changeFileSuffixes(LogSegment.SWAP_SUFFIX, "");
        } finally {
            closeQuietly(swap);
        }
        logFiles.put(base, dir.resolve(LogSegment.fileName(base, LogSegment.LOG_SUFFIX)));
        StorageErrors.fsyncDirectory(dir);
        LOG.log(System.Logger.Level.INFO, "{0}: completed an interrupted compaction swap of offsets [{1}, {2})",
                topicPartition, base, end);
    }

    private void recover(List<LogSegment> loaded, LoadState state) throws IOException {
        int firstToRescan = loaded.size();
        if (!state.hadCleanShutdown()) {
            // Rescan from the segment holding the last durable byte (recoveryPoint - 1): when the recovery
            // point sits on a boundary, the previous segment's closing index entries may not be durable.
            long anchor = Math.max(0L, state.recoveryPoint() - 1);
            firstToRescan = 0;
            for (int i = 0; i < loaded.size(); i++) {
                if (loaded.get(i).baseOffset() <= anchor) {
                    firstToRescan = i;
                }
            }
        }
        for (int i = 0; i < loaded.size(); i++) {
            LogSegment s = loaded.get(i);
            long nextBase = i + 1 < loaded.size() ? loaded.get(i + 1).baseOffset() : Long.MAX_VALUE;
            boolean rescan = i >= firstToRescan || !s.indexFilesExisted() || !s.loadTailState(nextBase);
            if (!rescan) {
                continue;
            }
            int truncated = s.recover();
            segmentsAwaitingIndexFlush.add(s);
            if (truncated > 0 || s.nextOffset() > nextBase) {
                LOG.log(System.Logger.Level.WARNING, "{0}: truncated {1} bytes of corrupt or torn data at the end of {2};"
                        + " dropping {3} later segment(s)", topicPartition, truncated, s.logFile().getFileName(),
                        loaded.size() - i - 1);
                List<LogSegment> later = new ArrayList<>(loaded.subList(i + 1, loaded.size()));
                loaded.subList(i + 1, loaded.size()).clear();
                for (LogSegment l : later) {
                    segmentsAwaitingIndexFlush.remove(l);
                    l.closeAndDelete();
                }
                dirNeedsFlush = true;
                return;
            }
        }
    }

    private void rebuildEpochCache() throws IOException {
        List<LeaderEpochFileCache.EpochEntry> entries = new ArrayList<>();
        int[] latest = {-1};
        for (LogSegment s : segments.values()) {
            s.forEachBatchHeader(0, h -> {
                if (h.partitionLeaderEpoch() > latest[0]) {
                    latest[0] = h.partitionLeaderEpoch();
                    entries.add(new LeaderEpochFileCache.EpochEntry(h.partitionLeaderEpoch(), h.baseOffset()));
                }
            });
        }
        epochCache.rebuild(entries);
    }

    private static Optional<Long> parseBaseOffset(String name, String suffix) {
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ================================================================== appends

    /**
     * Appends producer batches as the leader: validates each batch, assigns offsets by stamping base offset
     * and leader epoch in place (the CRC does not cover them; nothing is re-encoded, compressed batches stay
     * as sent), switches batches to the broker's time under LogAppendTime (which rewrites the CRC), and
     * writes them in one write. Nothing is appended when any batch is rejected.
     *
     * @param batches one or more Kafka v2 batches between position and limit; modified in place, position
     *                and limit untouched
     * @throws StrataException CORRUPT_MESSAGE (bad magic, size fields, CRC or record count; empty input),
     *                         MESSAGE_TOO_LARGE (batch above max.message.bytes), RECORD_LIST_TOO_LARGE (above
     *                         segment.bytes), INVALID_RECORD (keyless record on a compacted topic, control
     *                         batch), INVALID_TIMESTAMP (outside message.timestamp.before/after.max.ms),
     *                         FENCED_LEADER_EPOCH (epoch older than the log's latest), KAFKA_STORAGE_ERROR
     */
    public LogAppendInfo appendAsLeader(ByteBuffer batches, int leaderEpoch) {
        ensureWritable();
        LogConfig cfg = config;
        ByteBuffer buf = batches.duplicate();
        // Validation (CRC, record iteration) is the expensive part and needs no lock.
        List<BatchHeader> headers = validateLeaderBatches(buf, cfg);
        int totalBytes = buf.remaining();
        if (totalBytes > cfg.segmentBytes()) {
            throw new StrataException(ErrorKind.RECORD_LIST_TOO_LARGE, "Append of " + totalBytes
                    + " bytes exceeds segment.bytes " + cfg.segmentBytes() + " of " + topicPartition);
        }
        long appendTimeMs = cfg.messageTimestampType() == MessageTimestampType.LOG_APPEND_TIME ? time.milliseconds() : -1L;
        LogAppendInfo info;
        lock.lock();
        try {
            ensureWritable();
            OptionalInt latestEpoch = epochCache.latestEpoch();
            if (latestEpoch.isPresent() && leaderEpoch < latestEpoch.getAsInt()) {
                throw new StrataException(ErrorKind.FENCED_LEADER_EPOCH, "Leader epoch " + leaderEpoch
                        + " is older than the latest epoch " + latestEpoch.getAsInt() + " of " + topicPartition);
            }
            long firstOffset = logEndOffset;
            long nextOffset = firstOffset;
            long maxTimestamp = RecordBatches.NO_TIMESTAMP;
            int recordCount = 0;
            int pos = buf.position();
            List<BatchHeader> stamped = new ArrayList<>(headers.size());
            for (BatchHeader h : headers) {
                RecordBatches.stampOffsetAndEpoch(buf, pos, nextOffset, leaderEpoch);
                if (appendTimeMs >= 0) {
                    RecordBatches.setLogAppendTime(buf, pos, h.sizeInBytes(), appendTimeMs);
                }
                BatchHeader s = RecordBatches.readHeader(buf, pos);
                stamped.add(s);
                maxTimestamp = Math.max(maxTimestamp, s.maxTimestamp());
                recordCount += s.recordCount();
                nextOffset = s.nextOffset();
                pos += s.sizeInBytes();
            }
            appendToActiveSegment(buf, stamped, totalBytes, firstOffset, nextOffset - 1);
            if (leaderEpoch >= 0) {
                epochCache.assign(leaderEpoch, firstOffset);
            }
            logEndOffset = nextOffset;
            info = new LogAppendInfo(firstOffset, nextOffset - 1, maxTimestamp, appendTimeMs, logStartOffset,
                    recordCount, totalBytes);
        } finally {
            lock.unlock();
        }
        maybeFlushAfterAppend();
        return info;
    }

    /**
     * Appends batches replicated from the leader, keeping their offsets and leader epochs. The first batch
     * must start at or after the log end offset (gaps are allowed: the leader may have compacted), CRCs must
     * be valid; the leader epoch cache learns every new epoch.
     *
     * @throws StrataException CORRUPT_MESSAGE for malformed batches, INVALID_REQUEST when the batches do not
     *                         continue the log, KAFKA_STORAGE_ERROR
     */
    public LogAppendInfo appendAsFollower(ByteBuffer batches) {
        ensureWritable();
        ByteBuffer buf = batches.duplicate();
        List<BatchHeader> headers = validateFollowerBatches(buf);
        int totalBytes = buf.remaining();
        LogAppendInfo info;
        lock.lock();
        try {
            ensureWritable();
            long firstOffset = headers.get(0).baseOffset();
            if (firstOffset < logEndOffset) {
                throw new StrataException(ErrorKind.INVALID_REQUEST, "Replicated batch at offset " + firstOffset
                        + " is below the log end offset " + logEndOffset + " of " + topicPartition);
            }
            long maxTimestamp = RecordBatches.NO_TIMESTAMP;
            int recordCount = 0;
            for (BatchHeader h : headers) {
                maxTimestamp = Math.max(maxTimestamp, h.maxTimestamp());
                recordCount += h.recordCount();
            }
            long lastOffset = headers.get(headers.size() - 1).lastOffset();
            appendToActiveSegment(buf, headers, totalBytes, firstOffset, lastOffset);
            for (BatchHeader h : headers) {
                if (h.partitionLeaderEpoch() >= 0) {
                    epochCache.assign(h.partitionLeaderEpoch(), h.baseOffset());
                }
            }
            logEndOffset = lastOffset + 1;
            info = new LogAppendInfo(firstOffset, lastOffset, maxTimestamp, -1L, logStartOffset, recordCount, totalBytes);
        } finally {
            lock.unlock();
        }
        maybeFlushAfterAppend();
        return info;
    }

    private void appendToActiveSegment(ByteBuffer buf, List<BatchHeader> headers, int totalBytes,
                                       long firstOffset, long lastOffset) {
        LogSegment segment = maybeRoll(totalBytes, firstOffset, lastOffset);
        int sizeBefore = segment.sizeInBytes();
        long nextBefore = segment.nextOffset();
        try {
            segment.append(buf, headers, time.milliseconds());
        } catch (IOException e) {
            try {
                segment.rollbackTo(sizeBefore, nextBefore);
            } catch (IOException | RuntimeException undo) {
                offline = true;
                e.addSuppressed(undo);
            }
            throw StorageErrors.storageError("append to " + segment.logFile(), e);
        }
    }

    private List<BatchHeader> validateLeaderBatches(ByteBuffer buf, LogConfig cfg) {
        if (!buf.hasRemaining()) {
            throw corrupt("Produce request for " + topicPartition + " carries no record batch");
        }
        long nowMs = time.milliseconds();
        boolean createTime = cfg.messageTimestampType() == MessageTimestampType.CREATE_TIME;
        boolean checkEachRecord = cfg.compact() || (createTime && cfg.messageTimestampBeforeMaxMs() != Long.MAX_VALUE);
        List<BatchHeader> headers = new ArrayList<>();
        int pos = buf.position();
        while (pos < buf.limit()) {
            BatchHeader h = checkStructure(buf, pos);
            if (h.sizeInBytes() > cfg.maxMessageBytes()) {
                throw new StrataException(ErrorKind.MESSAGE_TOO_LARGE, "Record batch of " + h.sizeInBytes()
                        + " bytes exceeds max.message.bytes " + cfg.maxMessageBytes() + " of " + topicPartition);
            }
            checkCrc(buf, pos, h);
            if (h.recordCount() <= 0 || h.lastOffsetDelta() != h.recordCount() - 1) {
                throw corrupt("Record batch claims " + h.recordCount() + " records but its last offset delta is "
                        + h.lastOffsetDelta());
            }
            if (h.isControl()) {
                throw new StrataException(ErrorKind.INVALID_RECORD, "Producers may not write control batches");
            }
            if (createTime && cfg.messageTimestampAfterMaxMs() != Long.MAX_VALUE
                    && h.maxTimestamp() - nowMs > cfg.messageTimestampAfterMaxMs()) {
                throw new StrataException(ErrorKind.INVALID_TIMESTAMP, "Timestamp " + h.maxTimestamp()
                        + " is more than message.timestamp.after.max.ms " + cfg.messageTimestampAfterMaxMs()
                        + " ahead of the broker time " + nowMs);
            }
            if (checkEachRecord) {
                checkRecords(buf, pos, h, cfg, createTime, nowMs);
            }
            headers.add(h);
            pos += h.sizeInBytes();
        }
        return headers;
    }

    private void checkRecords(ByteBuffer buf, int pos, BatchHeader h, LogConfig cfg, boolean createTime, long nowMs) {
        RecordBatches.forEachRecord(buf, pos, h.sizeInBytes(), (offset, ts, hasKey) -> {
            if (cfg.compact() && !hasKey) {
                throw new StrataException(ErrorKind.INVALID_RECORD,
                        "Compacted topic " + topicPartition.topic() + " cannot accept a record without a key");
            }
            if (createTime && ts != RecordBatches.NO_TIMESTAMP && nowMs - ts > cfg.messageTimestampBeforeMaxMs()) {
                throw new StrataException(ErrorKind.INVALID_TIMESTAMP, "Timestamp " + ts
                        + " is more than message.timestamp.before.max.ms " + cfg.messageTimestampBeforeMaxMs()
                        + " behind the broker time " + nowMs);
            }
            return true;
        });
    }

    private List<BatchHeader> validateFollowerBatches(ByteBuffer buf) {
        if (!buf.hasRemaining()) {
            throw corrupt("Replicated records for " + topicPartition + " carry no record batch");
        }
        List<BatchHeader> headers = new ArrayList<>();
        long minBaseOffset = Long.MIN_VALUE;
        int pos = buf.position();
        while (pos < buf.limit()) {
            BatchHeader h = checkStructure(buf, pos);
            checkCrc(buf, pos, h);
            if (h.lastOffsetDelta() < 0 || h.baseOffset() < 0 || h.baseOffset() < minBaseOffset) {
                throw corrupt("Replicated batch offsets out of order at base offset " + h.baseOffset());
            }
            minBaseOffset = h.nextOffset();
            headers.add(h);
            pos += h.sizeInBytes();
        }
        return headers;
    }

    private BatchHeader checkStructure(ByteBuffer buf, int pos) {
        int remaining = buf.limit() - pos;
        if (remaining < RecordBatches.HEADER_SIZE_BYTES) {
            throw corrupt("Truncated record batch: " + remaining + " bytes left, a batch header needs "
                    + RecordBatches.HEADER_SIZE_BYTES);
        }
        BatchHeader h = RecordBatches.readHeader(buf, pos);
        if (h.magic() != RecordBatches.MAGIC_V2) {
            throw corrupt("Unsupported record batch magic " + h.magic() + "; only v2 batches are accepted");
        }
        if (h.sizeInBytes() < RecordBatches.HEADER_SIZE_BYTES || h.sizeInBytes() > remaining) {
            throw corrupt("Record batch size " + h.sizeInBytes() + " does not fit the " + remaining + " bytes sent");
        }
        return h;
    }

    private void checkCrc(ByteBuffer buf, int pos, BatchHeader h) {
        if (!RecordBatches.isCrcValid(buf, pos, h.sizeInBytes())) {
            throw corrupt("Record batch at base offset " + h.baseOffset() + " has an invalid CRC");
        }
    }

    private StrataException corrupt(String message) {
        return new StrataException(ErrorKind.CORRUPT_MESSAGE, message);
    }

    private void maybeFlushAfterAppend() {
        LogConfig cfg = config;
        boolean byMessages = logEndOffset - recoveryPoint >= cfg.flushMessages();
        boolean byTime = cfg.flushMs() != Long.MAX_VALUE && time.milliseconds() - lastFlushTimeMs >= cfg.flushMs();
        if (byMessages || byTime) {
            flush(logEndOffset);
        }
    }

    // ================================================================== rolling

    /** Rolls when the incoming batches do not fit the active segment (size, age, index room, offset range). */
    private LogSegment maybeRoll(int incomingBytes, long incomingFirstOffset, long incomingLastOffset) {
        LogSegment active = activeSegment();
        LogConfig cfg = config;
        if (active.shouldRoll(incomingBytes, incomingLastOffset, time.milliseconds(), cfg)) {
            return rollLocked(Math.max(incomingFirstOffset, logEndOffset));
        }
        if (active.sizeInBytes() == 0 && incomingLastOffset - active.baseOffset() > Integer.MAX_VALUE) {
            // A follower jumped far ahead into an empty log: the empty segment cannot index such offsets.
            replaceEmptyActiveSegment(active, incomingFirstOffset);
            return activeSegment();
        }
        return active;
    }

    /** Closes the active segment and starts a new one at the log end offset; no-op when it is empty. */
    public void roll() {
        lock.lock();
        try {
            ensureWritable();
            rollLocked(logEndOffset);
        } finally {
            lock.unlock();
        }
    }

    private LogSegment rollLocked(long newBaseOffset) {
        LogSegment active = activeSegment();
        if (active.sizeInBytes() == 0) {
            return active;
        }
        LogSegment created = io("roll " + topicPartition + " at offset " + newBaseOffset, () -> {
            active.onBecomeInactive();
            return LogSegment.create(dir, newBaseOffset, config);
        });
        segmentsAwaitingIndexFlush.add(active);
        segments.put(newBaseOffset, created);
        dirNeedsFlush = true;
        return created;
    }

    private void replaceEmptyActiveSegment(LogSegment empty, long newBaseOffset) {
        synchronized (flushLock) {
            ioRun("replace empty segment of " + topicPartition, () -> {
                segments.remove(empty.baseOffset());
                empty.closeAndDelete();
                segments.put(newBaseOffset, LogSegment.create(dir, newBaseOffset, config));
            });
            dirNeedsFlush = true;
        }
    }

    // ================================================================== reads

    /**
     * Reads whole batches, starting with the batch that holds {@code startOffset}, never including a batch
     * that ends at or beyond {@code maxOffsetExclusive} (consumers pass the high watermark, followers the
     * log end offset), at most {@code maxBytes} bytes unless {@code minOneBatch} and the first batch alone is
     * larger, in which case exactly that batch. Only one segment is read per call.
     *
     * @throws StrataException OFFSET_OUT_OF_RANGE when startOffset is below the log start or above the log end
     */
    public ReadResult read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
        for (int attempt = 1; ; attempt++) {
            ensureReadable();
            long leo = logEndOffset;
            long hw = highWatermark;
            long lso = logStartOffset;
            if (startOffset < lso || startOffset > leo) {
                throw new StrataException(ErrorKind.OFFSET_OUT_OF_RANGE, "Offset " + startOffset + " is out of range ["
                        + lso + ", " + leo + "] for " + topicPartition);
            }
            long limit = Math.min(maxOffsetExclusive, leo);
            if (startOffset >= limit || (maxBytes <= 0 && !minOneBatch)) {
                return emptyRead(startOffset, hw, lso, leo);
            }
            try {
                Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
                if (entry == null) {
                    entry = segments.firstEntry();
                }
                while (entry != null && entry.getKey() < limit) {
                    LogSegment.SegmentRead r = entry.getValue().read(startOffset, Math.max(maxBytes, 0), limit, minOneBatch);
                    if (r != null) {
                        return new ReadResult(r.records(), r.firstBatchBaseOffset(), r.nextOffset(), hw, lso, leo);
                    }
                    entry = segments.higherEntry(entry.getKey());
                }
                return emptyRead(startOffset, hw, lso, leo);
            } catch (ClosedChannelException e) {
                // The segment was deleted (retention, truncation) while we read it: re-check against the new state.
                if (attempt >= MAX_READ_ATTEMPTS) {
                    throw StorageErrors.storageError("read " + topicPartition + " at offset " + startOffset, e);
                }
            } catch (IOException e) {
                throw StorageErrors.storageError("read " + topicPartition + " at offset " + startOffset, e);
            }
        }
    }

    /**
     * The batches of idempotent producers in the tail of the log, oldest first, for rebuilding producer
     * state after a restart: the newest segment always, then older segments while the scanned bytes stay
     * within {@code maxScanBytes} (Kafka reads the log after its latest producer snapshot; there are no
     * snapshots here, so the budget bounds the start-up cost instead). Only batch headers are decoded.
     * Batches below the log start offset are left out: their records are gone.
     */
    public List<ProducerBatch> producerBatches(long maxScanBytes) {
        lock.lock();
        try {
            ensureReadable();
            List<LogSegment> tail = new ArrayList<>();
            long bytes = 0;
            for (LogSegment segment : segments.descendingMap().values()) {
                if (!tail.isEmpty() && bytes + segment.sizeInBytes() > maxScanBytes) {
                    break;
                }
                tail.add(0, segment);
                bytes += segment.sizeInBytes();
            }
            List<ProducerBatch> out = new ArrayList<>();
            long start = logStartOffset;
            for (LogSegment segment : tail) {
                segment.forEachBatchHeader(h -> {
                    if (h.producerId() >= 0 && !h.isControl() && h.lastOffset() >= start) {
                        out.add(new ProducerBatch(h.producerId(), h.producerEpoch(), h.baseSequence(),
                                ProducerBatch.lastSequence(h.baseSequence(), h.lastOffsetDelta()), h.baseOffset(), h.lastOffset()));
                    }
                });
            }
            return out;
        } catch (IOException e) {
            throw StorageErrors.storageError("scan producer batches of " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    private static ReadResult emptyRead(long startOffset, long hw, long lso, long leo) {
        return new ReadResult(ByteBuffer.allocate(0), -1L, startOffset, hw, lso, leo);
    }

    /**
     * ListOffsets: the first offset whose record timestamp is >= {@code timestampMs}, or for the special
     * targets of {@link TimestampAndOffset}: -2 earliest (log start offset), -1 latest (log end offset; callers
     * serving consumers clamp to the high watermark), -3 the record with the largest timestamp.
     * Empty when no record qualifies.
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestampMs) {
        ensureReadable();
        if (timestampMs == TimestampAndOffset.EARLIEST_TIMESTAMP || timestampMs == TimestampAndOffset.EARLIEST_LOCAL_TIMESTAMP) {
            long lso = logStartOffset;
            return Optional.of(new TimestampAndOffset(RecordBatches.NO_TIMESTAMP, lso, epochCache.epochForOffset(lso).orElse(-1)));
        }
        if (timestampMs == TimestampAndOffset.LATEST_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(RecordBatches.NO_TIMESTAMP, logEndOffset, epochCache.latestEpoch().orElse(-1)));
        }
        if (timestampMs < 0 && timestampMs != TimestampAndOffset.MAX_TIMESTAMP) {
            return Optional.empty();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                long lso = logStartOffset;
                if (timestampMs == TimestampAndOffset.MAX_TIMESTAMP) {
                    LogSegment best = null;
                    for (LogSegment s : segments.values()) {
                        if (s.nextOffset() > lso && (best == null || s.maxTimestampSoFar() > best.maxTimestampSoFar())) {
                            best = s;
                        }
                    }
                    return best == null ? Optional.empty() : best.findMaxTimestampRecord(lso);
                }
                for (LogSegment s : segments.values()) {
                    if (s.nextOffset() > lso && s.maxTimestampSoFar() >= timestampMs) {
                        Optional<TimestampAndOffset> found = s.findOffsetByTimestamp(timestampMs, lso);
                        if (found.isPresent()) {
                            return found;
                        }
                    }
                }
                return Optional.empty();
            } catch (ClosedChannelException e) {
                ensureReadable();
                if (attempt >= MAX_READ_ATTEMPTS) {
                    throw StorageErrors.storageError("search " + topicPartition + " by timestamp", e);
                }
            } catch (IOException e) {
                throw StorageErrors.storageError("search " + topicPartition + " by timestamp", e);
            }
        }
    }

    // ================================================================== durability

    /**
     * Makes everything below {@code offsetExclusive} durable: fsyncs each segment holding such data that was
     * written since its last fsync (plus the directory after segment creation or deletion, and the indexes
     * of segments closed since), then advances the recovery point. Returns at once when there is nothing new.
     * Appends proceed while the fsync runs.
     */
    public void flush(long offsetExclusive) {
        if (Math.min(offsetExclusive, logEndOffset) <= recoveryPoint && segmentsAwaitingIndexFlush.isEmpty() && !dirNeedsFlush) {
            return;
        }
        synchronized (flushLock) {
            if (closed) {
                if (Math.min(offsetExclusive, logEndOffset) <= recoveryPoint) {
                    return;
                }
                throw new StrataException(ErrorKind.KAFKA_STORAGE_ERROR, "Log " + topicPartition + " is closed");
            }
            flushLocked(offsetExclusive);
        }
    }

    /** Caller holds the flush lock. */
    private void flushLocked(long offsetExclusive) {
        long target = Math.min(offsetExclusive, logEndOffset);
        long rp = recoveryPoint;
        ioRun("flush " + topicPartition, () -> {
            if (dirNeedsFlush) {
                dirNeedsFlush = false;
                StorageErrors.fsyncDirectory(dir);
            }
            if (target > rp) {
                Long from = segments.floorKey(rp);
                if (from == null) {
                    from = segments.firstKey();
                }
                for (LogSegment s : segments.subMap(from, true, target, false).values()) {
                    if (s.flush()) {
                        fsyncCount.incrementAndGet();
                    }
                }
            }
            for (LogSegment s : segmentsAwaitingIndexFlush) {
                s.flushIndexes();
                segmentsAwaitingIndexFlush.remove(s);
            }
        });
        if (target > recoveryPoint) {
            recoveryPoint = target;
        }
        lastFlushTimeMs = time.milliseconds();
    }

    /** Flushes when flush.ms has passed since the last flush and there is unflushed data (periodic check). */
    public void maybeFlushByTime() {
        LogConfig cfg = config;
        if (!closed && cfg.flushMs() != Long.MAX_VALUE && logEndOffset > recoveryPoint
                && time.milliseconds() - lastFlushTimeMs >= cfg.flushMs()) {
            flush(logEndOffset);
        }
    }

    /** Number of data fsyncs performed on segment files (for tests and metrics). */
    public long fsyncCount() {
        return fsyncCount.get();
    }

    // ================================================================== retention and truncation

    /**
     * Deletes whole closed segments, oldest first, while they are past retention.ms (by their largest record
     * timestamp), or while the log exceeds retention.bytes by at least the segment's size, or while they lie
     * wholly below the log start offset. The active segment is never deleted, nor a segment with data at or
     * above the high watermark (unreplicated data must not vanish). Size and time retention apply only when
     * cleanup.policy contains delete.
     *
     * @return the number of segments deleted
     */
    public int deleteRetentionSegments() {
        lock.lock();
        try {
            if (closed || deleted) {
                return 0;
            }
            synchronized (flushLock) {
                LogConfig cfg = config;
                List<LogSegment> all = new ArrayList<>(segments.values());
                long nowMs = time.milliseconds();
                long bytesOverRetention = cfg.retentionBytes() < 0 ? -1 : sizeInBytes() - cfg.retentionBytes();
                List<LogSegment> deletable = new ArrayList<>();
                for (int i = 0; i < all.size() - 1; i++) {
                    LogSegment s = all.get(i);
                    long upperBound = all.get(i + 1).baseOffset();
                    if (upperBound > highWatermark) {
                        break;
                    }
                    boolean belowStart = upperBound <= logStartOffset;
                    boolean byTime = cfg.delete() && cfg.retentionMs() >= 0
                            && nowMs - io("stat " + s.logFile(), s::largestTimestampMs) > cfg.retentionMs();
                    boolean bySize = cfg.delete() && bytesOverRetention >= 0 && bytesOverRetention - s.sizeInBytes() >= 0;
                    if (!(belowStart || byTime || bySize)) {
                        break;
                    }
                    deletable.add(s);
                    if (bytesOverRetention >= 0) {
                        bytesOverRetention -= s.sizeInBytes();
                    }
                }
                if (deletable.isEmpty()) {
                    return 0;
                }
                deleteSegments(deletable);
                long newStart = Math.max(logStartOffset, segments.firstKey());
                if (newStart > logStartOffset) {
                    logStartOffset = newStart;
                    epochCache.truncateFromStart(newStart);
                }
                return deletable.size();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code newStartOffset} (never down) and deletes closed
     * segments wholly below it.
     *
     * @throws StrataException OFFSET_OUT_OF_RANGE when newStartOffset is beyond the high watermark
     */
    public void maybeIncrementLogStartOffset(long newStartOffset) {
        lock.lock();
        try {
            ensureWritable();
            if (newStartOffset > highWatermark) {
                throw new StrataException(ErrorKind.OFFSET_OUT_OF_RANGE, "Cannot move the log start offset of "
                        + topicPartition + " to " + newStartOffset + ", beyond the high watermark " + highWatermark);
            }
            if (newStartOffset <= logStartOffset) {
                return;
            }
            synchronized (flushLock) {
                logStartOffset = newStartOffset;
                epochCache.truncateFromStart(newStartOffset);
                List<LogSegment> all = new ArrayList<>(segments.values());
                List<LogSegment> deletable = new ArrayList<>();
                for (int i = 0; i < all.size() - 1 && all.get(i + 1).baseOffset() <= newStartOffset; i++) {
                    deletable.add(all.get(i));
                }
                if (!deletable.isEmpty()) {
                    deleteSegments(deletable);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Follower truncation: removes every batch whose last offset is >= {@code offset} (a batch holding
     * {@code offset} goes whole, so the log end may land below it), fixes the indexes and the leader epoch
     * cache, and lowers the high watermark and recovery point if needed. No-op when offset >= log end.
     */
    public void truncateTo(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("Cannot truncate to a negative offset " + offset);
        }
        lock.lock();
        try {
            ensureWritable();
            if (offset >= logEndOffset) {
                return;
            }
            if (offset < logStartOffset) {
                truncateFullyLocked(offset);
                return;
            }
            synchronized (flushLock) {
                List<LogSegment> later = new ArrayList<>(segments.tailMap(offset, false).values());
                if (!later.isEmpty()) {
                    deleteSegments(later);
                }
                LogSegment active = activeSegment();
                ioRun("truncate " + topicPartition + " to " + offset, () -> active.truncateTo(offset));
                long leo = active.nextOffset();
                if (leo < logStartOffset) {
                    truncateFullyLocked(offset);
                    return;
                }
                logEndOffset = leo;
                highWatermark = Math.min(highWatermark, leo);
                recoveryPoint = Math.min(recoveryPoint, leo);
                epochCache.truncateFromEnd(leo);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes every segment and restarts the log empty at {@code newOffset} (a follower far behind). */
    public void truncateFullyAndStartAt(long newOffset) {
        if (newOffset < 0) {
            throw new IllegalArgumentException("Cannot start a log at a negative offset " + newOffset);
        }
        lock.lock();
        try {
            ensureWritable();
            truncateFullyLocked(newOffset);
        } finally {
            lock.unlock();
        }
    }

    private void truncateFullyLocked(long newOffset) {
        synchronized (flushLock) {
            deleteSegments(new ArrayList<>(segments.values()));
            ioRun("restart " + topicPartition + " at offset " + newOffset, () -> {
                segments.put(newOffset, LogSegment.create(dir, newOffset, config));
                // The old segments are gone for good: make that durable before anyone relies on it.
                StorageErrors.fsyncDirectory(dir);
            });
            epochCache.clear();
            logStartOffset = newOffset;
            logEndOffset = newOffset;
            highWatermark = newOffset;
            recoveryPoint = newOffset;
        }
    }

    /** Caller holds both locks. Renames now, deletes after file.delete.delay.ms so in-flight reads finish. */
    private void deleteSegments(List<LogSegment> toDelete) {
        for (LogSegment s : toDelete) {
            segments.remove(s.baseOffset(), s);
            segmentsAwaitingIndexFlush.remove(s);
        }
        ioRun("delete segments of " + topicPartition, () -> {
            for (LogSegment s : toDelete) {
                s.renameForDeletion();
            }
        });
        dirNeedsFlush = true;
        long delayMs = config.fileDeleteDelayMs();
        for (LogSegment s : toDelete) {
            Runnable task = () -> {
                try {
                    s.closeAndDelete();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Could not delete " + s.logFile() + ": " + e);
                }
            };
            if (scheduler == null || delayMs <= 0) {
                task.run();
            } else {
                try {
                    scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    task.run();
                }
            }
        }
    }

    // ================================================================== compaction swap

    /** The steps of {@link #replaceSegments}, in order, at which a test hook can simulate a crash. */
    enum SwapStep {
        /** The cleaner fsynced the {@code .cleaned} files (reported by {@link LogCleaner}, before the swap). */
        CLEANED_WRITTEN,
        /** The new files are renamed to {@code .swap}: from here a restart completes the swap. */
        RENAMED_TO_SWAP,
        /** The old segments are out of the segment map and renamed to {@code .deleted}. */
        OLD_RENAMED_FOR_DELETION,
        /** The new files have their final names. */
        SWAP_RENAMED
    }

    /** Observes swap steps; tests throw from it to stop a swap half-way, as a crash would. */
    @FunctionalInterface
    interface SwapHook {
        SwapHook NONE = step -> { };

        void reached(SwapStep step);
    }

    /**
     * Replaces closed segments by one cleaned segment holding (a subset of) their batches, crash-safely and as
     * Kafka does: rename the cleaned files {@code .cleaned -> .swap}, switch the segment map, rename the old
     * segments to {@code .deleted} (deleted after file.delete.delay.ms so that in-flight reads finish), then
     * rename {@code .swap} to the final names. The new segment takes the first old segment's base offset.
     *
     * <p>Readers never see a missing or doubled offset: the new segment is put over the first old one in one
     * map operation and each later old one is removed in one map operation; whichever segment a read lands on
     * holds every surviving record of the offsets it covers, and one read returns batches of one segment only.
     *
     * @return false, leaving the log untouched, when the old segments are no longer all in the log (retention,
     *         truncation or deletion came first) or one of them is the active segment
     * @throws StrataException KAFKA_STORAGE_ERROR when a rename fails; the log then goes offline and the next
     *                         start-up finishes or rolls back the swap from what is on disk
     */
    boolean replaceSegments(List<LogSegment> oldSegments, LogSegment cleaned, SwapHook hook) {
        lock.lock();
        try {
            if (closed || deleted || offline || oldSegments.isEmpty()) {
                return false;
            }
            LogSegment active = activeSegment();
            for (LogSegment s : oldSegments) {
                if (s == active || segments.get(s.baseOffset()) != s) {
                    return false;
                }
            }
            if (cleaned.baseOffset() != oldSegments.get(0).baseOffset()) {
                throw new IllegalArgumentException("Cleaned segment " + cleaned + " must start where " + oldSegments.get(0) + " does");
            }
            synchronized (flushLock) {
                try {
                    cleaned.changeFileSuffixes(LogSegment.CLEANED_SUFFIX, LogSegment.SWAP_SUFFIX);
                    StorageErrors.fsyncDirectory(dir);
                    hook.reached(SwapStep.RENAMED_TO_SWAP);
                    segments.put(cleaned.baseOffset(), cleaned);
                    deleteSegments(oldSegments); // leaves the new segment alone: it removes by (key, instance)
                    hook.reached(SwapStep.OLD_RENAMED_FOR_DELETION);
                    cleaned.changeFileSuffixes(LogSegment.SWAP_SUFFIX, "");
                    hook.reached(SwapStep.SWAP_RENAMED);
                    StorageErrors.fsyncDirectory(dir);
                    dirNeedsFlush = false;
                } catch (IOException e) {
                    offline = true;
                    throw StorageErrors.storageError("swap cleaned segment " + cleaned.baseOffset() + " into " + topicPartition, e);
                } catch (RuntimeException e) {
                    offline = true;
                    throw e;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ================================================================== accessors

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /** The topic id from partition.metadata; empty string when unknown. */
    public String topicId() {
        return topicId;
    }

    void topicId(String id) {
        this.topicId = id;
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** Applies new topic configs; segment-level settings (index sizes) take effect from the next segment. */
    public void updateConfig(LogConfig newConfig) {
        lock.lock();
        try {
            this.config = newConfig;
        } finally {
            lock.unlock();
        }
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** Sets the high watermark, clamped to [logStartOffset, logEndOffset]. */
    public void updateHighWatermark(long newHighWatermark) {
        lock.lock();
        try {
            highWatermark = Math.max(logStartOffset, Math.min(newHighWatermark, logEndOffset));
        } finally {
            lock.unlock();
        }
    }

    /** Raises the high watermark (clamped to the log end); returns whether it moved. */
    public boolean maybeIncrementHighWatermark(long newHighWatermark) {
        lock.lock();
        try {
            long clamped = Math.min(newHighWatermark, logEndOffset);
            if (clamped > highWatermark) {
                highWatermark = clamped;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    public long recoveryPoint() {
        return recoveryPoint;
    }

    public long sizeInBytes() {
        long total = 0;
        for (LogSegment s : segments.values()) {
            total += s.sizeInBytes();
        }
        return total;
    }

    public int numberOfSegments() {
        return segments.size();
    }

    /** The current segments, oldest first (a snapshot). */
    public List<LogSegment> segments() {
        return List.copyOf(segments.values());
    }

    public LeaderEpochFileCache leaderEpochCache() {
        return epochCache;
    }

    public OptionalInt latestEpoch() {
        return epochCache.latestEpoch();
    }

    /** OffsetForLeaderEpoch for this log (see {@link LeaderEpochFileCache#endOffsetFor}). */
    public EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        return epochCache.endOffsetFor(leaderEpoch, logEndOffset);
    }

    LogSegment activeSegment() {
        return segments.lastEntry().getValue();
    }

    public boolean isClosed() {
        return closed;
    }

    private void ensureWritable() {
        ensureReadable();
        if (offline) {
            throw new StrataException(ErrorKind.KAFKA_STORAGE_ERROR, "Log " + topicPartition
                    + " is offline after a failed write; restart the broker to recover it");
        }
    }

    private void ensureReadable() {
        if (deleted) {
            throw new StrataException(ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, "Log " + topicPartition + " was deleted");
        }
        if (closed) {
            throw new StrataException(ErrorKind.KAFKA_STORAGE_ERROR, "Log " + topicPartition + " is closed");
        }
    }

    // ================================================================== lifecycle

    /**
     * Flushes everything (data, indexes with the active segment's closing time index entry, directory) and
     * closes the files. Idempotent. The offsets stay readable through the accessors for checkpointing.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            synchronized (flushLock) {
                try {
                    if (!offline && !deleted) {
                        LogSegment active = activeSegment();
                        ioRun("close " + topicPartition, active::onBecomeInactive);
                        segmentsAwaitingIndexFlush.add(active);
                        flushLocked(logEndOffset);
                    }
                } finally {
                    closed = true;
                    closeSegmentsQuietly();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the files without flushing, for a log whose directory is about to be deleted. */
    void closeForDeletion() {
        deleted = true;
        closeAbruptly();
    }

    /**
     * Closes the files without flushing or writing closing index entries: what a crash leaves behind
     * (tests use it to simulate one without paying for fsyncs).
     */
    void closeAbruptly() {
        lock.lock();
        try {
            synchronized (flushLock) {
                closed = true;
                closeSegmentsQuietly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeSegmentsQuietly() {
        for (LogSegment s : segments.values()) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(LogSegment s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not close " + s.logFile() + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", start=" + logStartOffset + ", end=" + logEndOffset
                + ", hw=" + highWatermark + ", segments=" + segments.size() + ")";
    }
}
