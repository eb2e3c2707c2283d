package io.strata.protocol;

import io.strata.protocol.ProtocolException.InvalidFrameSizeException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Splits a byte stream into Kafka frames: a 4-byte big-endian size followed by that many bytes.
 * Each complete frame is handed over as its own heap buffer (position 0, limit = size), which the
 * receiver owns: the decoder never touches it again, so parsed requests may keep slices of it
 * (produce records) as long as they like.
 *
 * <p>Invariant: a size prefix below zero or above {@code maxFrameBytes} throws
 * {@link InvalidFrameSizeException} before any memory is allocated for it, and the decoder is then
 * unusable (the caller closes the connection). Not thread-safe: one decoder per connection, fed from
 * that connection's event loop.
 */
public final class FrameDecoder {

    public static final int SIZE_PREFIX_BYTES = 4;

    private int maxFrameBytes;
    private final ByteBuffer sizePrefix = ByteBuffer.allocate(SIZE_PREFIX_BYTES);
    private ByteBuffer frame;
    private boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Changes the cap for frames whose size prefix is read from now on (a SASL listener accepts
     * small frames until the client has authenticated).
     */
    public void maxFrameBytes(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Consumes all of {@code chunk}, calling {@code onFrame} for every frame it completes, in order. */
    public void feed(ByteBuffer chunk, Consumer<ByteBuffer> onFrame) {
        if (failed) {
            throw new IllegalStateException("decoder failed on an invalid frame size");
        }
        while (chunk.hasRemaining()) {
            if (frame == null) {
                copy(chunk, sizePrefix);
                if (sizePrefix.hasRemaining()) {
                    return;
                }
                int sizeBytes = sizePrefix.getInt(0);
                sizePrefix.clear();
                if (sizeBytes < 0 || sizeBytes > maxFrameBytes) {
                    failed = true;
                    throw new InvalidFrameSizeException("Invalid frame size " + sizeBytes + " (the limit is "
                            + maxFrameBytes + " bytes)");
                }
                frame = ByteBuffer.allocate(sizeBytes);
            }
            copy(chunk, frame);
            if (!frame.hasRemaining()) {
                ByteBuffer complete = frame.flip();
                frame = null;
                onFrame.accept(complete);
            }
        }
    }

    /** Whether a frame (or its size prefix) has been started but not completed. */
    public boolean hasPartialFrame() {
        return frame != null || sizePrefix.position() > 0;
    }

    private static void copy(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        if (n == 0) {
            return;
        }
        ByteBuffer slice = from.slice();
        slice.limit(n);
        to.put(slice);
        from.position(from.position() + n);
    }
}
