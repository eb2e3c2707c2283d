package io.strata.broker;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.log.LogConfig;
import io.strata.log.RecordBatches;
import io.strata.log.SimpleRecordData;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.TopicInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Produces individual records (the HTTP API's unit) with {@code acks=all}: picks each record's
 * partition, packs the records of one partition into as few v2 batches as
 * {@code max.message.bytes} allows, appends them in one call and reports every record separately,
 * so one bad record (unknown partition, too large) fails alone. A batch for a partition led by
 * another broker is forwarded to that leader ({@link LeaderForwarder}); when leadership moved
 * meanwhile, the metadata is refreshed and the batch tried once more, here or at the new leader.
 */
@ApplicationScoped
public class RecordProducer {

    /** Batches stay well under the default max.message.bytes so most topics take them as they are. */
    static final int TARGET_BATCH_BYTES = 512 * 1024;

    private final PartitionManager partitions;
    private final MetadataCache metadata;
    private final LeaderForwarder forwarder;

    @Inject
    public RecordProducer(PartitionManager partitions, MetadataCache metadata, LeaderForwarder forwarder) {
        this.partitions = partitions;
        this.metadata = metadata;
        this.forwarder = forwarder;
    }

    /** One future per record, in the order given. */
    public List<CompletableFuture<ProducedRecord>> produce(String topicName, List<OutgoingRecord> records) {
        TopicInfo topic = metadata.image().topic(topicName).orElseThrow(() -> new StrataException(
                ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic: " + topicName));
        int partitionCount = topic.partitionCount();
        List<CompletableFuture<ProducedRecord>> results = new ArrayList<>(records.size());
        Map<Integer, List<Integer>> indexesByPartition = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            OutgoingRecord record = records.get(i);
            results.add(new CompletableFuture<>());
            int partition;
            if (record.partition().isPresent()) {
                partition = record.partition().getAsInt();
                if (partition < 0 || partition >= partitionCount) {
                    results.get(i).completeExceptionally(new StrataException(ErrorKind.UNKNOWN_PARTITION,
                            "Partition " + partition + " of topic " + topicName + " does not exist"));
                    continue;
                }
            } else {
                partition = partitions.partitioner().partition(topicName, record.key(), partitionCount);
            }
            indexesByPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(i);
        }
        indexesByPartition.forEach((partition, indexes) -> appendToPartition(
                new TopicPartition(topicName, partition), records, indexes, results));
        return results;
    }

    private void appendToPartition(TopicPartition tp, List<OutgoingRecord> records, List<Integer> indexes,
            List<CompletableFuture<ProducedRecord>> results) {
        long now = System.currentTimeMillis();
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> chunk = new ArrayList<>();
        int chunkBytes = 0;
        for (int index : indexes) {
            int size = records.get(index).estimatedSizeBytes();
            if (!chunk.isEmpty() && chunkBytes + size > TARGET_BATCH_BYTES) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(index);
            chunkBytes += size;
        }
        chunks.add(chunk);
        for (List<Integer> batchIndexes : chunks) {
            appendBatch(tp, records, batchIndexes, results, now);
        }
    }

    private void appendBatch(TopicPartition tp, List<OutgoingRecord> records, List<Integer> indexes,
            List<CompletableFuture<ProducedRecord>> results, long now) {
        List<SimpleRecordData> batch = new ArrayList<>(indexes.size());
        for (int index : indexes) {
            OutgoingRecord r = records.get(index);
            batch.add(new SimpleRecordData(r.timestampMs().orElse(now), r.key(), r.value(), r.headers()));
        }
        ByteBuffer buffer = RecordBatches.build(batch);
        CompletableFuture<LeaderForwarder.Appended> appended;
        try {
            appended = appendHereOrAtLeader(tp, buffer, true);
        } catch (StrataException e) {
            if (e.kind() == ErrorKind.MESSAGE_TOO_LARGE && indexes.size() > 1) {
                // The batch is too large for this topic, not necessarily each record: split it.
                int half = indexes.size() / 2;
                appendBatch(tp, records, indexes.subList(0, half), results, now);
                appendBatch(tp, records, indexes.subList(half, indexes.size()), results, now);
                return;
            }
            indexes.forEach(i -> results.get(i).completeExceptionally(e));
            return;
        }
        appended.whenComplete((info, failure) -> {
            for (int k = 0; k < indexes.size(); k++) {
                CompletableFuture<ProducedRecord> result = results.get(indexes.get(k));
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    long timestamp = info.logAppendTimeMs() >= 0 ? info.logAppendTimeMs() : batch.get(k).timestampMs();
                    result.complete(new ProducedRecord(tp.topic(), tp.partition(), info.firstOffset() + k, timestamp));
                }
            }
        });
    }

    /**
     * Appends locally when this broker leads {@code tp}, otherwise forwards to the leader; a leader
     * that says it no longer leads makes this broker refresh its metadata and try once more (when
     * {@code retryWhenMoved}). Throws what a local append refuses at once (too large, ...).
     */
    private CompletableFuture<LeaderForwarder.Appended> appendHereOrAtLeader(TopicPartition tp, ByteBuffer buffer,
            boolean retryWhenMoved) {
        try {
            return partitions.append(tp, buffer.duplicate(), (short) -1)
                    .thenApply(info -> new LeaderForwarder.Appended(info.firstOffset(), info.logAppendTimeMs()));
        } catch (StrataException e) {
            if (e.kind() != ErrorKind.NOT_LEADER_OR_FOLLOWER) {
                throw e;
            }
        }
        // The leader would refuse the whole batch; refused here, the caller splits it.
        int maxMessageBytes = metadata.image().topic(tp.topic())
                .map(t -> LogConfig.fromOverrides(t.configs()).maxMessageBytes()).orElse(Integer.MAX_VALUE);
        if (buffer.remaining() > maxMessageBytes) {
            throw new StrataException(ErrorKind.MESSAGE_TOO_LARGE, "Record batch of " + buffer.remaining()
                    + " bytes exceeds max.message.bytes " + maxMessageBytes + " of " + tp);
        }
        CompletableFuture<LeaderForwarder.Appended> forwarded = forwarder.forward(tp, buffer.duplicate(), (short) -1);
        if (!retryWhenMoved) {
            return forwarded;
        }
        return forwarded.exceptionallyCompose(e -> {
            if (!(unwrap(e) instanceof StrataException s && s.kind() == ErrorKind.NOT_LEADER_OR_FOLLOWER)) {
                return CompletableFuture.failedFuture(unwrap(e));
            }
            refreshMetadataQuietly();
            return appendHereOrAtLeader(tp, buffer, false);
        });
    }

    private void refreshMetadataQuietly() {
        try {
            metadata.refresh();
        } catch (RuntimeException e) {
            // PostgreSQL away: retry on the image we have
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
