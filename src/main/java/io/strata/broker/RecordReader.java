package io.strata.broker;

import io.strata.common.TopicPartition;
import io.strata.log.DecodedRecord;
import io.strata.log.ReadResult;
import io.strata.log.RecordBatches;
import io.strata.log.TimestampAndOffset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads individual committed records (the HTTP API's unit): from an offset or from the first
 * record at or after a timestamp, in offset order, never beyond the high watermark. Compacted
 * logs have offset gaps, so records are counted, not offsets.
 */
@ApplicationScoped
public class RecordReader {

    static final int READ_CHUNK_BYTES = 1024 * 1024;

    private final PartitionManager partitions;

    @Inject
    public RecordReader(PartitionManager partitions) {
        this.partitions = partitions;
    }

    public List<DecodedRecord> read(TopicPartition tp, long offset, int maxRecords) {
        List<DecodedRecord> out = new ArrayList<>(Math.min(maxRecords, 1024));
        PartitionState state = partitions.state(tp);
        long next = Math.max(offset, state.logStartOffset());
        long bytes = 0;
        while (out.size() < maxRecords && next < state.highWatermark()) {
            ReadResult chunk = partitions.readCommitted(tp, next, READ_CHUNK_BYTES);
            if (!chunk.records().hasRemaining()) {
                break;
            }
            bytes += chunk.records().remaining();
            List<DecodedRecord> decoded = RecordBatches.decode(chunk.records());
            boolean full = false;
            for (DecodedRecord record : decoded) {
                if (record.offset() >= next) {
                    if (out.size() == maxRecords) {
                        full = true;
                        break;
                    }
                    out.add(record);
                    next = record.offset() + 1;
                }
            }
            // Compacted batches may end in removed records: continue after the batch, not the record.
            if (!full) {
                next = Math.max(next, chunk.nextOffset());
            }
        }
        partitions.metrics().recordsOut(tp.topic(), out.size(), bytes);
        return out;
    }

    /** The records from the first one whose timestamp is at or after {@code timestampMs}. */
    public List<DecodedRecord> readFromTimestamp(TopicPartition tp, long timestampMs, int maxRecords) {
        Optional<TimestampAndOffset> found = partitions.offsetForTimestamp(tp, timestampMs);
        return found.map(t -> read(tp, t.offset(), maxRecords)).orElse(List.of());
    }
}
