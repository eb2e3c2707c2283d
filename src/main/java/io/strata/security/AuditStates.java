package io.strata.security;

import io.strata.metadata.TopicInfo;
import java.util.Map;
import java.util.TreeMap;

/**
 * The before/after shapes both front ends record for the same kind of change, so an audit reader
 * sees one shape whether a topic was changed over HTTP or over Kafka.
 */
public final class AuditStates {

    /** A topic as the audit log shows it (serialised with snake_case names). */
    public record TopicState(String name, String topicId, int partitionsCount, int replicationFactor,
            Map<String, String> configs) {}

    private AuditStates() {}

    public static TopicState topic(TopicInfo topic) {
        return new TopicState(topic.name(), topic.topicId(), topic.partitionCount(), topic.replicationFactor(),
                configs(topic));
    }

    /** A topic's config overrides, sorted by name (the state a config change changes). */
    public static Map<String, String> configs(TopicInfo topic) {
        return new TreeMap<>(topic.configs());
    }
}
