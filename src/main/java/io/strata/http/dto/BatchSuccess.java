package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A {@code records:batch} entry that was acknowledged: its id and its delivery report's fields. */
public record BatchSuccess(
        String id,
        @JsonProperty("error_code") int errorCode,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("topic_name") String topicName,
        @JsonProperty("partition_id") int partitionId,
        long offset,
        String timestamp,
        SizeData key,
        SizeData value) {

    public static BatchSuccess of(String id, DeliveryReport r) {
        return new BatchSuccess(id, r.errorCode(), r.clusterId(), r.topicName(), r.partitionId(), r.offset(),
                r.timestamp(), r.key(), r.value());
    }
}
