package io.strata.broker;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.log.LogAppendInfo;
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
 * so one bad record (unknown partition, too large) fails alone.
 */
@ApplicationScoped
public class RecordProducer {

    /** Batches stay well under the default max.message.bytes so most topics take them as they are. */
    static final int TARGET_BATCH_BYTES = 512 * 1024;

    private final PartitionManager partitions;
    private final MetadataCache metadata;

    @Inject
    public RecordProducer(PartitionManager partitions, MetadataCache metadata) {
        this.partitions = partitions;
        this.metadata = metadata;
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
        CompletableFuture<LogAppendInfo> appended;
        try {
            appended = partitions.append(tp, buffer, (short) -1);
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
}
