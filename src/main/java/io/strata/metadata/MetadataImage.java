package io.strata.metadata;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of the cluster metadata at one {@code version} of the metadata table.
 * Readers take the current image once per request and use it throughout, so a request never sees
 * half of a change.
 */
public record MetadataImage(
        long version, String clusterId, int controllerId, long controllerEpoch,
        SortedMap<Integer, BrokerInfo> brokers, SortedMap<String, TopicInfo> topics) {

    public static final MetadataImage EMPTY =
            new MetadataImage(-1, "", -1, 0, new TreeMap<>(), new TreeMap<>());

    public MetadataImage {
        brokers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
        topics = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(topics));
    }

    public Optional<TopicInfo> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    public Optional<BrokerInfo> broker(int nodeId) {
        return Optional.ofNullable(brokers.get(nodeId));
    }

    public List<BrokerInfo> liveBrokers() {
        return brokers.values().stream().filter(BrokerInfo::alive).toList();
    }

    public Collection<TopicInfo> allTopics() {
        return topics.values();
    }

    public Map<String, TopicInfo> topicsById() {
        Map<String, TopicInfo> byId = new java.util.HashMap<>();
        topics.values().forEach(t -> byId.put(t.topicId(), t));
        return byId;
    }
}
