package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code KafkaConsumerLag}: {@code lag = log_end_offset - current_offset}. {@code current_offset}
 * is -1 for an assigned partition with no commit yet (the lag then counts from the log start).
 */
public record ConsumerLagData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("consumer_group_id") String consumerGroupId,
        @JsonProperty("topic_name") String topicName,
        @JsonProperty("partition_id") int partitionId,
        @JsonProperty("current_offset") long currentOffset,
        @JsonProperty("log_end_offset") long logEndOffset,
        long lag,
        @JsonProperty("consumer_id") String consumerId,
        @JsonProperty("client_id") String clientId) {}
