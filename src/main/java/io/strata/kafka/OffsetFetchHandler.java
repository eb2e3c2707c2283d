package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupIds;
import io.strata.common.TopicPartition;
import io.strata.group.OffsetManager;
import io.strata.metadata.StoredOffset;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetFetch: one group (v1-7) or several (v8+); named partitions, or every committed one when the
 * topic list is null. A partition without a commit answers offset -1. {@code require_stable} needs
 * nothing extra: without transactions no commit is ever pending. Offsets are read on a worker
 * (the first read of a group loads it from PostgreSQL). Stateless.
 */
@ApplicationScoped
public class OffsetFetchHandler implements ApiHandler {

    private final OffsetManager offsets;
    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public OffsetFetchHandler(OffsetManager offsets, KafkaAuthorization auth, CoordinatorPlacement placement) {
        this.offsets = offsets;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    /** One partition's answer, before it is shaped for the request's version. */
    private record Fetched(String topic, int partition, long offset, int leaderEpoch, String metadata, Errors error) {}

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        OffsetFetchRequestData request = context.body();
        short version = context.apiVersion();
        return context.blocking(() -> version >= 8 ? fetchGroups(context, request) : fetchOne(context, request, version));
    }

    private OffsetFetchResponseData fetchOne(RequestContext context, OffsetFetchRequestData request, short version) {
        Map<String, List<Integer>> asked = null;
        if (request.topics() != null) {
            asked = new LinkedHashMap<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic t : request.topics()) {
                asked.computeIfAbsent(t.name(), k -> new ArrayList<>()).addAll(t.partitionIndexes());
            }
        }
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        List<Fetched> fetched;
        try {
            fetched = fetch(context, request.groupId(), asked);
        } catch (RuntimeException e) {
            short code = KafkaErrors.code(e);
            if (version >= 2) {
                return response.setErrorCode(code);
            }
            fetched = errorForAll(asked, Errors.forCode(code));
        }
        Map<String, OffsetFetchResponseData.OffsetFetchResponseTopic> topics = new LinkedHashMap<>();
        for (Fetched f : fetched) {
            OffsetFetchResponseData.OffsetFetchResponsePartition p = new OffsetFetchResponseData.OffsetFetchResponsePartition()
                    .setPartitionIndex(f.partition()).setCommittedOffset(f.offset()).setMetadata(f.metadata())
                    .setErrorCode(f.error().code());
            if (version >= 5) {
                p.setCommittedLeaderEpoch(f.leaderEpoch());
            }
            topics.computeIfAbsent(f.topic(), n -> new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(n))
                    .partitions().add(p);
        }
        response.topics().addAll(topics.values());
        return response;
    }

    private OffsetFetchResponseData fetchGroups(RequestContext context, OffsetFetchRequestData request) {
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        for (OffsetFetchRequestData.OffsetFetchRequestGroup group : request.groups()) {
            OffsetFetchResponseData.OffsetFetchResponseGroup out = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                    .setGroupId(group.groupId());
            response.groups().add(out);
            Map<String, List<Integer>> asked = null;
            if (group.topics() != null) {
                asked = new LinkedHashMap<>();
                for (OffsetFetchRequestData.OffsetFetchRequestTopics t : group.topics()) {
                    asked.computeIfAbsent(t.name(), k -> new ArrayList<>()).addAll(t.partitionIndexes());
                }
            }
            List<Fetched> fetched;
            try {
                fetched = fetch(context, group.groupId(), asked);
            } catch (RuntimeException e) {
                out.setErrorCode(KafkaErrors.code(e));
                continue;
            }
            Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> topics = new LinkedHashMap<>();
            for (Fetched f : fetched) {
                topics.computeIfAbsent(f.topic(), n -> new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(n))
                        .partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                                .setPartitionIndex(f.partition()).setCommittedOffset(f.offset())
                                .setCommittedLeaderEpoch(f.leaderEpoch()).setMetadata(f.metadata())
                                .setErrorCode(f.error().code()));
            }
            out.topics().addAll(topics.values());
        }
        return response;
    }

    /**
     * {@code asked} null means every committed partition of a topic the caller may describe; an asked
     * topic it may not describe answers TOPIC_AUTHORIZATION_FAILED. The group needs DESCRIBE.
     */
    private List<Fetched> fetch(RequestContext context, String groupId, Map<String, List<Integer>> asked) {
        auth.require(context, Operation.DESCRIBE, ResourceType.GROUP, groupId);
        if (!GroupIds.isValid(groupId)) {
            throw new KafkaErrorException(Errors.INVALID_GROUP_ID);
        }
        if (placement.notCoordinatorFor(groupId)) {
            throw new KafkaErrorException(Errors.NOT_COORDINATOR);
        }
        Map<TopicPartition, StoredOffset> committed = offsets.fetch(groupId);
        List<Fetched> out = new ArrayList<>();
        if (asked == null) {
            committed.values().stream()
                    .filter(o -> auth.visible(context, Operation.DESCRIBE, ResourceType.TOPIC, o.topic()))
                    .sorted(Comparator.comparing(StoredOffset::topic).thenComparingInt(StoredOffset::partition))
                    .forEach(o -> out.add(fetched(o)));
            return out;
        }
        asked.forEach((topic, partitions) -> {
            boolean allowed = auth.allowed(context, Operation.DESCRIBE, ResourceType.TOPIC, topic);
            for (int partition : partitions) {
                if (!allowed) {
                    out.add(new Fetched(topic, partition, -1, -1, "", Errors.TOPIC_AUTHORIZATION_FAILED));
                    continue;
                }
                StoredOffset o = partition < 0 ? null : committed.get(new TopicPartition(topic, partition));
                out.add(o != null ? fetched(o) : new Fetched(topic, partition, -1, -1, "", Errors.NONE));
            }
        });
        return out;
    }

    private static Fetched fetched(StoredOffset o) {
        return new Fetched(o.topic(), o.partition(), o.offset(), o.leaderEpoch(), o.metadata() == null ? "" : o.metadata(),
                Errors.NONE);
    }

    private static List<Fetched> errorForAll(Map<String, List<Integer>> asked, Errors error) {
        List<Fetched> out = new ArrayList<>();
        if (asked != null) {
            asked.forEach((topic, partitions) -> partitions.forEach(p -> out.add(new Fetched(topic, p, -1, -1, "", error))));
        }
        return out;
    }
}
