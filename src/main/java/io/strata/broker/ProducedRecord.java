package io.strata.broker;

/** Where an acknowledged record landed, and the timestamp the log holds for it. */
public record ProducedRecord(String topic, int partition, long offset, long timestampMs) {}
