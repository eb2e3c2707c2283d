package io.strata.kafka;

import io.strata.broker.PartitionManager;
import io.strata.common.TopicPartition;
import io.strata.log.EpochEndOffset;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetForLeaderEpoch (v2-4), served by the partition leader: for each partition, the largest leader
 * epoch at or below the requested one and the offset where it ended in the leader's log. A follower
 * that meets a new leader truncates its log to that offset (never blindly to its high watermark); a
 * consumer uses it to detect a truncated log. The request's current leader epoch fences both: older
 * than the leader's is FENCED_LEADER_EPOCH, newer is UNKNOWN_LEADER_EPOCH. Consumers (replica id -1,
 * or absent before v3) are never told of offsets above the high watermark.
 *
 * <p>Stateless and thread-safe.
 */
@ApplicationScoped
public class OffsetForLeaderEpochHandler implements ApiHandler {

    private final PartitionManager partitions;

    private final KafkaAuthorization auth;

    @Inject
    public OffsetForLeaderEpochHandler(PartitionManager partitions, KafkaAuthorization auth) {
        this.partitions = partitions;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        OffsetForLeaderEpochRequestData request = context.body();
        boolean fromReplica = context.apiVersion() >= 3 && request.replicaId() >= 0;
        // As Kafka: a follower needs CLUSTER_ACTION, a consumer DESCRIBE on each topic.
        boolean followerDenied = fromReplica && !auth.allowedOnCluster(context, Operation.CLUSTER_ACTION);
        return context.blocking(() -> {
            OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
            for (OffsetForLeaderTopic topic : request.topics()) {
                OffsetForLeaderTopicResult result = response.topics().find(topic.topic());
                if (result == null) {
                    result = new OffsetForLeaderTopicResult().setTopic(topic.topic());
                    response.topics().add(result);
                }
                Errors denied = followerDenied ? Errors.CLUSTER_AUTHORIZATION_FAILED
                        : !fromReplica && !auth.allowed(context, Operation.DESCRIBE, ResourceType.TOPIC, topic.topic())
                        ? Errors.TOPIC_AUTHORIZATION_FAILED : Errors.NONE;
                for (OffsetForLeaderPartition p : topic.partitions()) {
                    result.partitions().add(denied == Errors.NONE ? answer(topic.topic(), p, fromReplica)
                            : new OffsetForLeaderEpochResponseData.EpochEndOffset().setPartition(p.partition())
                                    .setLeaderEpoch(EpochEndOffset.UNDEFINED_EPOCH)
                                    .setEndOffset(EpochEndOffset.UNDEFINED_EPOCH_OFFSET).setErrorCode(denied.code()));
                }
            }
            return response;
        });
    }

    private OffsetForLeaderEpochResponseData.EpochEndOffset answer(String topic, OffsetForLeaderPartition p,
            boolean fromReplica) {
        OffsetForLeaderEpochResponseData.EpochEndOffset out = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                .setPartition(p.partition()).setLeaderEpoch(EpochEndOffset.UNDEFINED_EPOCH)
                .setEndOffset(EpochEndOffset.UNDEFINED_EPOCH_OFFSET);
        if (p.partition() < 0) {
            return out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        try {
            EpochEndOffset end = partitions.endOffsetForEpoch(new TopicPartition(topic, p.partition()),
                    p.currentLeaderEpoch(), p.leaderEpoch(), fromReplica);
            return out.setLeaderEpoch(end.leaderEpoch()).setEndOffset(end.endOffset());
        } catch (RuntimeException e) {
            return out.setErrorCode(KafkaErrors.code(e));
        }
    }
}
