package io.strata.kafka;

import io.strata.broker.PartitionManager;
import io.strata.broker.PartitionState;
import io.strata.common.TopicPartition;
import io.strata.log.TimestampAndOffset;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * ListOffsets: earliest (-2, and earliest-local -4: there is no tiered storage), latest (-1: the high
 * watermark, which is also the last stable offset while there are no transactions), max timestamp
 * (-3) and the first offset at or after a timestamp. The time-index lookups run on a worker.
 */
@ApplicationScoped
public class ListOffsetsHandler implements ApiHandler {

    static final long LATEST = -1L;
    static final long EARLIEST = -2L;
    static final long MAX_TIMESTAMP = -3L;
    static final long EARLIEST_LOCAL = -4L;

    private final PartitionManager partitions;
    private final MetadataCache metadata;
    private final KafkaListener listener;
    private final KafkaAuthorization auth;

    @Inject
    public ListOffsetsHandler(PartitionManager partitions, MetadataCache metadata, KafkaListener listener,
            KafkaAuthorization auth) {
        this.partitions = partitions;
        this.metadata = metadata;
        this.listener = listener;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        ListOffsetsRequestData request = context.body();
        return context.blocking(() -> {
            MetadataImage image = metadata.image();
            ListOffsetsResponseData response = new ListOffsetsResponseData();
            for (ListOffsetsRequestData.ListOffsetsTopic topic : request.topics()) {
                ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
                response.topics().add(topicResponse);
                Optional<TopicInfo> info = image.topic(topic.name());
                boolean allowed = auth.allowed(context, Operation.DESCRIBE, ResourceType.TOPIC, topic.name());
                for (ListOffsetsRequestData.ListOffsetsPartition p : topic.partitions()) {
                    topicResponse.partitions().add(allowed ? lookup(info, topic.name(), p)
                            : new ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex()).setTimestamp(-1)
                                    .setOffset(-1).setLeaderEpoch(-1).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                }
            }
            return response;
        });
    }

    private ListOffsetsPartitionResponse lookup(Optional<TopicInfo> topic, String name, ListOffsetsRequestData.ListOffsetsPartition p) {
        ListOffsetsPartitionResponse out = new ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex())
                .setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1);
        if (topic.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= topic.get().partitionCount()) {
            return out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        if (topic.get().partition(p.partitionIndex()).leader() != listener.nodeId()) {
            return out.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
        }
        TopicPartition tp = new TopicPartition(name, p.partitionIndex());
        try {
            long target = p.timestamp();
            if (target == EARLIEST || target == EARLIEST_LOCAL || target == LATEST) {
                PartitionState state = partitions.state(tp);
                return out.setOffset(target == LATEST ? state.highWatermark() : state.logStartOffset());
            }
            if (target < 0 && target != MAX_TIMESTAMP) {
                // Tiered-storage targets (-5, -6): nothing is tiered, so there is no such offset.
                return out;
            }
            Optional<TimestampAndOffset> found = partitions.offsetForTimestamp(tp, target);
            return found.map(t -> out.setTimestamp(t.timestampMs()).setOffset(t.offset()).setLeaderEpoch(t.leaderEpoch()))
                    .orElse(out);
        } catch (RuntimeException e) {
            return out.setErrorCode(KafkaErrors.code(e));
        }
    }
}
