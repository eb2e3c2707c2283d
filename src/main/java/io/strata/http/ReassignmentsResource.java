package io.strata.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cluster.ReassignmentAdmin;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.http.dto.ReassignmentData;
import io.strata.http.dto.ResourceList;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Partition reassignments, Confluent v3 shape: {@code topics/-/partitions/-/reassignment} (all),
 * {@code topics/{t}/partitions/-/reassignment} (one topic's) and {@code topics/{t}/partitions/{p}/reassignment}
 * (one, 404 when none runs), readable with DESCRIBE on the cluster. The Strata extension
 * {@code PATCH topics/{t}/partitions/{p}/reassignment} with {@code {"replicas": [..]}} starts or replaces
 * a reassignment and {@code {"replicas": null}} cancels it (ALTER on the cluster, as Kafka's
 * AlterPartitionReassignments).
 */
@Path("/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/reassignment")
@Produces(MediaType.APPLICATION_JSON)
public class ReassignmentsResource {

    static final String ALL = "-";

    @Inject
    ApiContext api;

    @Inject
    ApiJson json;

    @Inject
    ReassignmentAdmin reassignments;

    @Context
    UriInfo uri;

    @GET
    public Object get(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName,
            @PathParam("partition_id") String partitionId) {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.DESCRIBE);
        if (ALL.equals(topicName)) {
            if (!ALL.equals(partitionId)) {
                throw new StrataException(ErrorKind.NOT_FOUND, "Name a topic to ask for partition " + partitionId + ".");
            }
            return list(links, links.topics() + "/-/partitions/-/reassignment", api.image().allTopics());
        }
        TopicInfo topic = api.requireTopic(topicName);
        if (ALL.equals(partitionId)) {
            return list(links, links.reassignments(topicName), List.of(topic));
        }
        PartitionInfo p = topic.partition(ApiContext.requirePartition(topic, partitionId));
        if (!p.reassigning()) {
            throw new StrataException(ErrorKind.NOT_FOUND, "No reassignment is in progress for partition "
                    + p.partition() + " of topic " + topicName + ".");
        }
        return data(links, topicName, p);
    }

    /** Starts, replaces or (with {@code "replicas": null}) cancels the partition's reassignment. */
    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public ReassignmentData alter(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName,
            @PathParam("partition_id") String partitionId, InputStream body) throws IOException {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.ALTER);
        TopicInfo topic = api.requireTopic(topicName);
        int partition = ApiContext.requirePartition(topic, partitionId);
        Optional<List<Integer>> target = target(json.read(body, JsonNode.class));
        TopicPartition tp = new TopicPartition(topicName, partition);
        Optional<StrataException> failure = reassignments.alter(Map.of(tp, target)).get(tp);
        if (failure.isPresent()) {
            throw failure.get();
        }
        return data(links, topicName, api.requireTopic(topicName).partition(partition));
    }

    /** {@code {"replicas": [ids]}} or {@code {"replicas": null}}; anything else is a 400. */
    private static Optional<List<Integer>> target(JsonNode body) {
        Iterator<String> fields = body.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!field.equals("replicas")) {
                throw ApiErrors.badRequestException("Unknown field " + field + "; the body is {\"replicas\": [broker ids] or null}");
            }
        }
        if (!body.has("replicas")) {
            throw ApiErrors.badRequestException("replicas is required: a list of broker ids, or null to cancel");
        }
        JsonNode replicas = body.get("replicas");
        if (replicas.isNull()) {
            return Optional.empty();
        }
        if (!replicas.isArray()) {
            throw ApiErrors.badRequestException("replicas must be a list of broker ids, or null to cancel");
        }
        List<Integer> ids = new ArrayList<>();
        for (JsonNode id : replicas) {
            if (!id.isInt()) {
                throw ApiErrors.badRequestException("replicas must hold broker ids (integers): " + id);
            }
            ids.add(id.intValue());
        }
        return Optional.of(ids);
    }

    private static ResourceList<ReassignmentData> list(Links links, String self, Collection<TopicInfo> topics) {
        List<ReassignmentData> data = new ArrayList<>();
        for (TopicInfo topic : topics) {
            topic.partitions().stream().filter(PartitionInfo::reassigning).forEach(p -> data.add(data(links, topic.name(), p)));
        }
        return new ResourceList<>("KafkaReassignmentList", Links.list(self), data);
    }

    private static ReassignmentData data(Links links, String topic, PartitionInfo p) {
        return new ReassignmentData("KafkaReassignment", links.reassignment(topic, p.partition()), links.clusterId(), topic,
                p.partition(), p.addingReplicas(), p.removingReplicas(), Links.related(links.replicas(topic, p.partition())),
                p.replicas());
    }
}
