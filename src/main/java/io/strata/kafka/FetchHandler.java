package io.strata.kafka;

import io.strata.broker.HighWatermarkWaiters;
import io.strata.broker.PartitionManager;
import io.strata.broker.PartitionState;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.log.ReadResult;
import io.strata.log.RecordBatches;
import io.strata.metadata.MetadataCache;
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
import java.util.function.Predicate;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * Fetch for consumers and followers. A follower's fetch (replica id >= 0, in {@code replica_id} up to
 * v14 and in {@code replica_state} from v15) first records its fetch offset as its log end offset on
 * the leader (which may advance the high watermark), is checked against the leader epoch, reads up to
 * the log end offset and long-polls for the log end to move; a consumer's reads
 * whole stored batches up to the high watermark, within
 * {@code partition_max_bytes} per partition and {@code max_bytes} overall (the first non-empty
 * partition may exceed them by one batch, so a large batch never stalls a consumer). When fewer than
 * {@code min_bytes} are available it long-polls: it registers with the partition manager's
 * high-watermark waiters, then re-reads when one fires or {@code max_wait_ms} passes. No thread
 * waits meanwhile.
 *
 * <p>Sessions (KIP-227) are not kept: every answer is a full, sessionless one (session id 0), which
 * clients accept and then keep sending full requests. read_committed sees the high watermark as the
 * last stable offset (there are no transactions yet). Stateless; thread-safe.
 */
@ApplicationScoped
public class FetchHandler implements ApiHandler {

    private final PartitionManager partitions;
    private final MetadataCache metadata;
    private final KafkaListener listener;
    private final KafkaAuthorization auth;

