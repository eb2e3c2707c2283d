package io.strata.log;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords.FilterResult;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetention;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetentionResult;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The single adapter over kafka-clients' record classes ({@code org.apache.kafka.common.record.internal},
 * which moved package in 4.3): no other Strata class imports them, so the next move is a one-file change.
 *
 * <p>Format: Kafka record batches with magic 2, laid out as described on {@link BatchHeader}; the CRC-32C
 * covers the bytes from the attributes field to the end of the batch, so the base offset and the partition
 * leader epoch can be stamped in place without touching it.
 *
 * <p>Offsets into a {@link ByteBuffer} are absolute indexes; nothing here moves a caller's position or limit.
 * Thread-safety: stateless; a buffer must not be modified by two threads at once.
 */
public final class RecordBatches {

    public static final byte MAGIC_V2 = RecordBatch.MAGIC_VALUE_V2;
    /** Base offset and length fields: the part of a batch that its length field does not count. */
    public static final int LOG_OVERHEAD = 12;
    /** Size of a v2 batch header, i.e. of a batch with no records. */
    public static final int HEADER_SIZE_BYTES = 61;
    /** Kafka's {@code RecordBatch.NO_TIMESTAMP}. */
    public static final long NO_TIMESTAMP = RecordBatch.NO_TIMESTAMP;

    static final int BASE_OFFSET_OFFSET = 0;
    static final int LENGTH_OFFSET = 8;
    static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int MAX_TIMESTAMP_OFFSET = 35;
    static final int PRODUCER_ID_OFFSET = 43;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int RECORDS_COUNT_OFFSET = 57;

    private RecordBatches() {
    }

    // ---------------------------------------------------------------- building and decoding

    /** Builds one uncompressed v2 batch with base offset 0, as a producer would send it. */
    public static ByteBuffer build(List<SimpleRecordData> records) {
        return build(0L, RecordBatch.NO_PARTITION_LEADER_EPOCH, CompressionCodec.NONE, records);
    }

    /** Builds one v2 batch with the given codec and base offset 0, as a producer would send it. */
    public static ByteBuffer build(CompressionCodec codec, List<SimpleRecordData> records) {
        return build(0L, RecordBatch.NO_PARTITION_LEADER_EPOCH, codec, records);
    }

