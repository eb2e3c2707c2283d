package io.strata.log;

import io.strata.log.OffsetIndex.OffsetPosition;
import io.strata.log.TimeIndex.TimestampOffset;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * One segment of a partition log: {@code <baseOffset %020d>.log} holding Kafka v2 record batches back to
 * back, exactly as they travel on the wire, plus its {@link OffsetIndex} ({@code .index}) and
 * {@link TimeIndex} ({@code .timeindex}).
 *
 * <p>Invariants: every batch in the file starts at a position recorded as a batch boundary (the file is
 * only ever appended whole batches, or cut at a batch start); batch base offsets increase and are
 * >= the segment's base offset; last offset minus base offset fits an int32 (the index's relative offset).
 * Bytes beyond {@link #sizeInBytes()} are not part of the segment: size is published only after the
 * batch bytes and index entries are written.
 *
 * <p>Thread-safety: mutations (append, truncate, recover, roll bookkeeping) are made by one thread at a
 * time under the owning {@link PartitionLog}'s append lock; reads are lock-free positional reads bounded by
 * the volatile size and may run concurrently with an append; {@link #flush()} may run concurrently with
 * appends (fsync covers whatever was written before it started).
 */
public final class LogSegment implements Closeable {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String DELETED_SUFFIX = ".deleted";
    static final String CLEANED_SUFFIX = ".cleaned";
    static final String SWAP_SUFFIX = ".swap";

    private static final int RECOVERY_CHUNK_BYTES = 1 << 20;
    private static final int HEADER_SCAN_CHUNK_BYTES = 16 << 10;

    private final long baseOffset;
    private final int indexIntervalBytes;
    private volatile Path logFile;
    private final FileChannel channel;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final boolean indexFilesExisted;

    private volatile int sizeInBytes;
    private volatile int flushedSizeBytes = -1;
    private volatile long nextOffset;
    private volatile long maxTimestampSoFar = RecordBatches.NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestampSoFar;
    private int bytesSinceLastIndexEntry;
    private volatile long rollingBasedTimeMs = -1;
    private volatile boolean indexesNeedFlush;

    private LogSegment(Path dir, long baseOffset, int indexIntervalBytes, int maxIndexBytes, boolean create,
                       String fileSuffix) throws IOException {
        this.baseOffset = baseOffset;
        this.indexIntervalBytes = indexIntervalBytes;
        this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX) + fileSuffix);
        Path indexFile = dir.resolve(fileName(baseOffset, INDEX_SUFFIX) + fileSuffix);
        Path timeIndexFile = dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX) + fileSuffix);
        this.indexFilesExisted = Files.exists(indexFile) && Files.exists(timeIndexFile);
        if (create) {
            // A leftover file with this name belongs to nothing any more (its segment was deleted).
            Files.deleteIfExists(indexFile);
            Files.deleteIfExists(timeIndexFile);
        }
        FileChannel ch = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        OffsetIndex oi = null;
        try {
            if (create) {
                ch.truncate(0);
            }
            oi = new OffsetIndex(indexFile, baseOffset, maxIndexBytes);
            this.timeIndex = new TimeIndex(timeIndexFile, baseOffset, maxIndexBytes);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (oi != null) {
                oi.close();
            }
            throw e;
        }
        this.channel = ch;
        this.offsetIndex = oi;
        this.sizeInBytes = (int) Math.min(ch.size(), Integer.MAX_VALUE);
        this.nextOffset = baseOffset;
        this.offsetOfMaxTimestampSoFar = baseOffset;
        if (create) {
            this.flushedSizeBytes = 0;
        }
    }

    /** Creates an empty segment; any stale files with the same base offset are replaced. */
    static LogSegment create(Path dir, long baseOffset, LogConfig config) throws IOException {
        return create(dir, baseOffset, config, "");
    }

    /**
     * Creates an empty segment whose three files carry an extra suffix ({@link #CLEANED_SUFFIX} for a
     * cleaner's output); stale files with the same names are replaced.
     */
    static LogSegment create(Path dir, long baseOffset, LogConfig config, String fileSuffix) throws IOException {
        return new LogSegment(dir, baseOffset, config.indexIntervalBytes(), config.segmentIndexBytes(), true, fileSuffix);
    }

    /**
     * Opens an existing segment without validating it. The caller then either calls {@link #recover()} or
     * {@link #loadTailState()} (which says whether the segment needs recovery after all).
     */
    static LogSegment open(Path dir, long baseOffset, LogConfig config) throws IOException {
        return open(dir, baseOffset, config, "");
    }

    /** Opens an existing segment whose files carry an extra suffix (a {@link #SWAP_SUFFIX} segment at load). */
    static LogSegment open(Path dir, long baseOffset, LogConfig config, String fileSuffix) throws IOException {
        return new LogSegment(dir, baseOffset, config.indexIntervalBytes(), config.segmentIndexBytes(), false, fileSuffix);
    }

    static String fileName(long baseOffset, String suffix) {
        String digits = Long.toString(baseOffset);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits + suffix;
    }

    // ------------------------------------------------------------------ accessors

    public long baseOffset() {
        return baseOffset;
    }

    /** Bytes of whole batches in the segment. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** Offset following the last batch; the base offset when empty. */
    public long nextOffset() {
        return nextOffset;
    }

    /** Largest batch timestamp in the segment, or -1 when no batch carries one. */
    public long maxTimestampSoFar() {
        return maxTimestampSoFar;
    }

    /** The timestamp retention compares against: the largest record timestamp, else the file's mtime. */
    public long largestTimestampMs() throws IOException {
        long max = maxTimestampSoFar;
        return max >= 0 ? max : Files.getLastModifiedTime(logFile).toMillis();
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    boolean indexFilesExisted() {
        return indexFilesExisted;
    }

    boolean indexesNeedFlush() {
        return indexesNeedFlush;
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Whether appending {@code incomingBytes} ending at {@code incomingLastOffset} must go to a new segment.
     * An empty segment never rolls: a new one would not help.
     */
    boolean shouldRoll(int incomingBytes, long incomingLastOffset, long nowMs, LogConfig config) {
        if (sizeInBytes == 0) {
            return false;
        }
        long rollTime = rollingBasedTimeMs;
        return (long) sizeInBytes + incomingBytes > config.segmentBytes()
                || (rollTime >= 0 && nowMs - rollTime > config.segmentMs())
                || offsetIndex.isFull()
                || timeIndex.isFull()
                || incomingLastOffset - baseOffset > Integer.MAX_VALUE;
    }

    // ------------------------------------------------------------------ append

    /**
     * Appends already-validated batches with their offsets assigned: {@code batches} between position and
     * limit, described by {@code headers} in order. Index entries are written after the data, and the new
     * size is published last.
     */
    void append(ByteBuffer batches, List<BatchHeader> headers, long nowMs) throws IOException {
        int position = sizeInBytes;
        ByteBuffer src = batches.duplicate();
        int length = src.remaining();
        long writePosition = position;
        while (src.hasRemaining()) {
            writePosition += channel.write(src, writePosition);
        }
        if (rollingBasedTimeMs < 0) {
            rollingBasedTimeMs = nowMs;
        }
        int batchPosition = position;
        for (BatchHeader h : headers) {
            indexBatch(h, batchPosition);
            batchPosition += h.sizeInBytes();
        }
        nextOffset = headers.get(headers.size() - 1).nextOffset();
        sizeInBytes = position + length;
    }

    /** Undoes a failed append: cuts the file back to {@code size} bytes and drops index entries past it. */
    void rollbackTo(int size, long previousNextOffset) throws IOException {
        channel.truncate(size);
        offsetIndex.truncateToPosition(size);
        timeIndex.truncateTo(previousNextOffset);
        sizeInBytes = size;
        resetTimestampsFromTimeIndex();
        recomputeTailState();
        nextOffset = size == 0 ? baseOffset : nextOffset;
    }

    private void indexBatch(BatchHeader h, int position) throws IOException {
        if (h.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = h.maxTimestamp();
            offsetOfMaxTimestampSoFar = h.baseOffset();
        }
        // Kafka's rule: index the batch that starts after more than an interval of unindexed bytes, so the
        // first batch of a segment (found at position 0 anyway) is never indexed.
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(h.baseOffset(), position);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += h.sizeInBytes();
    }

    /** Called when the segment stops being the active one: records its largest timestamp in the time index. */
    void onBecomeInactive() throws IOException {
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, true);
        indexesNeedFlush = true;
    }

    // ------------------------------------------------------------------ reads

    /** A batch found in the file. */
    record BatchLocation(int position, BatchHeader header) {
    }

    /** Raw bytes of whole batches read from this segment. */
    record SegmentRead(ByteBuffer records, long firstBatchBaseOffset, long nextOffset) {
    }

    /**
     * Reads whole batches starting with the one holding {@code startOffset} (or the first after it).
     *
     * @return null when no batch in this segment ends at or after {@code startOffset}; a read with an empty
     *         buffer when the first such batch is not allowed by the limits
     */
    SegmentRead read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) throws IOException {
        int committed = sizeInBytes;
        BatchLocation first = findBatch(startOffset, offsetIndex.lookup(startOffset).position(), committed);
        if (first == null) {
            return null;
        }
        BatchHeader h = first.header();
        if (h.lastOffset() >= maxOffsetExclusive || (h.sizeInBytes() > maxBytes && !minOneBatch)) {
            return new SegmentRead(ByteBuffer.allocate(0), -1, startOffset);
        }
        int toRead = h.sizeInBytes() > maxBytes ? h.sizeInBytes()
                : (int) Math.min(maxBytes, (long) committed - first.position());
        ByteBuffer buf = readBytes(first.position(), toRead);
        int end = 0;
        long next = startOffset;
        while (buf.limit() - end >= RecordBatches.HEADER_SIZE_BYTES) {
            BatchHeader bh = RecordBatches.readHeader(buf, end);
            if (bh.sizeInBytes() < RecordBatches.HEADER_SIZE_BYTES || end + bh.sizeInBytes() > buf.limit()
                    || bh.lastOffset() >= maxOffsetExclusive) {
                break;
            }
            end += bh.sizeInBytes();
            next = bh.nextOffset();
        }
        buf.limit(end);
        return new SegmentRead(buf, end == 0 ? -1 : h.baseOffset(), end == 0 ? startOffset : next);
    }

    /** The first batch at or after {@code fromPosition} whose last offset is >= {@code targetOffset}. */
    BatchLocation findBatch(long targetOffset, int fromPosition, int endPosition) throws IOException {
        BatchScanner scanner = new BatchScanner(fromPosition, endPosition, HEADER_SCAN_CHUNK_BYTES);
        BatchHeader h;
        while ((h = scanner.next(false)) != null) {
            if (h.lastOffset() >= targetOffset) {
                return new BatchLocation(scanner.batchPosition(), h);
            }
        }
        return null;
    }

    ByteBuffer readBytes(int position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n < 0) {
                break;
            }
        }
        return buf.flip();
    }

    /**
     * The first record at or after {@code startingOffset} whose timestamp is >= {@code targetMs}.
     * Uses the time index to skip ahead, then scans batches (and records of the matching batch).
     */
    Optional<TimestampAndOffset> findOffsetByTimestamp(long targetMs, long startingOffset) throws IOException {
        TimestampOffset hint = timeIndex.lookup(targetMs);
        long fromOffset = Math.max(hint.offset(), startingOffset);
        int committed = sizeInBytes;
        BatchScanner scanner = new BatchScanner(offsetIndex.lookup(fromOffset).position(), committed, HEADER_SCAN_CHUNK_BYTES);
        BatchHeader h;
        while ((h = scanner.next(false)) != null) {
            if (h.lastOffset() < startingOffset || h.maxTimestamp() < targetMs) {
                continue;
            }
            Optional<TimestampAndOffset> found = firstRecordAtOrAfter(scanner.batchPosition(), h, targetMs, startingOffset);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The first record carrying this segment's largest timestamp. */
    Optional<TimestampAndOffset> findMaxTimestampRecord(long startingOffset) throws IOException {
        long max = maxTimestampSoFar;
        if (max < 0) {
            return Optional.empty();
        }
        return findOffsetByTimestamp(max, Math.max(startingOffset, baseOffset));
    }

    private Optional<TimestampAndOffset> firstRecordAtOrAfter(int position, BatchHeader h, long targetMs, long minOffset)
            throws IOException {
        ByteBuffer batch = readBytes(position, h.sizeInBytes());
        long[] found = {-1, -1};
        RecordBatches.forEachRecord(batch, 0, batch.limit(), (offset, ts, hasKey) -> {
            if (offset >= minOffset && ts >= targetMs) {
                found[0] = offset;
                found[1] = ts;
                return false;
            }
            return true;
        });
        return found[0] < 0 ? Optional.empty()
                : Optional.of(new TimestampAndOffset(found[1], found[0], h.partitionLeaderEpoch()));
    }

    /** Visits every batch header from {@code fromPosition} (used to rebuild the leader epoch cache). */
    void forEachBatchHeader(int fromPosition, java.util.function.Consumer<BatchHeader> visitor) throws IOException {
        BatchScanner scanner = new BatchScanner(fromPosition, sizeInBytes, RECOVERY_CHUNK_BYTES);
        BatchHeader h;
        while ((h = scanner.next(false)) != null) {
            visitor.accept(h);
        }
    }

    // ------------------------------------------------------------------ load and recovery

    /**
     * Rescans the whole file: checks every batch's size fields, magic, offsets and CRC, rebuilds both
     * indexes from scratch, and truncates the file at the first bad byte.
     *
     * @return the number of bytes truncated (0 when the segment was intact)
     */
    int recover() throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        maxTimestampSoFar = RecordBatches.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        bytesSinceLastIndexEntry = 0;
        int fileSize = (int) Math.min(channel.size(), Integer.MAX_VALUE);
        BatchScanner scanner = new BatchScanner(0, fileSize, RECOVERY_CHUNK_BYTES);
        long expectedMinOffset = baseOffset;
        int validBytes = 0;
        long firstBatchMaxTimestamp = -1;
        BatchHeader h;
        while ((h = scanner.next(true)) != null) {
            // Base offset and leader epoch are outside the CRC, so offsets get their own plausibility check.
            if (h.baseOffset() < expectedMinOffset || h.lastOffsetDelta() < 0
                    || h.lastOffset() - baseOffset > Integer.MAX_VALUE || !scanner.crcValid()) {
                break;
            }
            if (validBytes == 0) {
                firstBatchMaxTimestamp = h.maxTimestamp();
            }
            indexBatch(h, scanner.batchPosition());
            expectedMinOffset = h.nextOffset();
            validBytes = scanner.batchPosition() + h.sizeInBytes();
        }
        int truncated = (int) (channel.size() - validBytes);
        if (truncated > 0) {
            channel.truncate(validBytes);
        }
        sizeInBytes = validBytes;
        flushedSizeBytes = -1;
        nextOffset = expectedMinOffset;
        rollingBasedTimeMs = validBytes == 0 ? -1 : firstBatchMaxTimestamp;
        indexesNeedFlush = true;
        return truncated;
    }

    /**
     * For a segment trusted without a rescan: loads next offset, largest timestamp and index bookkeeping from
     * the index tails plus a short scan of the batches after the last offset index entry.
     *
     * @param nextSegmentBaseOffset base offset of the following segment, or Long.MAX_VALUE for the last one
     * @return false when the indexes or the tail do not look right and {@link #recover()} is needed
     */
    boolean loadTailState(long nextSegmentBaseOffset) throws IOException {
        int size = (int) Math.min(channel.size(), Integer.MAX_VALUE);
        sizeInBytes = size;
        if (!offsetIndex.looksValid(size) || !timeIndex.looksValid(nextSegmentBaseOffset)) {
            return false;
        }
        TimestampOffset lastTime = timeIndex.lastEntry();
        if (lastTime != null) {
            maxTimestampSoFar = lastTime.timestampMs();
            offsetOfMaxTimestampSoFar = lastTime.offset();
        }
        if (!recomputeTailState()) {
            return false;
        }
        if (size > 0) {
            // As Kafka: after a restart the roll clock restarts from the first batch's timestamp.
            BatchHeader first = headerAt(0);
            rollingBasedTimeMs = first == null ? -1 : first.maxTimestamp();
        }
        return nextOffset <= nextSegmentBaseOffset;
    }

    /**
     * Scans from the last offset index entry to the end: next offset, bytes since the last entry and any
     * timestamp newer than the time index knows. False if the scan does not end exactly at the file size.
     */
    private boolean recomputeTailState() throws IOException {
        OffsetPosition last = offsetIndex.lastEntry();
        int from = last == null ? 0 : last.position();
        int size = sizeInBytes;
        BatchScanner scanner = new BatchScanner(from, size, HEADER_SCAN_CHUNK_BYTES);
        long next = last == null ? baseOffset : last.offset();
        int end = from;
        BatchHeader h;
        while ((h = scanner.next(false)) != null) {
            if (h.maxTimestamp() > maxTimestampSoFar) {
                maxTimestampSoFar = h.maxTimestamp();
                offsetOfMaxTimestampSoFar = h.baseOffset();
            }
            next = h.nextOffset();
            end = scanner.batchPosition() + h.sizeInBytes();
        }
        nextOffset = size == 0 ? baseOffset : next;
        bytesSinceLastIndexEntry = last == null ? size : size - last.position();
        return end == size;
    }

    private void resetTimestampsFromTimeIndex() {
        TimestampOffset lastTime = timeIndex.lastEntry();
        maxTimestampSoFar = lastTime == null ? RecordBatches.NO_TIMESTAMP : lastTime.timestampMs();
        offsetOfMaxTimestampSoFar = lastTime == null ? baseOffset : lastTime.offset();
    }

    /** Visits the header of every whole batch in the segment, oldest first, reading headers only where batches allow. */
    void forEachBatchHeader(java.util.function.Consumer<BatchHeader> visitor) throws IOException {
        BatchScanner scanner = new BatchScanner(0, sizeInBytes, HEADER_SCAN_CHUNK_BYTES);
        BatchHeader h;
        while ((h = scanner.next(false)) != null) {
            visitor.accept(h);
        }
    }

    private BatchHeader headerAt(int position) throws IOException {
        if (sizeInBytes - position < RecordBatches.HEADER_SIZE_BYTES) {
            return null;
        }
        return RecordBatches.readHeader(readBytes(position, RecordBatches.HEADER_SIZE_BYTES), 0);
    }

    // ------------------------------------------------------------------ truncation

    /**
     * Removes every batch whose last offset is >= {@code offset}: a batch holding {@code offset} goes
     * entirely, so the segment may end below {@code offset}.
     *
     * @return bytes removed
     */
    int truncateTo(long offset) throws IOException {
        int size = sizeInBytes;
        BatchLocation cut = findBatch(offset, offsetIndex.lookup(offset).position(), size);
        if (cut == null) {
            return 0;
        }
        int newSize = cut.position();
        offsetIndex.truncateToPosition(newSize);
        timeIndex.truncateTo(cut.header().baseOffset());
        channel.truncate(newSize);
        sizeInBytes = newSize;
        if (flushedSizeBytes > newSize) {
            flushedSizeBytes = newSize;
        }
        resetTimestampsFromTimeIndex();
        recomputeTailState();
        if (newSize == 0) {
            rollingBasedTimeMs = -1;
        }
        return size - newSize;
    }

    // ------------------------------------------------------------------ durability and lifecycle

    /** fsyncs the log file if bytes were appended since the last fsync; true when an fsync happened. */
    synchronized boolean flush() throws IOException {
        int size = sizeInBytes;
        if (size == flushedSizeBytes) {
            return false;
        }
        channel.force(false);
        flushedSizeBytes = size;
        return true;
    }

    /** fsyncs both index files; needed once per closed or rebuilt segment, see {@link PartitionLog}. */
    synchronized void flushIndexes() throws IOException {
        offsetIndex.flush();
        timeIndex.flush();
        indexesNeedFlush = false;
    }

    /**
     * Renames the three files from names ending in {@code oldSuffix} to names ending in {@code newSuffix}
     * (e.g. {@code .cleaned} to {@code .swap}, {@code .swap} to nothing). Open channels stay valid.
     */
    void changeFileSuffixes(String oldSuffix, String newSuffix) throws IOException {
        Path target = withSuffix(logFile, oldSuffix, newSuffix);
        Files.move(logFile, target, StandardCopyOption.REPLACE_EXISTING);
        logFile = target;
        offsetIndex.renameTo(withSuffix(offsetIndex.file(), oldSuffix, newSuffix));
        timeIndex.renameTo(withSuffix(timeIndex.file(), oldSuffix, newSuffix));
    }

    private static Path withSuffix(Path file, String oldSuffix, String newSuffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(oldSuffix)) {
            throw new IllegalStateException(file + " does not end with " + oldSuffix);
        }
        return file.resolveSibling(name.substring(0, name.length() - oldSuffix.length()) + newSuffix);
    }

    /** The max timestamp of the first batch (Kafka's "earliest timestamp" of a segment), or -1 when empty. */
    long firstBatchTimestampMs() throws IOException {
        BatchHeader first = headerAt(0);
        return first == null ? RecordBatches.NO_TIMESTAMP : first.maxTimestamp();
    }

    long lastModifiedMs() throws IOException {
        return Files.getLastModifiedTime(logFile).toMillis();
    }

    void lastModifiedMs(long ms) throws IOException {
        Files.setLastModifiedTime(logFile, java.nio.file.attribute.FileTime.fromMillis(ms));
    }

    /** Renames the files to {@code *.deleted} so that a crash before the actual delete leaves no live segment. */
    void renameForDeletion() throws IOException {
        Path target = logFile.resolveSibling(logFile.getFileName() + DELETED_SUFFIX);
        Files.move(logFile, target, StandardCopyOption.REPLACE_EXISTING);
        logFile = target;
        offsetIndex.renameTo(offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + DELETED_SUFFIX));
        timeIndex.renameTo(timeIndex.file().resolveSibling(timeIndex.file().getFileName() + DELETED_SUFFIX));
    }

    void closeAndDelete() throws IOException {
        try {
            close();
        } finally {
            Files.deleteIfExists(logFile);
            Files.deleteIfExists(offsetIndex.file());
            Files.deleteIfExists(timeIndex.file());
        }
    }

    @Override
    public void close() throws IOException {
        try (channel; offsetIndex; timeIndex) {
            // try-with-resources closes all three even if one fails
        }
    }

    @Override
    public String toString() {
        return "LogSegment(base=" + baseOffset + ", size=" + sizeInBytes + ", next=" + nextOffset + ")";
    }

    // ------------------------------------------------------------------ scanning

    /**
     * Walks batches through large positional reads. {@link #next} returns the header of the next batch
     * whose size fields and magic are sane and that ends within the scan range, or null at the end of the
     * range or at the first malformed or incomplete batch. With {@code loadBody} the whole batch is in the
     * buffer too, so {@link #crcValid()} can check it.
     */
    private final class BatchScanner {
        private ByteBuffer buf;
        private long bufferFilePosition;
        private final int endPosition;
        private int nextPosition;
        private int batchPosition = -1;
        private int batchSize;

        BatchScanner(int fromPosition, int endPosition, int chunkBytes) {
            this.nextPosition = fromPosition;
            this.endPosition = endPosition;
            this.buf = ByteBuffer.allocate(Math.max(RecordBatches.HEADER_SIZE_BYTES,
                    Math.min(chunkBytes, Math.max(0, endPosition - fromPosition))));
            this.buf.limit(0);
        }

        BatchHeader next(boolean loadBody) throws IOException {
            int pos = nextPosition;
            if (endPosition - pos < RecordBatches.HEADER_SIZE_BYTES || !ensure(pos, RecordBatches.HEADER_SIZE_BYTES)) {
                return null;
            }
            BatchHeader h = RecordBatches.readHeader(buf, (int) (pos - bufferFilePosition));
            int size = h.sizeInBytes();
            if (size < RecordBatches.HEADER_SIZE_BYTES || h.magic() != RecordBatches.MAGIC_V2
                    || (long) pos + size > endPosition) {
                return null;
            }
            if (loadBody && !ensure(pos, size)) {
                return null;
            }
            batchPosition = pos;
            batchSize = size;
            nextPosition = pos + size;
            return h;
        }

        int batchPosition() {
            return batchPosition;
        }

        boolean crcValid() {
            return RecordBatches.isCrcValid(buf, (int) (batchPosition - bufferFilePosition), batchSize);
        }

        /** Makes file bytes [pos, pos + length) available in the buffer; false if the file ends first. */
        private boolean ensure(int pos, int length) throws IOException {
            if (pos >= bufferFilePosition && pos + (long) length <= bufferFilePosition + buf.limit()) {
                return true;
            }
            if (length > buf.capacity()) {
                buf = ByteBuffer.allocate(length);
            }
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), (long) endPosition - pos));
            bufferFilePosition = pos;
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos + buf.position());
                if (n < 0) {
                    break;
                }
            }
            buf.flip();
            return buf.limit() >= length;
        }
    }
}
