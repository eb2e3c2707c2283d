package io.strata.broker;

/** A hosted partition's offsets and size, as reported by the partitions API and used for lag. */
public record PartitionState(long logStartOffset, long highWatermark, long logEndOffset, long sizeBytes) {}
