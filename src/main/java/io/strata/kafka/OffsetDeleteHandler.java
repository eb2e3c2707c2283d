package io.strata.kafka;

import io.strata.common.TopicPartition;
import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupCoordinator;
import io.strata.group.GroupSnapshot;
import io.strata.group.OffsetManager;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetDelete: removes committed offsets of a group. A group without members loses any of them; a
 * consumer group with members keeps those of topics its members subscribe to
 * (GROUP_SUBSCRIBED_TO_TOPIC); any other group with members refuses (NON_EMPTY_GROUP). One batched
 * delete on a worker. Stateless.
 */
@ApplicationScoped
public class OffsetDeleteHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final OffsetManager offsets;

    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public OffsetDeleteHandler(GroupCoordinator coordinator, OffsetManager offsets, KafkaAuthorization auth,
            CoordinatorPlacement placement) {
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        OffsetDeleteRequestData request = context.body();
        return context.blocking(() -> {
            OffsetDeleteResponseData response = new OffsetDeleteResponseData();
            try {
                auth.require(context, Operation.DELETE, ResourceType.GROUP, request.groupId());
                delete(context, request, response);
            } catch (RuntimeException e) {
                response.setErrorCode(KafkaErrors.code(e));
                response.topics().clear();
            }
            return response;
        });
    }

    private void delete(RequestContext context, OffsetDeleteRequestData request, OffsetDeleteResponseData response) {
        String groupId = request.groupId();
        if (placement.notCoordinatorFor(groupId)) {
            response.setErrorCode(Errors.NOT_COORDINATOR.code());
            return;
        }
        Optional<GroupSnapshot> group = coordinator.describe(groupId);
        boolean hasMembers = group.isPresent() && !group.get().members().isEmpty();
        if (!hasMembers && !offsets.hasOffsets(groupId)) {
            response.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code());
            return;
        }
        Set<String> subscribed = new HashSet<>();
        if (hasMembers) {
            if (!ConsumerProtocol.PROTOCOL_TYPE.equals(group.get().protocolType())) {
                response.setErrorCode(Errors.NON_EMPTY_GROUP.code());
                return;
            }
            for (GroupSnapshot.MemberSnapshot m : group.get().members()) {
                if (m.metadata().length > 0) {
                    subscribed.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(m.metadata())).topics());
                }
            }
        }
        List<TopicPartition> toDelete = new ArrayList<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : request.topics()) {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic out = new OffsetDeleteResponseData.OffsetDeleteResponseTopic()
                    .setName(topic.name());
            response.topics().add(out);
            boolean allowed = auth.allowed(context, Operation.READ, ResourceType.TOPIC, topic.name());
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) {
                Errors error = !allowed ? Errors.TOPIC_AUTHORIZATION_FAILED : subscribed.contains(topic.name()) ? Errors.GROUP_SUBSCRIBED_TO_TOPIC
                        : p.partitionIndex() < 0 ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.NONE;
                if (error == Errors.NONE) {
                    toDelete.add(new TopicPartition(topic.name(), p.partitionIndex()));
                }
                out.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
        }
        offsets.delete(groupId, toDelete);
    }
}