    @Inject
    public FetchHandler(PartitionManager partitions, MetadataCache metadata, KafkaListener listener,
            KafkaAuthorization auth) {
        this.partitions = partitions;
        this.metadata = metadata;
        this.listener = listener;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    /** One requested partition, resolved against the metadata once per request. */
    private record Wanted(FetchRequestData.FetchTopic topic, FetchRequestData.FetchPartition partition,
            TopicPartition tp, Errors error) {}

    /** A read pass's outcome. */
    private record Pass(FetchResponseData response, long bytes, boolean anyError) {}

    /** The fetching broker's id, or -1 for a consumer. */
    static int replicaId(FetchRequestData request, short apiVersion) {
        return apiVersion >= 15 ? request.replicaState().replicaId() : request.replicaId();
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        FetchRequestData request = context.body();
        boolean byTopicId = context.apiVersion() >= 13;
        int replicaId = replicaId(request, context.apiVersion());
        // As Kafka: a follower needs CLUSTER_ACTION (else every partition is TOPIC_AUTHORIZATION_FAILED),
        // a consumer needs READ on each topic.
        boolean followerAllowed = replicaId < 0 || auth.allowedOnCluster(context, Operation.CLUSTER_ACTION);
        List<Wanted> resolved = resolve(request, byTopicId, topic -> followerAllowed
                && (replicaId >= 0 || auth.allowed(context, Operation.READ, ResourceType.TOPIC, topic)));
        long deadlineNanos = System.nanoTime() + Math.max(0, request.maxWaitMs()) * 1_000_000L;
        if (replicaId < 0) {
            return attempt(context, request, resolved, -1, deadlineNanos);
        }
        // Once per request, before any long-poll: the fetch offset is what the follower has fsynced.
        return context.blocking(() -> recordReplicaFetches(replicaId, resolved))
                .thenCompose(wanted -> attempt(context, request, wanted, replicaId, deadlineNanos));
    }

    private List<Wanted> recordReplicaFetches(int replicaId, List<Wanted> wanted) {
        List<Wanted> out = new ArrayList<>(wanted.size());
        for (Wanted w : wanted) {
            if (w.tp() == null) {
                out.add(w);
                continue;
            }
            try {
                partitions.recordReplicaFetch(w.tp(), replicaId, w.partition().fetchOffset(),
                        w.partition().currentLeaderEpoch());
                out.add(w);
            } catch (StrataException e) {
                out.add(new Wanted(w.topic(), w.partition(), null, Errors.forCode(e.kind().kafkaCode())));
            }
        }
        return out;
    }

    private CompletableFuture<ApiMessage> attempt(RequestContext context, FetchRequestData request, List<Wanted> wanted,
            int replicaId, long deadlineNanos) {
        List<TopicPartition> waitable = wanted.stream().filter(w -> w.tp() != null).map(Wanted::tp).toList();
        // Register before reading: an advance between the read and the wait must still wake us.
        HighWatermarkWaiters.Waiter waiter = (replicaId >= 0 ? partitions.logEndWaiters() : partitions.waiters())
                .register(waitable);
        return context.blocking(() -> read(request, wanted, replicaId >= 0)).thenCompose(pass -> {
            long remainingMs = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (pass.bytes() >= request.minBytes() || pass.anyError() || remainingMs <= 0 || waitable.isEmpty()) {
                waiter.cancel();
                return CompletableFuture.completedFuture((ApiMessage) pass.response());
            }
            CompletableFuture<Void> wake = waiter.advanced();
            long timer = context.vertx().setTimer(remainingMs, id -> wake.complete(null));
            return wake.thenCompose(v -> {
                context.vertx().cancelTimer(timer);
                waiter.cancel();
                return attempt(context, request, wanted, replicaId, deadlineNanos);
            });
        });
    }

    private List<Wanted> resolve(FetchRequestData request, boolean byTopicId, Predicate<String> mayRead) {
        io.strata.metadata.MetadataImage image = metadata.image();
        Map<String, TopicInfo> byId = byTopicId ? image.topicsById() : Map.of();
        List<Wanted> out = new ArrayList<>();
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            String name = topic.topic();
            Errors topicError = Errors.NONE;
            if (byTopicId) {
                Uuid id = topic.topicId();
                TopicInfo t = id == null ? null : byId.get(TopicIds.fromKafka(id));
                name = t == null ? null : t.name();
                topicError = t == null ? Errors.UNKNOWN_TOPIC_ID : Errors.NONE;
            }
            if (topicError == Errors.NONE && !mayRead.test(name)) {
                topicError = Errors.TOPIC_AUTHORIZATION_FAILED;
            }
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                if (topicError != Errors.NONE) {
                    out.add(new Wanted(topic, p, null, topicError));
                } else if (p.partition() < 0 || name == null || image.topic(name).isEmpty()
                        || p.partition() >= image.topic(name).get().partitionCount()) {
                    out.add(new Wanted(topic, p, null, Errors.UNKNOWN_TOPIC_OR_PARTITION));
                } else if (image.topic(name).get().partition(p.partition()).leader() != listener.nodeId()) {
                    out.add(new Wanted(topic, p, null, Errors.NOT_LEADER_OR_FOLLOWER));
                } else {
                    out.add(new Wanted(topic, p, new TopicPartition(name, p.partition()), Errors.NONE));
                }
            }
        }
        return out;
    }

    private Pass read(FetchRequestData request, List<Wanted> wanted, boolean fromReplica) {
        FetchResponseData response = new FetchResponseData().setSessionId(0);
        boolean readCommitted = request.isolationLevel() == 1;
        long budgetBytes = request.maxBytes() <= 0 ? Integer.MAX_VALUE : request.maxBytes();
        long totalBytes = 0;
        boolean anyError = false;
        FetchableTopicResponse current = null;
        FetchRequestData.FetchTopic currentTopic = null;
        for (Wanted w : wanted) {
            if (w.topic() != currentTopic) {
                currentTopic = w.topic();
                current = new FetchableTopicResponse().setTopic(w.topic().topic()).setTopicId(w.topic().topicId());
                response.responses().add(current);
            }
            PartitionData data = new PartitionData().setPartitionIndex(w.partition().partition())
                    .setAbortedTransactions(readCommitted ? new ArrayList<>() : null);
            if (w.error() != Errors.NONE) {
                current.partitions().add(failed(data, w.error().code()));
                anyError = true;
                continue;
            }
            try {
                PartitionState state = partitions.state(w.tp());
                long offset = w.partition().fetchOffset();
                data.setHighWatermark(state.highWatermark()).setLastStableOffset(state.highWatermark())
                        .setLogStartOffset(state.logStartOffset()).setRecords(RecordBatches.wireRecords(null));
                if (offset < state.logStartOffset() || offset > state.logEndOffset()) {
                    data.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                    anyError = true;
                } else if (budgetBytes - totalBytes > 0
                        && offset < (fromReplica ? state.logEndOffset() : state.highWatermark())) {
                    int limit = (int) Math.min(Math.max(0, w.partition().partitionMaxBytes()), budgetBytes - totalBytes);
                    ReadResult result = fromReplica ? partitions.readForReplica(w.tp(), offset, limit)
                            : partitions.readCommitted(w.tp(), offset, limit);
                    totalBytes += result.sizeInBytes();
                    data.setHighWatermark(result.highWatermark()).setLastStableOffset(result.highWatermark())
                            .setLogStartOffset(result.logStartOffset())
                            .setRecords(RecordBatches.wireRecords(result.records()));
                }
            } catch (StrataException e) {
                anyError = true;
                failed(data, e.kind().kafkaCode());
            } catch (RuntimeException e) {
                anyError = true;
                failed(data, KafkaErrors.code(e));
            }
            current.partitions().add(data);
        }
        return new Pass(response, totalBytes, anyError);
    }

    private static PartitionData failed(PartitionData data, short errorCode) {
        return data.setErrorCode(errorCode).setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1)
                .setRecords(RecordBatches.wireRecords(null));
    }
}
