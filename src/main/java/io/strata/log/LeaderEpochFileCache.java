package io.strata.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Which leader epoch started at which offset, for one partition: the data behind OffsetForLeaderEpoch and
 * follower truncation. Persisted in {@code leader-epoch-checkpoint} in Kafka's text format:
 * <pre>
 * 0                  (version)
 * 2                  (entry count)
 * 0 0                (epoch start-offset)
 * 3 1200
 * </pre>
 *
 * <p>Invariants: epochs and start offsets both strictly increase from entry to entry. Assigning an entry
 * that breaks monotonicity first removes the conflicting newer entries, as Kafka does. Every change is
 * written atomically (temp file, rename) before the method returns. New epochs are also fsynced, so the
 * file never misses an entry; truncations are not (as in Kafka): if a crash loses one, the stale entries
 * come back and the log's load truncates them again against its recovered offsets. A checkpoint that
 * cannot be parsed is ignored and the owner rebuilds the cache from the batches' leader epochs.
 *
 * <p>Thread-safety: all methods are synchronized; the cache is tiny and touched rarely.
 */
public final class LeaderEpochFileCache {

    public static final String FILE_NAME = "leader-epoch-checkpoint";

    /** One epoch and the first offset written in it. */
    public record EpochEntry(int epoch, long startOffset) {
    }

    private final Path file;
    private final TreeMap<Integer, EpochEntry> epochs = new TreeMap<>();
    private final boolean loadedFromFile;

    /**
     * Loads the checkpoint in {@code dir}, if any.
     *
     * @throws IOException only when the file exists and cannot be read; a corrupt file yields an empty cache
     */
    LeaderEpochFileCache(Path dir) throws IOException {
        this.file = dir.resolve(FILE_NAME);
        boolean loaded = false;
        try {
            Optional<List<String>> lines = CheckpointFile.read(file);
            if (lines.isPresent()) {
                for (String line : lines.get()) {
                    String[] parts = line.split("\\s+");
                    if (parts.length != 2) {
                        throw new CheckpointFile.CorruptCheckpointException(file + ": malformed entry '" + line + "'");
                    }
                    assignInMemory(new EpochEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
                }
                loaded = true;
            }
        } catch (CheckpointFile.CorruptCheckpointException | NumberFormatException e) {
            epochs.clear();
            System.getLogger(LeaderEpochFileCache.class.getName()).log(System.Logger.Level.WARNING,
                    "Ignoring corrupt leader epoch checkpoint " + file + "; it will be rebuilt: " + e.getMessage());
        }
        this.loadedFromFile = loaded;
    }

    /** Whether a readable checkpoint existed when the cache was loaded. */
    boolean loadedFromFile() {
        return loadedFromFile;
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}. No-op when it is already the latest epoch
     * with an equal or smaller start offset.
     */
    public synchronized void assign(int epoch, long startOffset) {
        if (assignInMemory(new EpochEntry(epoch, startOffset))) {
            persist(true);
        }
    }

    private boolean assignInMemory(EpochEntry entry) {
        if (entry.epoch() < 0 || entry.startOffset() < 0) {
            throw new IllegalArgumentException("Invalid leader epoch entry " + entry);
        }
        Map.Entry<Integer, EpochEntry> latest = epochs.lastEntry();
        if (latest != null && latest.getValue().epoch() == entry.epoch()
                && entry.startOffset() >= latest.getValue().startOffset()) {
            return false;
        }
        // Drop newer-or-equal epochs and entries starting at or after the new one, keeping both monotonic.
        while (!epochs.isEmpty()) {
            EpochEntry last = epochs.lastEntry().getValue();
            if (last.epoch() >= entry.epoch() || last.startOffset() >= entry.startOffset()) {
                epochs.pollLastEntry();
            } else {
                break;
            }
        }
        epochs.put(entry.epoch(), entry);
        return true;
    }

    public synchronized OptionalInt latestEpoch() {
        return epochs.isEmpty() ? OptionalInt.empty() : OptionalInt.of(epochs.lastKey());
    }

    public synchronized List<EpochEntry> entries() {
        return List.copyOf(epochs.values());
    }

    /** The epoch in which {@code offset} was written, if known. */
    public synchronized OptionalInt epochForOffset(long offset) {
        EpochEntry found = null;
        for (EpochEntry e : epochs.values()) {
            if (e.startOffset() <= offset) {
                found = e;
            } else {
                break;
            }
        }
        return found == null ? OptionalInt.empty() : OptionalInt.of(found.epoch());
    }

    /**
     * OffsetForLeaderEpoch: the largest epoch <= {@code requestedEpoch} and the offset where it ended
     * (the start offset of the next known epoch, or {@code logEndOffset} for the latest epoch). A requested
     * epoch below every known one answers (requestedEpoch, first known start offset); one above every known
     * epoch, or -1, answers {@link EpochEndOffset#UNDEFINED}.
     */
    public synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch == EpochEndOffset.UNDEFINED_EPOCH || epochs.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (epochs.lastKey() == requestedEpoch) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, EpochEntry> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, EpochEntry> floor = epochs.floorEntry(requestedEpoch);
        int epoch = floor == null ? requestedEpoch : floor.getKey();
        return new EpochEndOffset(epoch, higher.getValue().startOffset());
    }

    /** Removes entries starting at or after {@code endOffset} (the log was truncated to it). */
    public synchronized void truncateFromEnd(long endOffset) {
        boolean changed = false;
        while (!epochs.isEmpty() && epochs.lastEntry().getValue().startOffset() >= endOffset) {
            epochs.pollLastEntry();
            changed = true;
        }
        if (changed) {
            persist(false);
        }
    }

    /**
     * Drops entries wholly below {@code startOffset} (the log start moved up); the epoch covering
     * {@code startOffset} is kept with its start offset raised to it.
     */
    public synchronized void truncateFromStart(long startOffset) {
        EpochEntry covering = null;
        List<Integer> removed = new ArrayList<>();
        for (EpochEntry e : epochs.values()) {
            if (e.startOffset() > startOffset) {
                break;
            }
            if (covering != null) {
                removed.add(covering.epoch());
            }
            covering = e;
        }
        boolean changed = !removed.isEmpty();
        removed.forEach(epochs::remove);
        if (covering != null && covering.startOffset() < startOffset) {
            epochs.put(covering.epoch(), new EpochEntry(covering.epoch(), startOffset));
            changed = true;
        }
        if (changed) {
            persist(false);
        }
    }

    /** Replaces the content with entries recovered from the log's batches, writing the file once. */
    synchronized void rebuild(List<EpochEntry> recovered) {
        epochs.clear();
        recovered.forEach(this::assignInMemory);
        persist(true);
    }

    public synchronized void clear() {
        if (!epochs.isEmpty()) {
            epochs.clear();
            persist(true);
        }
    }

    private void persist(boolean durable) {
        List<String> lines = new ArrayList<>(epochs.size());
        for (EpochEntry e : epochs.values()) {
            lines.add(e.epoch() + " " + e.startOffset());
        }
        StorageErrors.ioRun("write " + file, () -> CheckpointFile.write(file, lines, durable));
    }
}
