package io.strata.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Sparse map from timestamp to offset for one segment: file {@code <baseOffset %020d>.timeindex}, 12-byte
 * entries of timestamp (int64, ms) and relative offset (int32), exactly Kafka's layout.
 *
 * <p>An entry (T, O) says: T is the largest timestamp seen in the segment so far and O is the base offset of
 * the batch where it first appeared. Hence every record before O has a timestamp below T, and the first
 * record with timestamp >= target lies at or after the O of the last entry whose T <= target. Entries are
 * added alongside offset index entries, and once more when the segment is closed so that the last entry
 * holds the segment's largest timestamp (used by time-based retention after a restart).
 *
 * <p>Invariants: timestamps strictly increase, offsets never decrease. Thread-safety: see {@link FileIndex}.
 */
public final class TimeIndex extends FileIndex<TimeIndex.TimestampOffset> {

    static final int ENTRY_BYTES = 12;

    /** A lookup result. */
    record TimestampOffset(long timestampMs, long offset) {
    }

    TimeIndex(Path file, long baseOffset, int maxIndexBytes) throws IOException {
        super(file, baseOffset, maxIndexBytes, ENTRY_BYTES);
        loadLastEntry();
    }

    /**
     * Adds (timestampMs, offset) unless the timestamp does not exceed the last entry's; with
     * {@code skipFullCheck} the entry is added even to a full index (the closing entry on roll).
     */
    void maybeAppend(long timestampMs, long offset, boolean skipFullCheck) throws IOException {
        if (timestampMs < 0 || (!skipFullCheck && isFull())) {
            return;
        }
        TimestampOffset last = lastEntry();
        if (last != null && (timestampMs <= last.timestampMs() || offset < last.offset())) {
            return;
        }
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES);
        entry.putLong(timestampMs).putInt(Math.toIntExact(offset - baseOffset)).flip();
        append(entry, new TimestampOffset(timestampMs, offset));
    }

    /** The entry with the largest timestamp <= {@code targetMs}, or (-1, baseOffset) when there is none. */
    TimestampOffset lookup(long targetMs) throws IOException {
        TimestampOffset last = lastEntry();
        int count = entries();
        if (last == null || count == 0) {
            return new TimestampOffset(RecordBatches.NO_TIMESTAMP, baseOffset);
        }
        if (targetMs >= last.timestampMs()) {
            return last;
        }
        int n = largestLowerBound(targetMs, count);
        return n < 0 ? new TimestampOffset(RecordBatches.NO_TIMESTAMP, baseOffset) : entry(n);
    }

    @Override
    protected TimestampOffset decode(ByteBuffer entry) {
        return new TimestampOffset(entry.getLong(0), baseOffset + entry.getInt(8));
    }

    /** Drops every entry whose offset is >= {@code offset}. */
    void truncateTo(long offset) throws IOException {
        truncateFrom(e -> e.offset() >= offset);
    }

    @Override
    protected long keyAt(int n) throws IOException {
        return readEntry(n).getLong(0);
    }

    /** Whether the newest entries look like what this class writes (see {@link OffsetIndex#looksValid}). */
    boolean looksValid(long nextSegmentBaseOffset) throws IOException {
        int n = entries();
        if (n == 0) {
            return true;
        }
        TimestampOffset last = entry(n - 1);
        if (last.offset() < baseOffset || last.offset() >= nextSegmentBaseOffset || last.timestampMs() < 0) {
            return false;
        }
        if (n > 1) {
            TimestampOffset previous = entry(n - 2);
            return previous.timestampMs() < last.timestampMs() && previous.offset() <= last.offset();
        }
        return true;
    }
}
