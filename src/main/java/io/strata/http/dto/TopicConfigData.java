package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code KafkaTopicConfig}; {@code source} is {@code DYNAMIC_TOPIC_CONFIG} or {@code DEFAULT_CONFIG}. */
public record TopicConfigData(
        String kind,
        ResourceMetadata metadata,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("topic_name") String topicName,
        String name,
        String value,
        @JsonProperty("is_default") boolean isDefault,
        @JsonProperty("is_read_only") boolean isReadOnly,
        @JsonProperty("is_sensitive") boolean isSensitive,
        String source,
        List<ConfigSynonym> synonyms) {}
