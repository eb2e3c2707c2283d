package io.strata.kafka;

import io.strata.broker.PartitionManager;
import io.strata.broker.PartitionState;
import io.strata.common.TopicPartition;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import io.strata.security.AuditLog.AuditEvent;
import io.strata.security.AuditStates;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Audit descriptions of the topic admin APIs: CreateTopics, DeleteTopics and CreatePartitions (the
 * topic before and after, as {@link AuditStates#topic}), DeleteRecords (log start offsets per
 * partition) and ElectLeaders (leader per partition). {@code validate_only} requests change nothing
 * and are not recorded. Stateless.
 */
@ApplicationScoped
class TopicAdminAudits implements AuditedApis {

    private final MetadataCache metadata;
    private final PartitionManager partitions;

    @Inject
    TopicAdminAudits(MetadataCache metadata, PartitionManager partitions) {
        this.metadata = metadata;
        this.partitions = partitions;
    }

    @Override
    public Map<ApiKeys, AuditedApi> apis() {
        return Map.of(
                ApiKeys.CREATE_TOPICS, AuditedApi.of(this::createTopics)
                        .when(c -> !c.<CreateTopicsRequestData>body().validateOnly()),
                ApiKeys.DELETE_TOPICS, AuditedApi.of(this::deleteTopics).beforeFromMemory(c -> topicsById()),
                ApiKeys.CREATE_PARTITIONS, AuditedApi.of(this::createPartitions)
                        .when(c -> !c.<CreatePartitionsRequestData>body().validateOnly())
                        .beforeFromMemory(c -> topicsByName()),
                ApiKeys.DELETE_RECORDS, AuditedApi.of(this::deleteRecords).beforeFromMemory(this::logStartOffsets),
                ApiKeys.ELECT_LEADERS, AuditedApi.of(this::electLeaders).beforeFromMemory(c -> metadata.image()));
    }

    private static String topic(String name) {
        return AuditEvent.resource(ResourceType.TOPIC, name);
    }

    private Object stateNow(String topic) {
        return metadata.image().topic(topic).map(AuditStates::topic).orElse(null);
    }

    private Map<String, AuditStates.TopicState> topicsByName() {
        Map<String, AuditStates.TopicState> out = new HashMap<>();
        metadata.image().allTopics().forEach(t -> out.put(t.name(), AuditStates.topic(t)));
        return out;
    }

    private Map<String, AuditStates.TopicState> topicsById() {
        Map<String, AuditStates.TopicState> out = topicsByName();
        metadata.image().allTopics().forEach(t -> out.put(t.topicId(), AuditStates.topic(t)));
        return out;
    }

    private List<AdminChange> createTopics(RequestContext context, Object response, Object before) {
        List<AdminChange> changes = new ArrayList<>();
        for (CreateTopicsResponseData.CreatableTopicResult r : ((CreateTopicsResponseData) response).topics()) {
            changes.add(new AdminChange(topic(r.name()), r.errorCode(), r.errorMessage(), null,
                    r.errorCode() == 0 ? stateNow(r.name()) : null));
        }
        return changes;
    }

    @SuppressWarnings("unchecked")
    private List<AdminChange> deleteTopics(RequestContext context, Object response, Object before) {
        Map<String, AuditStates.TopicState> topics = before == null ? Map.of() : (Map<String, AuditStates.TopicState>) before;
        List<AdminChange> changes = new ArrayList<>();
        for (DeleteTopicsResponseData.DeletableTopicResult r : ((DeleteTopicsResponseData) response).responses()) {
            String key = r.name() != null ? r.name() : TopicIds.fromKafka(r.topicId());
            changes.add(new AdminChange(topic(key), r.errorCode(), r.errorMessage(), topics.get(key), null));
        }
        return changes;
    }

    @SuppressWarnings("unchecked")
    private List<AdminChange> createPartitions(RequestContext context, Object response, Object before) {
        Map<String, AuditStates.TopicState> topics = before == null ? Map.of() : (Map<String, AuditStates.TopicState>) before;
        List<AdminChange> changes = new ArrayList<>();
        for (CreatePartitionsResponseData.CreatePartitionsTopicResult r : ((CreatePartitionsResponseData) response).results()) {
            changes.add(new AdminChange(topic(r.name()), r.errorCode(), r.errorMessage(), topics.get(r.name()),
                    r.errorCode() == 0 ? stateNow(r.name()) : null));
        }
        return changes;
    }

    private Map<TopicPartition, Long> logStartOffsets(RequestContext context) {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (DeleteRecordsRequestData.DeleteRecordsTopic t : context.<DeleteRecordsRequestData>body().topics()) {
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                partitions.stateIfHosted(tp).map(PartitionState::logStartOffset).ifPresent(o -> out.put(tp, o));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<AdminChange> deleteRecords(RequestContext context, Object response, Object before) {
        Map<TopicPartition, Long> offsets = before == null ? Map.of() : (Map<TopicPartition, Long>) before;
        List<AdminChange> changes = new ArrayList<>();
        for (DeleteRecordsResponseData.DeleteRecordsTopicResult t : ((DeleteRecordsResponseData) response).topics()) {
            Map<Integer, Long> lowWatermarks = new HashMap<>();
            List<AdminChange.PartitionResult<Integer>> results = new ArrayList<>();
            t.partitions().forEach(p -> {
                lowWatermarks.put(p.partitionIndex(), p.lowWatermark());
                results.add(new AdminChange.PartitionResult<>(p.partitionIndex(), p.errorCode()));
            });
            changes.addAll(AdminChange.byOutcome(topic(t.name()), results, code -> code == 0,
                    p -> offsets.get(new TopicPartition(t.name(), p)), lowWatermarks::get));
        }
        return changes;
    }

    private List<AdminChange> electLeaders(RequestContext context, Object response, Object before) {
        ElectLeadersResponseData data = (ElectLeadersResponseData) response;
        MetadataImage image = before == null ? metadata.image() : (MetadataImage) before;
        if (data.errorCode() != 0) {
            return List.of(new AdminChange(AuditEvent.resource(ResourceType.CLUSTER, ResourceType.CLUSTER_NAME),
                    data.errorCode(), null, null, null));
        }
        List<AdminChange> changes = new ArrayList<>();
        for (ElectLeadersResponseData.ReplicaElectionResult t : data.replicaElectionResults()) {
            TopicInfo info = image.topic(t.topic()).orElse(null);
            List<AdminChange.PartitionResult<Integer>> results = t.partitionResult().stream()
                    .map(p -> new AdminChange.PartitionResult<>(p.partitionId(), p.errorCode())).toList();
            changes.addAll(AdminChange.byOutcome(topic(t.topic()), results,
                    code -> code == 0 || code == Errors.ELECTION_NOT_NEEDED.code(),
                    p -> leader(info, p, false), p -> leader(info, p, true)));
        }
        return changes;
    }

    /** The partition's leader as it was, or as a preferred election leaves it (its first replica). */
    private static Integer leader(TopicInfo topic, int partition, boolean preferred) {
        if (topic == null || partition < 0 || partition >= topic.partitionCount()) {
            return null;
        }
        PartitionInfo p = topic.partition(partition);
        return preferred && !p.replicas().isEmpty() ? p.replicas().get(0) : p.leader();
    }
}
