package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code KafkaConsumer}: a group member, with its assigned partitions inline (a Strata extension). */
public record ConsumerData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("consumer_group_id") String consumerGroupId,
        @JsonProperty("consumer_id") String consumerId,
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_host") String clientHost,
        List<AssignmentData> assignments) {}
