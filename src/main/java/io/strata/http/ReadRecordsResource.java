package io.strata.http;

import com.fasterxml.jackson.databind.node.TextNode;
import io.strata.broker.RecordReader;
import io.strata.common.TopicPartition;
import io.strata.http.dto.RecordsPage;
import io.strata.log.DecodedRecord;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * Reads committed records of one partition (a Strata extension, for the console):
 * {@code ?offset=N} (default: the log start) or {@code ?timestamp=T} (epoch ms or ISO-8601: from
 * the first record at or after T; it takes precedence over offset), {@code max_records} (default
 * {@value #DEFAULT_MAX_RECORDS}, at most {@value #MAX_RECORDS}) and {@code format} = binary
 * (default), string or json: how keys and values are presented, since records carry no type.
 * Bytes that are not valid UTF-8 (string) or JSON (json) come back as BINARY.
 */
@Path("/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/records")
@Produces(MediaType.APPLICATION_JSON)
public class ReadRecordsResource {

    static final int DEFAULT_MAX_RECORDS = 100;
    static final int MAX_RECORDS = 10_000;

    @Inject
    ApiContext api;

    @Inject
    ApiJson json;

    @Inject
    RecordReader reader;

    @Context
    UriInfo uri;

    private RecordCodec codec;

    @PostConstruct
    void init() {
        codec = new RecordCodec(json.mapper());
    }

    @GET
    public RecordsPage read(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName,
            @PathParam("partition_id") String partitionId, @QueryParam("offset") String offset,
            @QueryParam("max_records") String maxRecords, @QueryParam("timestamp") String timestamp,
            @QueryParam("format") String format) {
        api.cluster(uri, clusterId);
        api.authorize(Operation.READ, ResourceType.TOPIC, topicName);
        TopicInfo topic = api.requireTopic(topicName);
        int partition = ApiContext.requirePartition(topic, partitionId);
        RecordCodec.Format presentation = RecordCodec.Format.parse(format);
        long max = longParam("max_records", maxRecords, DEFAULT_MAX_RECORDS);
        if (max < 1 || max > MAX_RECORDS) {
            throw ApiErrors.badRequestException("max_records must be between 1 and " + MAX_RECORDS + ": " + maxRecords);
        }
        TopicPartition tp = new TopicPartition(topicName, partition);
        List<DecodedRecord> records;
        if (timestamp != null && !timestamp.isEmpty()) {
            long from = RecordCodec.timestamp(TextNode.valueOf(timestamp)).orElseThrow();
            records = reader.readFromTimestamp(tp, from, (int) max);
        } else {
            long from = longParam("offset", offset, 0);
            if (from < 0) {
                throw ApiErrors.badRequestException("offset must be >= 0: " + offset);
            }
            records = reader.read(tp, from, (int) max);
        }
        return new RecordsPage(records.stream().map(r -> codec.consumed(partition, r, presentation)).toList());
    }

    private static long longParam(String name, String value, long defaultValue) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequestException(name + " must be an integer: " + value);
        }
    }
}
