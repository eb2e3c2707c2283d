package io.strata.log;

import io.strata.common.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for the batches and logs the tests append and open. */
final class TestBatches {

    static final TopicPartition TP = new TopicPartition("orders", 0);

    private TestBatches() {
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** An uncompressed batch of {@code count} keyed records "k<prefix>-i" / "v<prefix>-i" at {@code timestampMs}. */
    static ByteBuffer batch(int count, long timestampMs, String prefix) {
        return batch(CompressionCodec.NONE, count, timestampMs, prefix, 0);
    }

    static ByteBuffer batch(CompressionCodec codec, int count, long timestampMs, String prefix, int valuePadding) {
        List<SimpleRecordData> records = new ArrayList<>(count);
        String pad = "x".repeat(valuePadding);
        for (int i = 0; i < count; i++) {
            records.add(new SimpleRecordData(timestampMs, bytes("k" + prefix + "-" + i), bytes("v" + prefix + "-" + i + pad)));
        }
        return RecordBatches.build(codec, records);
    }

    static LogConfig config(Map<String, String> overrides) {
        return LogConfig.fromOverrides(overrides);
    }

    static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
