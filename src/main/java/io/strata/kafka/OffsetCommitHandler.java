package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupIds;
import io.strata.group.GroupCoordinator;
import io.strata.group.OffsetManager;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.StoredOffset;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetCommit: validates the member and generation with the coordinator (generation -1 without a
 * member is a standalone commit, allowed while the group has no members), then stores every valid
 * partition of the request in one batched PostgreSQL write on a worker before answering. A broker
 * that does not coordinate the group, by its image or by PostgreSQL's liveness checked just before
 * the write, answers NOT_COORDINATOR for every partition.
 * Stateless.
 */
@ApplicationScoped
public class OffsetCommitHandler implements ApiHandler {

    /** Kafka's {@code offset.metadata.max.bytes} default. */
    static final int MAX_METADATA_CHARS = 4096;

    private final GroupCoordinator coordinator;
    private final OffsetManager offsets;
    private final MetadataCache metadata;

    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public OffsetCommitHandler(GroupCoordinator coordinator, OffsetManager offsets, MetadataCache metadata, KafkaAuthorization auth,
            CoordinatorPlacement placement) {
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.metadata = metadata;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        OffsetCommitRequestData request = context.body();
        return context.blocking(() -> commit(context, request));
    }

    private OffsetCommitResponseData commit(RequestContext context, OffsetCommitRequestData request) {
        // As Kafka: READ on the group, then READ on each topic, before any validation.
        boolean groupAllowed = auth.allowed(context, Operation.READ, ResourceType.GROUP, request.groupId());
        Errors groupError = !groupAllowed ? Errors.GROUP_AUTHORIZATION_FAILED
                : !GroupIds.isValid(request.groupId()) ? Errors.INVALID_GROUP_ID
                // Only the coordinator checks generations, so only it may store: no second writer.
                : placement.notCoordinatorFor(request.groupId()) ? Errors.NOT_COORDINATOR
                : coordinator.validateOffsetCommit(request.groupId(), request.memberId(), request.groupInstanceId(),
                        request.generationIdOrMemberEpoch());
        MetadataImage image = metadata.image();
        long nowMs = System.currentTimeMillis();
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<StoredOffset> toStore = new ArrayList<>();
        List<OffsetCommitResponsePartition> stored = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseTopic topicResponse = new OffsetCommitResponseTopic().setName(topic.name());
            response.topics().add(topicResponse);
            Optional<TopicInfo> info = image.topic(topic.name());
            boolean topicAllowed = !groupAllowed || auth.allowed(context, Operation.READ, ResourceType.TOPIC, topic.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                OffsetCommitResponsePartition partition = new OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex());
                topicResponse.partitions().add(partition);
                Errors error = groupAllowed && !topicAllowed ? Errors.TOPIC_AUTHORIZATION_FAILED : groupError;
                if (error == Errors.NONE && (info.isEmpty() || p.partitionIndex() < 0
                        || p.partitionIndex() >= info.get().partitionCount())) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                }
                if (error == Errors.NONE && p.committedMetadata() != null && p.committedMetadata().length() > MAX_METADATA_CHARS) {
                    error = Errors.OFFSET_METADATA_TOO_LARGE;
                }
                partition.setErrorCode(error.code());
                if (error == Errors.NONE) {
                    toStore.add(new StoredOffset(topic.name(), p.partitionIndex(), p.committedOffset(),
                            p.committedLeaderEpoch(), p.committedMetadata(), nowMs));
                    stored.add(partition);
                }
            }
        }
        if (!toStore.isEmpty()) {
            try {
                if (placement.confirmedByStore(request.groupId())) {
                    offsets.commit(request.groupId(), toStore);
                } else {
                    // PostgreSQL already counts another broker as the owner (this one's image is behind).
                    stored.forEach(p -> p.setErrorCode(Errors.NOT_COORDINATOR.code()));
                }
            } catch (RuntimeException e) {
                short code = KafkaErrors.code(e);
                stored.forEach(p -> p.setErrorCode(code));
            }
        }
        return response;
    }
}
