package io.strata.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code partition.metadata}: the id of the topic incarnation a partition directory belongs to, in Kafka's
 * format:
 * <pre>
 * version: 0
 * topic_id: 0L5AJS8ZQpWuq2hE0AwFqw
 * </pre>
 * A directory whose id differs from the topic's current id is left over from a deleted topic of the same
 * name. Written atomically (temp file, fsync, rename, directory fsync). Thread-safety: stateless.
 */
final class PartitionMetadataFile {

    static final String FILE_NAME = "partition.metadata";

    private PartitionMetadataFile() {
    }

    /** The stored topic id; empty when the file is missing or unreadable (treated as "unknown"). */
    static Optional<String> read(Path dir) throws IOException {
        try {
            for (String line : Files.readAllLines(dir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
                if (line.startsWith("topic_id:")) {
                    String id = line.substring("topic_id:".length()).trim();
                    return id.isEmpty() ? Optional.empty() : Optional.of(id);
                }
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static void write(Path dir, String topicId) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        byte[] content = ("version: 0\ntopic_id: " + topicId + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        StorageErrors.fsyncDirectory(dir);
    }
}
