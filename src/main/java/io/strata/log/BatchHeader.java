package io.strata.log;

/**
 * The fixed 61-byte header of a Kafka v2 record batch, decoded. Field layout (big-endian):
 * baseOffset int64 | length int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 * attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
 * producerId int64 | producerEpoch int16 | baseSequence int32 | recordCount int32.
 *
 * @param sizeInBytes whole batch size, i.e. the length field plus the 12 bytes of offset and length
 */
record BatchHeader(long baseOffset, int sizeInBytes, int partitionLeaderEpoch, byte magic, int crc,
                   short attributes, int lastOffsetDelta, long baseTimestamp, long maxTimestamp, long producerId,
                   short producerEpoch, int baseSequence, int recordCount) {

    private static final int COMPRESSION_MASK = 0x07;
    private static final int TIMESTAMP_TYPE_MASK = 0x08;
    private static final int TRANSACTIONAL_MASK = 0x10;
    private static final int CONTROL_MASK = 0x20;
    private static final int DELETE_HORIZON_MASK = 0x40;

    long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }

    long nextOffset() {
        return lastOffset() + 1;
    }

    CompressionCodec compression() {
        return CompressionCodec.forId(attributes & COMPRESSION_MASK);
    }

    boolean isLogAppendTime() {
        return (attributes & TIMESTAMP_TYPE_MASK) != 0;
    }

    boolean isTransactional() {
        return (attributes & TRANSACTIONAL_MASK) != 0;
    }

    /** Whether the cleaner stamped a delete horizon (then held in the base timestamp field, KIP-534). */
    boolean hasDeleteHorizon() {
        return (attributes & DELETE_HORIZON_MASK) != 0;
    }

    boolean isControl() {
        return (attributes & CONTROL_MASK) != 0;
    }
}
