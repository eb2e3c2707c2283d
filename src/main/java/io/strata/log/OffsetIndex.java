package io.strata.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Sparse map from offset to file position for one segment: file {@code <baseOffset %020d>.index}, 8-byte
 * entries of relative offset (int32, offset minus the segment's base offset) and position in the
 * {@code .log} file (int32), exactly Kafka's layout.
 *
 * <p>An entry is written for a batch once more than index.interval.bytes of log were appended since the
 * previous entry; each entry names a batch's base offset and the position where that batch starts.
 * Invariants: relative offsets and positions strictly increase; every position is a batch start below the
 * segment size. A lookup returns a position at or before the batch holding the target, from which the
 * reader scans forward, so a missing tail of the index (e.g. after a power loss) is harmless.
 *
 * <p>Thread-safety: see {@link FileIndex}; the newest entry is cached in volatile fields.
 */
public final class OffsetIndex extends FileIndex<OffsetIndex.OffsetPosition> {

    static final int ENTRY_BYTES = 8;

    /** A lookup result: the start of a batch at or before the target offset. */
    record OffsetPosition(long offset, int position) {
    }

    OffsetIndex(Path file, long baseOffset, int maxIndexBytes) throws IOException {
        super(file, baseOffset, maxIndexBytes, ENTRY_BYTES);
        loadLastEntry();
    }

    /** Adds an entry; the caller guarantees it is above the current last entry. */
    void append(long offset, int position) throws IOException {
        OffsetPosition last = lastEntry();
        if (last != null && (offset <= last.offset() || position <= last.position())) {
            throw new IllegalStateException("Offset index entries must increase: (" + offset + ", " + position
                    + ") after " + last + " in " + file());
        }
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES);
        entry.putInt(relative(offset)).putInt(position).flip();
        append(entry, new OffsetPosition(offset, position));
    }

    /** The entry with the largest offset <= {@code targetOffset}, or (baseOffset, 0) when there is none. */
    OffsetPosition lookup(long targetOffset) throws IOException {
        OffsetPosition last = lastEntry();
        int count = entries();
        if (last == null || count == 0) {
            return new OffsetPosition(baseOffset, 0);
        }
        if (targetOffset >= last.offset()) {
            return last;
        }
        int n = largestLowerBound(targetOffset - baseOffset, count);
        return n < 0 ? new OffsetPosition(baseOffset, 0) : entry(n);
    }

    @Override
    protected OffsetPosition decode(ByteBuffer entry) {
        return new OffsetPosition(baseOffset + entry.getInt(0), entry.getInt(4));
    }

    /** Drops every entry whose position is at or beyond {@code sizeInBytes}, after the log was cut there. */
    void truncateToPosition(int sizeInBytes) throws IOException {
        truncateFrom(e -> e.position() >= sizeInBytes);
    }

    @Override
    protected long keyAt(int n) throws IOException {
        return readEntry(n).getInt(0);
    }

    /**
     * Whether the newest entries look like what this class writes, for a log opened without recovery:
     * the last entry above the one before it and pointing inside the segment.
     */
    boolean looksValid(int logSizeBytes) throws IOException {
        int n = entries();
        if (n == 0) {
            return true;
        }
        OffsetPosition last = entry(n - 1);
        if (last.offset() < baseOffset || last.position() < 0 || last.position() >= logSizeBytes) {
            return false;
        }
        if (n > 1) {
            OffsetPosition previous = entry(n - 2);
            return previous.offset() < last.offset() && previous.position() < last.position() && previous.offset() >= baseOffset;
        }
        return true;
    }

    private int relative(long offset) {
        long rel = offset - baseOffset;
        if (rel < 0 || rel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Offset " + offset + " does not fit segment " + baseOffset);
        }
        return (int) rel;
    }
}
