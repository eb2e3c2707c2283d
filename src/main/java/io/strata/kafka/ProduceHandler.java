package io.strata.kafka;

import io.strata.broker.PartitionManager;
import io.strata.common.TopicPartition;
import io.strata.log.LogAppendInfo;
import io.strata.log.RecordBatches;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * Produce: hands each partition's record batches to the partition manager exactly as they came off
 * the wire (the log validates and stamps offsets, never re-encodes), and answers per partition.
 * With acks=0 no response is sent; if anything failed the connection is closed instead, which is
 * how Kafka tells such a producer to refresh its metadata.
 *
 * <p>Appends run on the connection's serial worker, so one client's produce requests reach each
 * log in the order it sent them. Stateless; thread-safe.
 */
@ApplicationScoped
public class ProduceHandler implements ApiHandler {

    private final PartitionManager partitions;
    private final MetadataCache metadata;
    private final KafkaAuthorization auth;

    @Inject
    public ProduceHandler(PartitionManager partitions, MetadataCache metadata, KafkaAuthorization auth) {
        this.partitions = partitions;
        this.metadata = metadata;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    /** One partition's pending outcome. */
    private record Pending(TopicProduceResponse topic, PartitionProduceResponse partition,
            CompletableFuture<LogAppendInfo> appended) {}

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        ProduceRequestData request = context.body();
        short acks = request.acks();
        boolean byTopicId = context.apiVersion() >= 13;
        return context.blocking(() -> appendAll(context, request, byTopicId)).thenCompose(pending -> {
            CompletableFuture<?>[] all = pending.stream().map(Pending::appended).toArray(CompletableFuture[]::new);
            CompletableFuture<Void> done = CompletableFuture.allOf(all);
            if (acks == -1 && request.timeoutMs() > 0) {
                // Bounds only the wait for durability; failures after it surface as REQUEST_TIMED_OUT.
                done = done.orTimeout(request.timeoutMs(), TimeUnit.MILLISECONDS);
            }
            return done.handle((v, e) -> respond(pending, acks));
        });
    }

    private List<Pending> appendAll(RequestContext context, ProduceRequestData request, boolean byTopicId) {
        MetadataImage image = metadata.image();
        // As Kafka: a transactional producer needs WRITE on its transactional id, then WRITE on each topic.
        boolean transactionAllowed = request.transactionalId() == null
                || auth.allowed(context, Operation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId());
        Map<String, TopicInfo> byId = byTopicId ? image.topicsById() : Map.of();
        List<Pending> pending = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topicData : request.topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topicData.name()).setTopicId(topicData.topicId());
            String name = topicData.name();
            Errors topicError = Errors.NONE;
            if (byTopicId) {
                Uuid id = topicData.topicId();
                TopicInfo t = id == null ? null : byId.get(TopicIds.fromKafka(id));
                name = t == null ? null : t.name();
                topicError = t == null ? Errors.UNKNOWN_TOPIC_ID : Errors.NONE;
            }
            if (!transactionAllowed) {
                topicError = Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
            } else if (topicError == Errors.NONE && !auth.allowed(context, Operation.WRITE, ResourceType.TOPIC, name)) {
                topicError = Errors.TOPIC_AUTHORIZATION_FAILED;
            }
            for (ProduceRequestData.PartitionProduceData p : topicData.partitionData()) {
                PartitionProduceResponse response = new PartitionProduceResponse().setIndex(p.index());
                CompletableFuture<LogAppendInfo> appended;
                if (topicError != Errors.NONE) {
                    appended = CompletableFuture.failedFuture(new KafkaErrorException(topicError));
                } else if (p.index() < 0) {
                    appended = CompletableFuture.failedFuture(new KafkaErrorException(Errors.UNKNOWN_TOPIC_OR_PARTITION));
                } else if (RecordBatches.wireBytes(p.records()).isEmpty()) {
                    appended = CompletableFuture.failedFuture(new KafkaErrorException(Errors.INVALID_RECORD));
                } else {
                    try {
                        appended = partitions.append(new TopicPartition(name, p.index()), RecordBatches.wireBytes(p.records()).get(),
                                request.acks());
                    } catch (RuntimeException e) {
                        appended = CompletableFuture.failedFuture(e);
                    }
                }
                pending.add(new Pending(topicResponse, response, appended));
            }
        }
        return pending;
    }

    private static ApiMessage respond(List<Pending> pending, short acks) {
        ProduceResponseData response = new ProduceResponseData();
        boolean anyError = false;
        java.util.Set<TopicProduceResponse> added = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Pending p : pending) {
            PartitionProduceResponse partition = p.partition();
            CompletableFuture<LogAppendInfo> appended = p.appended();
            if (appended.isDone() && !appended.isCompletedExceptionally()) {
                LogAppendInfo info = appended.join();
                partition.setBaseOffset(info.firstOffset()).setLogAppendTimeMs(info.logAppendTimeMs())
                        .setLogStartOffset(info.logStartOffset());
            } else {
                anyError = true;
                Throwable failure = appended.isDone() ? appended.handle((v, e) -> e).join()
                        : new java.util.concurrent.TimeoutException("Timed out waiting for the append to become durable");
                partition.setErrorCode(KafkaErrors.code(failure)).setErrorMessage(KafkaErrors.message(failure))
                        .setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
            }
            if (added.add(p.topic())) {
                response.responses().add(p.topic());
            }
            p.topic().partitionResponses().add(partition);
        }
        if (acks == 0) {
            if (anyError) {
                throw new CloseConnectionException("acks=0 produce failed; closing so the client refreshes its metadata");
            }
            return null;
        }
        return response;
    }
}
