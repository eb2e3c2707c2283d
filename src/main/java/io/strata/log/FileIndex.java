package io.strata.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Shared machinery of the two sparse segment indexes: an append-only file of fixed-size big-endian entries
 * accessed through positional {@link FileChannel} reads and writes.
 *
 * <p>Why a FileChannel and not a memory map (as Kafka uses): Java cannot unmap safely while another thread
 * may still be reading, and a lookup on an unmapped or truncated map crashes the JVM. Positional I/O on the
 * page cache costs a few microseconds per probe, and the newest entry is cached in memory so tailing readers
 * do no index I/O at all.
 *
 * <p>Format and invariants: file length = entries x entry size (a torn final entry after a crash is
 * dropped on open); keys strictly increase. The file grows one entry at a time; "full" means
 * {@code maxEntries} (segment.index.bytes / entry size) entries exist, which makes the log roll, so an
 * index never needs preallocation or trimming.
 *
 * <p>Thread-safety: one writer at a time (appends and truncation happen under the owning log's append
 * lock); any number of concurrent readers. {@code entries} is volatile and advanced only after the entry's
 * bytes are written, so readers never see an entry before its content.
 */
abstract class FileIndex<E> implements Closeable {

    private final int entryBytes;
    protected final long baseOffset;
    private final int maxEntries;
    private volatile Path file;
    private final FileChannel channel;
    private volatile int entries;
    private volatile boolean dirty;
    /** The newest entry, cached so readers at the tail of the log do no index I/O; null when empty. */
    private volatile E lastEntry;

    protected FileIndex(Path file, long baseOffset, int maxIndexBytes, int entryBytes) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entryBytes = entryBytes;
        this.maxEntries = Math.max(1, maxIndexBytes / entryBytes);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long length = channel.size();
        if (length % entryBytes != 0) {
            // A crash tore the last entry: it never counted, so drop it rather than fail.
            length -= length % entryBytes;
            channel.truncate(length);
        }
        this.entries = (int) Math.min(Integer.MAX_VALUE, length / entryBytes);
    }

    int entries() {
        return entries;
    }

    int maxEntries() {
        return maxEntries;
    }

    boolean isFull() {
        return entries >= maxEntries;
    }

    Path file() {
        return file;
    }

    long sizeInBytes() {
        return (long) entries * entryBytes;
    }

    /** Reads entry {@code n} into a fresh buffer positioned at 0. */
    protected ByteBuffer readEntry(int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(entryBytes);
        long pos = (long) n * entryBytes;
        while (buf.hasRemaining()) {
            int read = channel.read(buf, pos + buf.position());
            if (read < 0) {
                throw new IOException("Index " + file + " ended before entry " + n);
            }
        }
        return buf.flip();
    }

    protected void writeEntry(ByteBuffer entry) throws IOException {
        long pos = (long) entries * entryBytes;
        while (entry.hasRemaining()) {
            channel.write(entry, pos + entry.position());
        }
        dirty = true;
        entries = entries + 1;
    }

    /**
     * Index of the last entry whose key is <= {@code target}, or -1 if every key is larger.
     * Keys come from {@link #keyAt}; the caller may short-cut the newest entry before calling this.
     */
    protected int largestLowerBound(long target, int entryCount) throws IOException {
        int lo = 0;
        int hi = entryCount - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keyAt(mid) <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    protected abstract long keyAt(int n) throws IOException;

    /** Turns an entry's bytes (a buffer positioned at 0) into its typed form. */
    protected abstract E decode(ByteBuffer entry);

    /** Predicate over entries that is false for a prefix of the entries and true for the rest. */
    @FunctionalInterface
    protected interface EntryTest<E> {
        boolean test(E entry);
    }

    E entry(int n) throws IOException {
        return decode(readEntry(n));
    }

    E lastEntry() {
        return lastEntry;
    }

    /** Loads the cached newest entry; subclasses call it once their construction is complete. */
    protected final void loadLastEntry() throws IOException {
        lastEntry = entries == 0 ? null : entry(entries - 1);
    }

    /** Appends an entry's bytes and makes {@code entry} the cached newest one. */
    protected final void append(ByteBuffer bytes, E entry) throws IOException {
        writeEntry(bytes);
        lastEntry = entry;
    }

    /** Drops the first entry for which {@code test} holds and every entry after it. */
    protected final void truncateFrom(EntryTest<E> test) throws IOException {
        int lo = 0;
        int hi = entries;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (test.test(entry(mid))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        truncateToEntries(lo);
        lastEntry = lo == 0 ? null : entry(lo - 1);
    }

    /** Keeps the first {@code n} entries. */
    private void truncateToEntries(int n) throws IOException {
        if (n >= entries) {
            return;
        }
        entries = n;
        channel.truncate((long) n * entryBytes);
        dirty = true;
    }

    void reset() throws IOException {
        truncateToEntries(0);
        lastEntry = null;
    }

    void flush() throws IOException {
        if (dirty) {
            dirty = false;
            channel.force(false);
        }
    }

    void renameTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        file = target;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    void closeAndDelete() throws IOException {
        try {
            close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