    /**
     * Builds one v2 CreateTime batch through kafka-clients' {@code MemoryRecordsBuilder}.
     *
     * @return a buffer positioned at the batch start and limited to its end
     */
    public static ByteBuffer build(long baseOffset, int partitionLeaderEpoch, CompressionCodec codec,
                                   List<SimpleRecordData> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("A record batch needs at least one record");
        }
        int estimate = HEADER_SIZE_BYTES;
        for (SimpleRecordData r : records) {
            estimate += 32 + length(r.key()) + length(r.value());
            for (Header h : r.headers()) {
                estimate += 16 + h.key().length() * 3 + length(h.value());
            }
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(estimate), MAGIC_V2,
                kafkaCompression(codec), TimestampType.CREATE_TIME, baseOffset, NO_TIMESTAMP,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE,
                false, partitionLeaderEpoch);
        for (SimpleRecordData r : records) {
            org.apache.kafka.common.header.Header[] headers = new org.apache.kafka.common.header.Header[r.headers().size()];
            for (int i = 0; i < headers.length; i++) {
                Header h = r.headers().get(i);
                headers[i] = new RecordHeader(h.key(), h.value());
            }
            builder.append(r.timestampMs(), r.key(), r.value(), headers);
        }
        return builder.build().buffer();
    }

    /**
     * Decodes every data record of the batches between position and limit (decompressing where needed);
     * control batches (transaction markers) are skipped as a consumer would, and a trailing partial batch
     * is ignored as in a Kafka fetch response.
     */
    public static List<DecodedRecord> decode(ByteBuffer batches) {
        List<DecodedRecord> out = new ArrayList<>();
        try {
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(batches.slice()).batches()) {
                if (batch.magic() != MAGIC_V2) {
                    throw corrupt("Unsupported record batch magic " + batch.magic());
                }
                if (batch.isControlBatch()) {
                    continue;
                }
                try (CloseableIterator<Record> it = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
                    while (it.hasNext()) {
                        Record r = it.next();
                        List<Header> headers = new ArrayList<>(r.headers().length);
                        for (org.apache.kafka.common.header.Header h : r.headers()) {
                            headers.add(new Header(h.key(), h.value()));
                        }
                        out.add(new DecodedRecord(r.offset(), r.timestamp(), batch.partitionLeaderEpoch(),
                                bytes(r.hasKey() ? r.key() : null), bytes(r.hasValue() ? r.value() : null), headers));
                    }
                }
            }
        } catch (KafkaException | BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw corrupt("Cannot decode record batch: " + e.getMessage());
        }
        return out;
    }

    // ---------------------------------------------------------------- the generated messages' records fields

    /**
     * The batch bytes of a request's records field (Produce), or empty when they are not in-memory batches
     * or hold nothing. Lets the protocol layer use the generated messages without importing record classes.
     */
    public static Optional<ByteBuffer> wireBytes(BaseRecords records) {
        return records instanceof MemoryRecords m && m.sizeInBytes() > 0 ? Optional.of(m.buffer()) : Optional.empty();
    }

    /** Batches read from a log as the records field of a response (Fetch); nothing at all for an empty buffer. */
    public static BaseRecords wireRecords(ByteBuffer batches) {
        return batches == null || !batches.hasRemaining() ? MemoryRecords.EMPTY : MemoryRecords.readableRecords(batches);
    }

    // ---------------------------------------------------------------- header access

    /** Decodes the header of the batch starting at {@code pos}; needs {@link #HEADER_SIZE_BYTES} bytes there. */
    static BatchHeader readHeader(ByteBuffer buf, int pos) {
        return new BatchHeader(
                buf.getLong(pos + BASE_OFFSET_OFFSET),
                buf.getInt(pos + LENGTH_OFFSET) + LOG_OVERHEAD,
                buf.getInt(pos + PARTITION_LEADER_EPOCH_OFFSET),
                buf.get(pos + MAGIC_OFFSET),
                buf.getInt(pos + CRC_OFFSET),
                buf.getShort(pos + ATTRIBUTES_OFFSET),
                buf.getInt(pos + LAST_OFFSET_DELTA_OFFSET),
                buf.getLong(pos + BASE_TIMESTAMP_OFFSET),
                buf.getLong(pos + MAX_TIMESTAMP_OFFSET),
                buf.getLong(pos + PRODUCER_ID_OFFSET),
                buf.getShort(pos + PRODUCER_EPOCH_OFFSET),
                buf.getInt(pos + BASE_SEQUENCE_OFFSET),
                buf.getInt(pos + RECORDS_COUNT_OFFSET));
    }

    /** Whether the stored CRC-32C matches the bytes from the attributes field to the batch end. */
    static boolean isCrcValid(ByteBuffer buf, int pos, int sizeInBytes) {
        if (sizeInBytes < HEADER_SIZE_BYTES) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(pos + ATTRIBUTES_OFFSET, sizeInBytes - ATTRIBUTES_OFFSET));
        return (int) crc.getValue() == buf.getInt(pos + CRC_OFFSET);
    }

    /** Assigns the batch's offsets and leader epoch in place; neither field is covered by the CRC. */
    static void stampOffsetAndEpoch(ByteBuffer buf, int pos, long baseOffset, int partitionLeaderEpoch) {
        buf.putLong(pos + BASE_OFFSET_OFFSET, baseOffset);
        buf.putInt(pos + PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
    }

    /** Switches the batch to LogAppendTime with the given time; this rewrites the CRC, as Kafka does. */
    static void setLogAppendTime(ByteBuffer buf, int pos, int sizeInBytes, long appendTimeMs) {
        batchAt(buf, pos, sizeInBytes).setMaxTimestamp(TimestampType.LOG_APPEND_TIME, appendTimeMs);
    }

    /** Receives records one by one; return false to stop early. */
    @FunctionalInterface
    interface RecordVisitor {
        boolean visit(long offset, long timestampMs, boolean hasKey);
    }

    /** Walks the records of one batch (decompressing if needed) without copying keys or values. */
    static void forEachRecord(ByteBuffer buf, int pos, int sizeInBytes, RecordVisitor visitor) {
        try {
            MutableRecordBatch batch = batchAt(buf, pos, sizeInBytes);
            try (CloseableIterator<Record> it = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
                while (it.hasNext()) {
                    Record r = it.next();
                    if (!visitor.visit(r.offset(), r.timestamp(), r.hasKey())) {
                        return;
                    }
                }
            }
        } catch (KafkaException | BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw corrupt("Cannot read records of batch: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- compaction

    /** Receives the key of each record of a batch; the key buffer is a read-only view valid during the call. */
    @FunctionalInterface
    interface KeyVisitor {
        void visit(long offset, ByteBuffer key, boolean hasValue);
    }

    /** Walks the records of one batch (decompressing if needed), handing out key views without copying them. */
    static void forEachRecordKey(ByteBuffer buf, int pos, int sizeInBytes, KeyVisitor visitor) {
        try {
            MutableRecordBatch batch = batchAt(buf, pos, sizeInBytes);
            try (CloseableIterator<Record> it = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
                while (it.hasNext()) {
                    Record r = it.next();
                    visitor.visit(r.offset(), r.hasKey() ? r.key() : null, r.hasValue());
                }
            }
        } catch (KafkaException | BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw corrupt("Cannot read records of batch: " + e.getMessage());
        }
    }

    /** The log cleaner's decisions, free of kafka-clients types. */
    interface CompactionRule {
        /** Whether a batch whose records are all dropped stays as an empty batch header (an idempotent producer's last batch). */
        boolean retainEmptyBatch(long baseOffset, long lastOffset, long producerId, boolean control);

        /**
         * Whether a record survives.
         *
         * @param key             read-only view of the key, valid during the call; null for a keyless record
         * @param deleteHorizonMs the batch's delete horizon, or -1 when the batch carries none yet
         */
        boolean retainRecord(long offset, ByteBuffer key, boolean hasValue, boolean controlBatch, long deleteHorizonMs);
    }

    /**
     * Result of {@link #filterForCompaction}.
     *
     * @param output         the surviving batches, between position and limit
     * @param recordsRead    records examined
     * @param recordsRetained records kept
     */
    record CompactionOutput(ByteBuffer output, int recordsRead, int recordsRetained) {
    }

    /**
     * Rewrites whole v2 batches keeping the records {@code rule} retains, with kafka-clients' own filter (the
     * one Kafka's cleaner uses), so the result is exactly what Kafka would store:
     * <ul>
     *   <li>a batch whose records all survive and that needs no delete horizon is copied byte for byte;</li>
     *   <li>otherwise it is rebuilt with the same base offset, last offset (so producer sequence numbers stay
     *       right), leader epoch, producer id/epoch/base sequence, timestamp type and compression codec
     *       (decompressed and recompressed), record offsets, timestamps and headers unchanged;</li>
     *   <li>a batch holding a tombstone that has no delete horizon yet gets one: nowMs + deleteRetentionMs,
     *       stored in the base timestamp field with the delete-horizon attribute bit (KIP-534);</li>
     *   <li>a batch left without records disappears, or stays as a bare header when the rule says so.</li>
     * </ul>
     *
     * @param batches whole batches between position and limit (untouched)
     */
    static CompactionOutput filterForCompaction(ByteBuffer batches, CompactionRule rule, long nowMs, long deleteRetentionMs) {
        ByteBuffer in = batches.slice();
        RecordFilter filter = new RecordFilter(nowMs, deleteRetentionMs) {
            @Override
            protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
                boolean retainEmpty = rule.retainEmptyBatch(batch.baseOffset(), batch.lastOffset(), batch.producerId(),
                        batch.isControlBatch());
                return new BatchRetentionResult(retainEmpty ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
            }

            @Override
            protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
                return rule.retainRecord(record.offset(), record.hasKey() ? record.key() : null, record.hasValue(),
                        batch.isControlBatch(), batch.deleteHorizonMs().orElse(-1L));
            }
        };
        ByteBuffer dest = ByteBuffer.allocate(Math.max(HEADER_SIZE_BYTES, in.remaining()));
        int read = 0;
        int recordsRead = 0;
        int recordsRetained = 0;
        try {
            while (read < in.limit()) {
                MemoryRecords rest = MemoryRecords.readableRecords(in.slice(read, in.limit() - read));
                FilterResult r = rest.filterTo(filter, dest, BufferSupplier.NO_CACHING);
                // filterTo stops early when it had to grow the output buffer; the grown buffer keeps what was written.
                dest = r.outputBuffer();
                if (r.bytesRead() <= 0) {
                    throw corrupt("Cannot filter record batches at position " + read);
                }
                read += r.bytesRead();
                recordsRead += r.messagesRead();
                recordsRetained += r.messagesRetained();
            }
        } catch (KafkaException | BufferUnderflowException | IndexOutOfBoundsException e) {
            throw corrupt("Cannot filter record batches: " + e.getMessage());
        }
        dest.flip();
        return new CompactionOutput(dest, recordsRead, recordsRetained);
    }

    // ---------------------------------------------------------------- helpers

    private static MutableRecordBatch batchAt(ByteBuffer buf, int pos, int sizeInBytes) {
        Iterator<MutableRecordBatch> it = MemoryRecords.readableRecords(buf.slice(pos, sizeInBytes)).batches().iterator();
        if (!it.hasNext()) {
            throw corrupt("Truncated record batch at position " + pos);
        }
        return it.next();
    }

    private static Compression kafkaCompression(CompressionCodec codec) {
        return switch (codec) {
            case NONE -> Compression.NONE;
            case GZIP -> Compression.gzip().build();
            case SNAPPY -> Compression.snappy().build();
            case LZ4 -> Compression.lz4().build();
            case ZSTD -> Compression.zstd().build();
        };
    }

    private static StrataException corrupt(String message) {
        return new StrataException(ErrorKind.CORRUPT_MESSAGE, message);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
