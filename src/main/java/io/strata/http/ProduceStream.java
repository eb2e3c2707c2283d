package io.strata.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.broker.ProducedRecord;
import io.strata.broker.RecordProducer;
import io.strata.http.dto.ErrorResponse;
import io.strata.http.dto.ProduceRecord;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The streaming form of produce: the body is a sequence of concatenated JSON records, parsed one
 * at a time from the request stream (never buffered whole), and the answer is one JSON object per
 * record, in record order, newline-separated: a delivery report, or {@code {"error_code": <http
 * status>, "message"}} for a record that failed. A failed record does not stop the stream; JSON
 * that cannot be parsed does (the rest of the body cannot be found reliably), after an error object.
 *
 * <p>Records parsed while more input is already buffered are produced together (up to
 * {@link #GROUP_RECORDS}) so that bulk streams append in large batches; when the parser would wait
 * for the client, everything pending is produced and answered first.
 */
final class ProduceStream implements StreamingOutput {

    static final int GROUP_RECORDS = 1000;
    static final int MAX_IN_FLIGHT = 10_000;

    /** A parsed record waiting to be produced, or the error it already failed with. */
    private record Pending(RecordCodec.Prepared prepared, Object error) {}

    private final ObjectMapper mapper;
    private final ApiJson json;
    private final RecordCodec codec;
    private final RecordProducer producer;
    private final String clusterId;
    private final String topic;
    private final JsonParser parser;
    private final IdleAwareInputStream input;
    private final JsonNode first;
    private final List<Pending> pending = new ArrayList<>();
    private final ArrayDeque<CompletableFuture<Object>> inFlight = new ArrayDeque<>();
    private OutputStream out;

    /**
     * @param first the first record when the caller already read it (the parser is then on the next
     *     record's first token), else null (the parser is on the first record's first token)
     */
    ProduceStream(ApiJson json, RecordCodec codec, RecordProducer producer, String clusterId, String topic,
            JsonParser parser, IdleAwareInputStream input, JsonNode first) {
        this.mapper = json.mapper();
        this.json = json;
        this.codec = codec;
        this.producer = producer;
        this.clusterId = clusterId;
        this.topic = topic;
        this.parser = parser;
        this.input = input;
        this.first = first;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        this.out = output;
        input.onIdle(this::answerEverything);
        try (parser) {
            if (first != null) {
                accept(first);
            }
            JsonToken token = parser.currentToken();
            while (token != null) {
                JsonNode record;
                try {
                    record = mapper.readTree(parser);
                } catch (JsonProcessingException e) {
                    pending.add(new Pending(null, error(e)));
                    break;
                }
                accept(record);
                try {
                    token = parser.nextToken();
                } catch (JsonProcessingException e) {
                    pending.add(new Pending(null, error(e)));
                    break;
                }
            }
        } finally {
            input.onIdle(null);
        }
        answerEverything();
    }

    private void accept(JsonNode node) throws IOException {
        try {
            pending.add(new Pending(codec.prepare(json.convert(node, ProduceRecord.class)), null));
        } catch (IOException | RuntimeException e) {
            pending.add(new Pending(null, error(e)));
        }
        if (pending.size() >= GROUP_RECORDS) {
            producePending();
        }
        writeCompleted(false);
    }

    /** Before waiting for the client: produce what is pending and answer every record so far. */
    private void answerEverything() throws IOException {
        producePending();
        writeCompleted(true);
    }

    private void producePending() {
        if (pending.isEmpty()) {
            return;
        }
        List<RecordCodec.Prepared> records = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            if (p.prepared() != null) {
                records.add(p.prepared());
            }
        }
        List<CompletableFuture<ProducedRecord>> produced = null;
        Object groupError = null;
        if (!records.isEmpty()) {
            try {
                produced = producer.produce(topic, records.stream().map(RecordCodec.Prepared::record).toList());
            } catch (RuntimeException e) {
                groupError = error(e);
            }
        }
        int next = 0;
        for (Pending p : pending) {
            if (p.prepared() == null) {
                inFlight.add(CompletableFuture.completedFuture(p.error()));
            } else if (groupError != null) {
                inFlight.add(CompletableFuture.completedFuture(groupError));
            } else {
                RecordCodec.Prepared prepared = p.prepared();
                inFlight.add(produced.get(next++).handle((r, e) -> e == null
                        ? codec.report(clusterId, prepared, r) : error(e)));
            }
        }
        pending.clear();
    }

    /** Writes the answers at the head of the queue that are ready (all of them when {@code all}). */
    private void writeCompleted(boolean all) throws IOException {
        boolean wrote = false;
        while (!inFlight.isEmpty() && (all || inFlight.peekFirst().isDone() || inFlight.size() > MAX_IN_FLIGHT)) {
            out.write(mapper.writeValueAsBytes(inFlight.pollFirst().join()));
            out.write('\n');
            wrote = true;
        }
        if (wrote || all) {
            out.flush();
        }
    }

    /** In a stream, error_code is the HTTP status the record would have had alone (Confluent's form). */
    private static Object error(Throwable e) {
        ApiErrors.ApiError error = ApiErrors.of(e);
        return new ErrorResponse(error.status(), error.body().message());
    }
}
