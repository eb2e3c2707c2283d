package io.strata.log;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one place where disk failures become {@link StrataException}s of kind KAFKA_STORAGE_ERROR, so every
 * caller of the log sees the same error for the same cause and can take the partition offline.
 *
 * <p>Also holds the tiny fsync helpers, because they are the I/O that every storage class shares.
 * Thread-safety: stateless.
 */
public final class StorageErrors {

    private StorageErrors() {
    }

    /** Wraps a disk failure; {@code what} says which operation on which file failed. */
    public static StrataException storageError(String what, IOException cause) {
        return new StrataException(ErrorKind.KAFKA_STORAGE_ERROR, what + ": " + cause, cause);
    }

    public static StrataException storageError(String what, UncheckedIOException cause) {
        return storageError(what, cause.getCause());
    }

    @FunctionalInterface
    public interface IoAction<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    public interface IoRunnable {
        void run() throws IOException;
    }

    /** Runs {@code action}, funnelling IOException into KAFKA_STORAGE_ERROR. */
    public static <T> T io(String what, IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException e) {
            throw storageError(what, e);
        } catch (UncheckedIOException e) {
            throw storageError(what, e);
        }
    }

    public static void ioRun(String what, IoRunnable action) {
        try {
            action.run();
        } catch (IOException e) {
            throw storageError(what, e);
        } catch (UncheckedIOException e) {
            throw storageError(what, e);
        }
    }

    /** fsyncs a directory so that file creations, renames and deletions in it survive a power loss. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
