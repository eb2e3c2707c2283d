package io.strata.log;

import java.util.Map;

import java.util.HashMap;

import io.strata.common.TopicPartition;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kafka's checkpoint text format, used for {@code leader-epoch-checkpoint},
 * {@code recovery-point-offset-checkpoint}, {@code log-start-offset-checkpoint} and
 * {@code replication-offset-checkpoint}:
 * <pre>
 * 0            (version)
 * 2            (number of entry lines)
 * entry line
 * entry line
 * </pre>
 * Writes are atomic: the content goes to {@code <name>.tmp}, is fsynced, renamed over the target and the
 * directory is fsynced, so a reader after a crash sees the old or the new file, never a mix.
 *
 * <p>Thread-safety: stateless; callers serialize writes to the same file.
 */
final class CheckpointFile {

    static final int VERSION = 0;

    private CheckpointFile() {
    }

    static void write(Path file, List<String> entries) throws IOException {
        write(file, entries, true);
    }

    /**
     * Writes the checkpoint; with {@code durable} false the rename is still atomic but nothing is fsynced,
     * for content that loading re-derives anyway if a crash loses it.
     */
    static void write(Path file, List<String> entries, boolean durable) throws IOException {
        StringBuilder sb = new StringBuilder(32 + entries.size() * 24);
        sb.append(VERSION).append('\n').append(entries.size()).append('\n');
        for (String e : entries) {
            sb.append(e).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            var buf = java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (durable) {
                ch.force(true);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (durable) {
            StorageErrors.fsyncDirectory(file.getParent());
        }
    }

    /**
     * Reads the entry lines; empty when the file does not exist.
     *
     * @throws CorruptCheckpointException when the version, count or line structure is wrong
     */
    static Optional<List<String>> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() < 2) {
            throw new CorruptCheckpointException(file + ": missing version or count line");
        }
        int version;
        int count;
        try {
            version = Integer.parseInt(lines.get(0).trim());
            count = Integer.parseInt(lines.get(1).trim());
        } catch (NumberFormatException e) {
            throw new CorruptCheckpointException(file + ": malformed header");
        }
        if (version != VERSION) {
            throw new CorruptCheckpointException(file + ": unsupported version " + version);
        }
        List<String> entries = new ArrayList<>(count);
        for (int i = 2; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                entries.add(lines.get(i).trim());
            }
        }
        if (entries.size() != count) {
            throw new CorruptCheckpointException(file + ": expected " + count + " entries, found " + entries.size());
        }
        return Optional.of(entries);
    }

    /**
     * Reads a per-partition offset checkpoint ({@code topic partition offset} lines, Kafka's format
     * for recovery points, log start offsets, high watermarks and cleaner offsets); empty when the
     * file does not exist.
     *
     * @throws CorruptCheckpointException when the file or any line is malformed
     */
    static Map<TopicPartition, Long> readOffsets(Path file) throws IOException {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (String line : read(file).orElse(List.of())) {
            String[] parts = line.split("\\s+");
            if (parts.length != 3) {
                throw new CorruptCheckpointException(file + ": malformed line '" + line + "'");
            }
            try {
                out.put(new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            } catch (IllegalArgumentException e) {
                throw new CorruptCheckpointException(file + ": malformed line '" + line + "'");
            }
        }
        return out;
    }

    /** Writes a per-partition offset checkpoint atomically and durably. */
    static void writeOffsets(Path file, Map<TopicPartition, Long> offsets) throws IOException {
        List<String> lines = new ArrayList<>(offsets.size());
        offsets.forEach((tp, offset) -> lines.add(tp.topic() + " " + tp.partition() + " " + offset));
        write(file, lines);
    }

    /** A checkpoint whose content cannot be trusted; callers fall back to a safe default. */
    static final class CorruptCheckpointException extends IOException {
        CorruptCheckpointException(String message) {
            super(message);
        }
    }
}
