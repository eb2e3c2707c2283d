package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code KafkaConsumerGroup}. Strata extensions: {@code protocol_type}, {@code generation_id} and
 * the members inline in {@code members}, so a console needs one call per group.
 */
public record ConsumerGroupData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("consumer_group_id") String consumerGroupId,
        @JsonProperty("is_simple") boolean isSimple,
        @JsonProperty("partition_assignor") String partitionAssignor,
        String state,
        @JsonProperty("protocol_type") String protocolType,
        @JsonProperty("generation_id") int generationId,
        Related coordinator,
        Related consumers,
        @JsonProperty("lag_summary") Related lagSummary,
        List<ConsumerData> members) {}
