package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a produced record landed. {@code error_code} is 200; {@code timestamp} is ISO-8601. */
public record DeliveryReport(
        @JsonProperty("error_code") int errorCode,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("topic_name") String topicName,
        @JsonProperty("partition_id") int partitionId,
        long offset,
        String timestamp,
        SizeData key,
        SizeData value) {}
