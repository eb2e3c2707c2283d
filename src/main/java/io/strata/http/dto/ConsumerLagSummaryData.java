package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code KafkaConsumerGroupLagSummary}: the group's largest partition lag and the sum of all. */
public record ConsumerLagSummaryData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("consumer_group_id") String consumerGroupId,
        @JsonProperty("max_lag_topic_name") String maxLagTopicName,
        @JsonProperty("max_lag_partition_id") Integer maxLagPartitionId,
        @JsonProperty("max_lag") long maxLag,
        @JsonProperty("total_lag") long totalLag) {}
