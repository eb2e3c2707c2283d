package io.strata.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.List;

import static io.strata.log.TestBatches.bytes;
import static io.strata.log.TestBatches.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordBatchesTest {

    @ParameterizedTest
    @EnumSource(CompressionCodec.class)
    void shouldDecodeWhatWasBuiltWhenUsingAnyCodec(CompressionCodec codec) {
        List<SimpleRecordData> records = List.of(
                new SimpleRecordData(1000L, bytes("a"), bytes("alpha"), List.of(new Header("h1", bytes("x")), new Header("h2", null))),
                new SimpleRecordData(1001L, null, bytes("no key")),
                new SimpleRecordData(1002L, bytes("tomb"), null));
        ByteBuffer batch = RecordBatches.build(42L, 7, codec, records);

        List<DecodedRecord> decoded = RecordBatches.decode(batch);

        assertEquals(3, decoded.size());
        assertEquals(42L, decoded.get(0).offset());
        assertEquals(44L, decoded.get(2).offset());
        assertEquals(7, decoded.get(1).leaderEpoch());
        assertEquals(1001L, decoded.get(1).timestampMs());
        assertEquals("alpha", string(decoded.get(0).value()));
        assertEquals(2, decoded.get(0).headers().size());
        assertEquals("h1", decoded.get(0).headers().get(0).key());
        assertArrayEquals(bytes("x"), decoded.get(0).headers().get(0).value());
        assertNull(decoded.get(0).headers().get(1).value());
        assertNull(decoded.get(1).key());
        assertNull(decoded.get(2).value());
        assertEquals(0, batch.position(), "decode must not move the caller's buffer");
    }

    @Test
    void shouldReadHeaderFieldsWhenBatchIsBuilt() {
        ByteBuffer batch = RecordBatches.build(100L, 3, CompressionCodec.LZ4, List.of(
                new SimpleRecordData(5L, bytes("a"), bytes("1")), new SimpleRecordData(9L, bytes("b"), bytes("2"))));
        BatchHeader h = RecordBatches.readHeader(batch, 0);

        assertEquals(100L, h.baseOffset());
        assertEquals(101L, h.lastOffset());
        assertEquals(batch.remaining(), h.sizeInBytes());
        assertEquals(3, h.partitionLeaderEpoch());
        assertEquals(9L, h.maxTimestamp());
        assertEquals(2, h.recordCount());
        assertEquals(CompressionCodec.LZ4, h.compression());
        assertTrue(RecordBatches.isCrcValid(batch, 0, h.sizeInBytes()));
    }

    @Test
    void shouldKeepCrcValidWhenOffsetAndEpochAreStamped() {
        ByteBuffer batch = TestBatches.batch(3, 1L, "s");
        RecordBatches.stampOffsetAndEpoch(batch, 0, 1234L, 9);

        assertTrue(RecordBatches.isCrcValid(batch, 0, batch.remaining()));
        assertEquals(1234L, RecordBatches.decode(batch).get(0).offset());
        assertEquals(9, RecordBatches.decode(batch).get(2).leaderEpoch());
    }

    @Test
    void shouldRewriteCrcWhenLogAppendTimeIsSet() {
        ByteBuffer batch = TestBatches.batch(2, 1L, "t");
        RecordBatches.setLogAppendTime(batch, 0, batch.remaining(), 777L);

        assertTrue(RecordBatches.isCrcValid(batch, 0, batch.remaining()));
        assertTrue(RecordBatches.readHeader(batch, 0).isLogAppendTime());
        assertEquals(777L, RecordBatches.decode(batch).get(1).timestampMs());
    }

    @Test
    void shouldRejectWhenBatchIsEmpty() {
        assertThrows(IllegalArgumentException.class, () -> RecordBatches.build(List.of()));
    }
}
