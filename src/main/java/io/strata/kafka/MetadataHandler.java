package io.strata.kafka;

import io.strata.metadata.BrokerInfo;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * Metadata: brokers with their advertised endpoints, cluster id, controller, and for each asked-for
 * topic its id, partitions, leaders, leader epochs, replicas, ISR and offline replicas. Topics are
 * never auto-created. Only topics the caller may DESCRIBE are listed; one asked for by name or id
 * without that permission answers TOPIC_AUTHORIZATION_FAILED, as in Kafka. Served from the
 * in-memory image, on the event loop.
 */
@ApplicationScoped
public class MetadataHandler implements ApiHandler {

    private final MetadataCache metadata;
    private final KafkaListener listener;
    private final KafkaAuthorization auth;

    @Inject
    public MetadataHandler(MetadataCache metadata, KafkaListener listener, KafkaAuthorization auth) {
        this.metadata = metadata;
        this.listener = listener;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        MetadataRequestData request = context.body();
        short version = context.apiVersion();
        MetadataImage image = metadata.image();
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(listener.clusterId())
                .setControllerId(listener.controllerId(image));
        List<BrokerInfo> brokers = listener.brokers(image, false);
        Set<Integer> live = new HashSet<>();
        for (BrokerInfo b : brokers) {
            live.add(b.nodeId());
            response.brokers().add(new MetadataResponseBroker().setNodeId(b.nodeId()).setHost(b.host())
                    .setPort(b.kafkaPort()).setRack(b.rack().orElse(null)));
        }
        // v0 asks for all topics with an empty list; v1+ with null.
        boolean allTopics = request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (allTopics) {
            image.allTopics().stream().filter(t -> auth.visible(context, Operation.DESCRIBE, ResourceType.TOPIC, t.name()))
                    .forEach(t -> response.topics().add(topic(t, live)));
        } else {
            Map<String, TopicInfo> byId = null;
            for (MetadataRequestData.MetadataRequestTopic asked : request.topics()) {
                if (asked.name() == null) {
                    if (byId == null) {
                        byId = image.topicsById();
                    }
                    Uuid id = asked.topicId();
                    TopicInfo t = id == null || Uuid.ZERO_UUID.equals(id) ? null : byId.get(TopicIds.fromKafka(id));
                    if (t != null && !auth.allowed(context, Operation.DESCRIBE, ResourceType.TOPIC, t.name())) {
                        response.topics().add(new MetadataResponseTopic().setTopicId(id)
                                .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                        continue;
                    }
                    response.topics().add(t != null ? topic(t, live) : new MetadataResponseTopic()
                            .setTopicId(id == null ? Uuid.ZERO_UUID : id).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
                    continue;
                }
                Optional<TopicInfo> t = image.topic(asked.name());
                Errors error = !auth.allowed(context, Operation.DESCRIBE, ResourceType.TOPIC, asked.name())
                        ? Errors.TOPIC_AUTHORIZATION_FAILED
                        : t.isPresent() ? Errors.NONE : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                if (error == Errors.NONE) {
                    response.topics().add(topic(t.get(), live));
                } else if (response.topics().find(asked.name()) == null) {
                    response.topics().add(new MetadataResponseTopic().setName(asked.name()).setErrorCode(error.code()));
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static MetadataResponseTopic topic(TopicInfo topic, Set<Integer> live) {
        MetadataResponseTopic out = new MetadataResponseTopic().setName(topic.name())
                .setTopicId(TopicIds.toKafka(topic.topicId())).setIsInternal(false);
        for (PartitionInfo p : topic.partitions()) {
            List<Integer> offline = new ArrayList<>();
            for (int r : p.replicas()) {
                if (!live.contains(r)) {
                    offline.add(r);
                }
            }
            boolean leaderLive = p.hasLeader() && live.contains(p.leader());
            out.partitions().add(new MetadataResponsePartition()
                    .setPartitionIndex(p.partition())
                    .setErrorCode(leaderLive ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code())
                    .setLeaderId(leaderLive ? p.leader() : -1)
                    .setLeaderEpoch(p.leaderEpoch())
                    .setReplicaNodes(p.replicas())
                    .setIsrNodes(p.isr())
                    .setOfflineReplicas(offline));
        }
        return out;
    }
}
