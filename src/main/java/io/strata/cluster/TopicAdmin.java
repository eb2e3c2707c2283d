package io.strata.cluster;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.config.TopicConfigs;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.MetadataStore;
import io.strata.metadata.NewTopic;
import io.strata.metadata.TopicInfo;
import io.strata.metadata.TopicNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Topic administration shared by every front end (HTTP, Kafka CreateTopics, ...): validation,
 * placement on the live brokers and the metadata write, followed by a refresh of this broker's
 * image so the caller reads its own write.
 */
@ApplicationScoped
public class TopicAdmin {

    /** Kafka's upper bound keeps a single request from creating an unmanageable number of logs. */
    public static final int MAX_PARTITIONS = 10_000;
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    public static final int DEFAULT_PARTITIONS = 1;

    private final MetadataStore store;
    private final MetadataCache cache;

    @Inject
    public TopicAdmin(MetadataStore store, MetadataCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /**
     * Validates and (unless {@code validateOnly}) creates a topic. {@code partitions} or
     * {@code replicationFactor} of -1 take the defaults, as Kafka's CreateTopics does.
     */
    public TopicInfo createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs,
            boolean validateOnly) {
        TopicNames.validate(name);
        int partitionCount = partitions == -1 ? DEFAULT_PARTITIONS : partitions;
        int rf = replicationFactor == -1 ? DEFAULT_REPLICATION_FACTOR : replicationFactor;
        if (partitionCount <= 0 || partitionCount > MAX_PARTITIONS) {
            throw new StrataException(ErrorKind.INVALID_PARTITIONS,
                    "Number of partitions must be between 1 and " + MAX_PARTITIONS + ": " + partitionCount);
        }
        Map<String, String> overrides = configs == null ? Map.of() : Map.copyOf(configs);
        TopicConfigs.validate(overrides);
        MetadataImage image = cache.refresh();
        if (image.topic(name).isPresent()) {
            throw new StrataException(ErrorKind.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        }
        List<List<Integer>> assignment = ReplicaPlacement.assign(name, image.liveBrokers(), 0, partitionCount, rf);
        NewTopic topic = new NewTopic(name, rf, overrides, assignment);
        if (validateOnly) {
            return store.previewTopic(topic);
        }
        TopicInfo created = store.createTopic(topic);
        cache.refresh();
        return created;
    }

    public void deleteTopic(String name) {
        requireTopic(name);
        store.deleteTopic(name);
        cache.refresh();
    }

    /** Raises the partition count; Kafka never lets it shrink. */
    public TopicInfo createPartitions(String name, int newTotal, boolean validateOnly) {
        TopicInfo topic = requireTopic(name);
        int current = topic.partitionCount();
        if (newTotal <= current) {
            throw new StrataException(ErrorKind.INVALID_PARTITIONS, "Topic currently has " + current
                    + " partitions, which is higher than or equal to the requested " + newTotal + ".");
        }
        if (newTotal > MAX_PARTITIONS) {
            throw new StrataException(ErrorKind.INVALID_PARTITIONS, "Number of partitions must be at most " + MAX_PARTITIONS);
        }
        List<List<Integer>> added = ReplicaPlacement.assign(
                name, cache.image().liveBrokers(), current, newTotal - current, topic.replicationFactor());
        if (!validateOnly) {
            store.createPartitions(name, current, added);
        }
        return cache.refresh().topic(name).orElse(topic);
    }

    /**
     * Sets ({@code Optional.of}) or removes ({@code Optional.empty}) topic config overrides, all or
     * nothing. Returns the overrides before the change.
     */
    public Map<String, String> alterConfigs(String name, Map<String, Optional<String>> changes, boolean validateOnly) {
        TopicInfo topic = requireTopic(name);
        Map<String, String> after = new HashMap<>(topic.configs());
        changes.forEach((k, v) -> {
            if (v.isPresent()) {
                after.put(k, v.get());
            } else {
                if (TopicConfigs.definition(k).isEmpty()) {
                    throw new StrataException(ErrorKind.INVALID_CONFIG, "Unknown topic config name: " + k);
                }
                after.remove(k);
            }
        });
        TopicConfigs.validate(after);
        if (validateOnly) {
            return topic.configs();
        }
        Map<String, String> before = store.alterTopicConfigs(name, changes);
        cache.refresh();
        return before;
    }

    public TopicInfo requireTopic(String name) {
        return cache.image().topic(name).or(() -> cache.refresh().topic(name)).orElseThrow(() -> new StrataException(
                ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic: " + name));
    }
}
