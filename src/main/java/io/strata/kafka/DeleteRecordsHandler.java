package io.strata.kafka;

import io.strata.broker.PartitionManager;
import io.strata.common.TopicPartition;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DeleteRecords (v0-2): moves each partition's log start offset up to the requested offset (-1: the high
 * watermark) and answers the new low watermark. Each partition succeeds or fails alone. The deletion
 * and its checkpoint are disk work, so everything runs on a worker. Stateless and thread-safe.
 */
@ApplicationScoped
public class DeleteRecordsHandler implements ApiHandler {

    private final PartitionManager partitions;
    private final MetadataCache metadata;
    private final KafkaAuthorization auth;

    @Inject
    public DeleteRecordsHandler(PartitionManager partitions, MetadataCache metadata, KafkaAuthorization auth) {
        this.partitions = partitions;
        this.metadata = metadata;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DeleteRecordsRequestData request = context.body();
        return context.blocking(() -> {
            DeleteRecordsResponseData response = new DeleteRecordsResponseData();
            for (DeleteRecordsRequestData.DeleteRecordsTopic topic : request.topics()) {
                DeleteRecordsTopicResult topicResult = response.topics().find(topic.name());
                if (topicResult == null) {
                    topicResult = new DeleteRecordsTopicResult().setName(topic.name());
                    response.topics().add(topicResult);
                }
                Optional<TopicInfo> info = metadata.image().topic(topic.name());
                boolean allowed = auth.allowed(context, Operation.DELETE, ResourceType.TOPIC, topic.name());
                for (DeleteRecordsRequestData.DeleteRecordsPartition p : topic.partitions()) {
                    if (topicResult.partitions().find(p.partitionIndex()) == null) {
                        topicResult.partitions().add(allowed ? delete(info, topic.name(), p)
                                : new DeleteRecordsPartitionResult().setPartitionIndex(p.partitionIndex()).setLowWatermark(-1)
                                        .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                    }
                }
            }
            return response;
        });
    }

    private DeleteRecordsPartitionResult delete(Optional<TopicInfo> topic, String name, DeleteRecordsRequestData.DeleteRecordsPartition p) {
        DeleteRecordsPartitionResult out = new DeleteRecordsPartitionResult().setPartitionIndex(p.partitionIndex()).setLowWatermark(-1);
        if (topic.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= topic.get().partitionCount()) {
            return out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        try {
            return out.setLowWatermark(partitions.deleteRecordsBefore(new TopicPartition(name, p.partitionIndex()), p.offset()));
        } catch (RuntimeException e) {
            return out.setErrorCode(KafkaErrors.code(e));
        }
    }
}
