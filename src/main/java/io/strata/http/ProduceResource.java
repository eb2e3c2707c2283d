package io.strata.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.strata.broker.ProducedRecord;
import io.strata.broker.RecordProducer;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.http.dto.BatchFailure;
import io.strata.http.dto.BatchProduceEntry;
import io.strata.http.dto.BatchProduceRequest;
import io.strata.http.dto.BatchProduceResponse;
import io.strata.http.dto.BatchSuccess;
import io.strata.http.dto.ProduceRecord;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Produce over HTTP, every record {@code acks=all} (answered once fsynced):
 * <ul>
 *   <li>{@code POST records} with one JSON record: 200 and its delivery report, or the error body.</li>
 *   <li>{@code POST records} with several concatenated records (Confluent's streaming form; always
 *       so for a chunked body): 200 and one answer per record, in order ({@link ProduceStream}).</li>
 *   <li>{@code POST records:batch} with {@code {"entries": [{"id", ...record}]}}: 207 with
 *       {@code successes} and {@code failures}. Up to {@value #MAX_BATCH_ENTRIES} entries (Confluent
 *       allows 10; Strata more, so that batching carries high HTTP produce rates).</li>
 * </ul>
 * Bodies are parsed on a worker thread; the answer is sent when the log acknowledges, without
 * holding a thread or the event loop meanwhile.
 */
@Path("/v3/clusters/{cluster_id}/topics/{topic_name}")
public class ProduceResource {

    static final int MAX_BATCH_ENTRIES = 10_000;

    @Inject
    ApiContext api;

    @Inject
    ApiJson json;

    @Inject
    RecordProducer producer;

    @Context
    UriInfo uri;

    private RecordCodec codec;

    @PostConstruct
    void init() {
        codec = new RecordCodec(json.mapper());
    }

    @POST
    @Path("records")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public CompletionStage<Response> produce(@PathParam("cluster_id") String clusterId,
            @PathParam("topic_name") String topicName, @HeaderParam("Transfer-Encoding") String transferEncoding,
            InputStream body) throws IOException {
        String cluster = api.cluster(uri, clusterId).clusterId();
        api.authorize(Operation.WRITE, ResourceType.TOPIC, topicName);
        api.requireTopic(topicName);
        IdleAwareInputStream input = new IdleAwareInputStream(body);
        JsonParser parser = json.mapper().createParser(input);
        boolean streaming = false;
        try {
            if (parser.nextToken() == null) {
                throw ApiJson.emptyBody();
            }
            if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                streaming = true;
                return stream(cluster, topicName, parser, input, null);
            }
            JsonNode first = json.mapper().readTree(parser);
            if (parser.nextToken() != null) {
                streaming = true;
                return stream(cluster, topicName, parser, input, first);
            }
            return single(cluster, topicName, first);
        } finally {
            if (!streaming) {
                parser.close();
            }
        }
    }

    @POST
    @Path("records:batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public CompletionStage<Response> produceBatch(@PathParam("cluster_id") String clusterId,
            @PathParam("topic_name") String topicName, InputStream body) throws IOException {
        String cluster = api.cluster(uri, clusterId).clusterId();
        api.authorize(Operation.WRITE, ResourceType.TOPIC, topicName);
        api.requireTopic(topicName);
        List<BatchProduceEntry> entries = validEntries(json.read(body, BatchProduceRequest.class));

        List<RecordCodec.Prepared> prepared = new ArrayList<>(entries.size());
        List<Integer> preparedIndexes = new ArrayList<>(entries.size());
        BatchFailure[] failures = new BatchFailure[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            try {
                prepared.add(codec.prepare(entries.get(i).record()));
                preparedIndexes.add(i);
            } catch (RuntimeException e) {
                failures[i] = failure(entries.get(i).id(), e);
            }
        }
        List<CompletableFuture<ProducedRecord>> produced = prepared.isEmpty() ? List.of()
                : producer.produce(topicName, prepared.stream().map(RecordCodec.Prepared::record).toList());
        return CompletableFuture.allOf(produced.toArray(CompletableFuture[]::new)).handle((ignored, e) -> {
            BatchSuccess[] successes = new BatchSuccess[entries.size()];
            for (int k = 0; k < produced.size(); k++) {
                int i = preparedIndexes.get(k);
                String id = entries.get(i).id();
                CompletableFuture<ProducedRecord> f = produced.get(k);
                if (f.isCompletedExceptionally()) {
                    failures[i] = failure(id, f.handle((r, t) -> t).join());
                } else {
                    successes[i] = BatchSuccess.of(id, codec.report(cluster, prepared.get(k), f.join()));
                }
            }
            List<BatchSuccess> ok = new ArrayList<>();
            List<BatchFailure> failed = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                if (successes[i] != null) {
                    ok.add(successes[i]);
                } else {
                    failed.add(failures[i]);
                }
            }
            return Response.status(207).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new BatchProduceResponse(ok, failed)).build();
        });
    }

    private CompletionStage<Response> single(String cluster, String topicName, JsonNode tree) throws IOException {
        RecordCodec.Prepared prepared = codec.prepare(json.convert(tree, ProduceRecord.class));
        return producer.produce(topicName, List.of(prepared.record())).get(0)
                .thenApply(r -> Response.ok(codec.report(cluster, prepared, r), MediaType.APPLICATION_JSON_TYPE).build());
    }

    private CompletionStage<Response> stream(String cluster, String topicName, JsonParser parser,
            IdleAwareInputStream input, JsonNode first) {
        ProduceStream stream = new ProduceStream(json, codec, producer, cluster, topicName, parser, input, first);
        return CompletableFuture.completedFuture(Response.ok(stream, MediaType.APPLICATION_JSON_TYPE).build());
    }

    private static List<BatchProduceEntry> validEntries(BatchProduceRequest request) {
        List<BatchProduceEntry> entries = request.entries();
        if (entries == null || entries.isEmpty()) {
            throw ApiErrors.badRequestException("entries must hold at least one record");
        }
        if (entries.size() > MAX_BATCH_ENTRIES) {
            throw new StrataException(ErrorKind.BAD_REQUEST,
                    "entries holds " + entries.size() + " records; at most " + MAX_BATCH_ENTRIES + " are allowed");
        }
        Set<String> ids = new HashSet<>();
        for (BatchProduceEntry entry : entries) {
            if (entry == null || entry.id() == null) {
                throw ApiErrors.badRequestException("Every entry needs an id");
            }
            if (!ids.add(entry.id())) {
                throw ApiErrors.badRequestException("Entry ids must be unique: " + entry.id() + " is repeated");
            }
        }
        return entries;
    }

    /** In a batch, error_code is the HTTP status the record would have had alone. */
    private static BatchFailure failure(String id, Throwable e) {
        ApiErrors.ApiError error = ApiErrors.of(e);
        return new BatchFailure(id, error.status(), error.body().message());
    }
}
