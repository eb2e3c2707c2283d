package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code KafkaPartition}. After the Confluent fields come Strata extensions: the replica state from
 * the metadata, and this broker's view of the log ({@code null} when it does not host the partition).
 */
public record PartitionData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("topic_name") String topicName,
        @JsonProperty("partition_id") int partitionId,
        Related leader,
        Related replicas,
        @JsonProperty("leader_id") Integer leaderId,
        @JsonProperty("replica_ids") List<Integer> replicaIds,
        @JsonProperty("isr_ids") List<Integer> isrIds,
        @JsonProperty("leader_epoch") int leaderEpoch,
        @JsonProperty("log_start_offset") Long logStartOffset,
        @JsonProperty("high_watermark") Long highWatermark,
        @JsonProperty("log_end_offset") Long logEndOffset,
        @JsonProperty("size_bytes") Long sizeBytes) {}
