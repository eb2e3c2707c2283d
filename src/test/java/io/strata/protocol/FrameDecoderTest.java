package io.strata.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.protocol.ProtocolException.InvalidFrameSizeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {

    private final List<byte[]> frames = new ArrayList<>();

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 7, 1000})
    void shouldReassembleFramesWhenSplitAcrossChunks(int chunkBytes) {
        ByteBuffer stream = ByteBuffer.allocate(4 + 3 + 4 + 0 + 4 + 5)
                .putInt(3).put(new byte[] {1, 2, 3})
                .putInt(0)
                .putInt(5).put(new byte[] {9, 8, 7, 6, 5}).flip();
        FrameDecoder decoder = new FrameDecoder(100);

        while (stream.hasRemaining()) {
            ByteBuffer chunk = stream.slice(stream.position(), Math.min(chunkBytes, stream.remaining()));
            stream.position(stream.position() + chunk.remaining());
            decoder.feed(chunk, f -> frames.add(toArray(f)));
        }

        assertEquals(3, frames.size());
        assertArrayEquals(new byte[] {1, 2, 3}, frames.get(0));
        assertArrayEquals(new byte[0], frames.get(1));
        assertArrayEquals(new byte[] {9, 8, 7, 6, 5}, frames.get(2));
        assertFalse(decoder.hasPartialFrame());
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {-1, Integer.MIN_VALUE, 101, Integer.MAX_VALUE})
    void shouldRejectFrameWhenSizeNegativeOrAboveMax(int sizeBytes) {
        FrameDecoder decoder = new FrameDecoder(100);

        assertThrows(InvalidFrameSizeException.class,
                () -> decoder.feed(ByteBuffer.allocate(4).putInt(sizeBytes).flip(), f -> frames.add(toArray(f))));
        assertTrue(frames.isEmpty());
    }

    @Test
    void shouldAcceptFrameWhenSizeEqualsMax() {
        FrameDecoder decoder = new FrameDecoder(100);

        decoder.feed(ByteBuffer.allocate(104).putInt(100).position(104).flip(), f -> frames.add(toArray(f)));

        assertEquals(1, frames.size());
        assertEquals(100, frames.get(0).length);
    }

    @Test
    void shouldRejectHttpRequestWhenSentToKafkaPort() {
        FrameDecoder decoder = new FrameDecoder(104_857_600);
        // "GET " read as a big-endian int is 1195725856: above the 100 MiB limit.
        ByteBuffer http = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());

        assertThrows(InvalidFrameSizeException.class, () -> decoder.feed(http, f -> frames.add(toArray(f))));
    }

    @Test
    void shouldReportPartialFrameWhenOnlySizeArrived() {
        FrameDecoder decoder = new FrameDecoder(100);

        decoder.feed(ByteBuffer.allocate(2).putShort((short) 0).flip(), f -> frames.add(toArray(f)));

        assertTrue(decoder.hasPartialFrame());
        assertTrue(frames.isEmpty());
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
