package io.strata.testing;

import java.util.List;

/** A row of the {@code partitions} table, as the cluster tests read it straight from PostgreSQL. */
public record PartitionRow(int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
        int partitionEpoch) {}
