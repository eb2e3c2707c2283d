package io.strata.http;

import io.strata.cluster.ReassignmentAdmin;
import io.strata.cluster.TopicAdmin;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.http.dto.ConfigEntry;
import io.strata.http.dto.CreateTopicRequest;
import io.strata.http.dto.ResourceList;
import io.strata.http.dto.TopicData;
import io.strata.http.dto.UpdateTopicRequest;
import io.strata.metadata.TopicInfo;
import io.strata.security.AuditStates;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /v3/clusters/{cluster_id}/topics}: list, create, get, delete, and add partitions with
 * Confluent's {@code PATCH /topics/{topic}} {@code {"partitions_count": N}}; the same PATCH with
 * {@code {"replication_factor": N}} changes the replication factor online (a Strata extension).
 */
@Path("/v3/clusters/{cluster_id}/topics")
@Produces(MediaType.APPLICATION_JSON)
public class TopicsResource {

    @Inject
    ApiContext api;

    @Inject
    ApiJson json;

    @Inject
    TopicAdmin admin;

    @Inject
    ApiAudit audit;

    @Inject
    ReassignmentAdmin reassignments;

    @Context
    UriInfo uri;

    /** The topics the caller may describe, by name. */
    @GET
    public ResourceList<TopicData> list(@PathParam("cluster_id") String clusterId) {
        Links links = api.cluster(uri, clusterId);
        return new ResourceList<>("KafkaTopicList", Links.list(links.topics()), api.image().allTopics().stream()
                .filter(t -> api.allowed(Operation.DESCRIBE, ResourceType.TOPIC, t.name()))
                .map(t -> topic(links, t))
                .toList());
    }

    /** 201 with the topic (200 when {@code validate_only}). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("cluster_id") String clusterId, InputStream body) throws IOException {
        Links links = api.cluster(uri, clusterId);
        CreateTopicRequest request = json.read(body, CreateTopicRequest.class);
        String name = request.topicName();
        if (name == null) {
            throw ApiErrors.badRequestException("topic_name is required");
        }
        if (!api.allowed(Operation.CREATE, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME)) {
            api.authorize(Operation.CREATE, ResourceType.TOPIC, name);
        }
        boolean validateOnly = Boolean.TRUE.equals(request.validateOnly());
        Supplier<TopicInfo> create = () -> admin.createTopic(name,
                request.partitionsCount() == null ? -1 : request.partitionsCount(),
                request.replicationFactor() == null ? -1 : request.replicationFactor(),
                configs(request), validateOnly);
        TopicInfo created = validateOnly ? create.get()
                : audit.change("http:POST topics", ResourceType.TOPIC, name, () -> null, none -> create.get(), AuditStates::topic);
        TopicData data = topic(links, created);
        if (validateOnly) {
            return Response.ok(data).build();
        }
        return Response.created(URI.create(links.topicUrl(name))).entity(data).build();
    }

    @GET
    @Path("{topic_name}")
    public TopicData get(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName) {
        Links links = api.cluster(uri, clusterId);
        api.authorize(Operation.DESCRIBE, ResourceType.TOPIC, topicName);
        return topic(links, api.requireTopic(topicName));
    }

    @DELETE
    @Path("{topic_name}")
    public Response delete(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName) {
        api.cluster(uri, clusterId);
        api.authorize(Operation.DELETE, ResourceType.TOPIC, topicName);
        api.requireTopic(topicName);
        audit.change("http:DELETE topic", ResourceType.TOPIC, topicName, () -> AuditStates.topic(api.requireTopic(topicName)),
                before -> {
                    admin.deleteTopic(topicName);
                    return null;
                }, none -> null);
        return Response.noContent().build();
    }

    /**
     * Raises the partition count (it never shrinks), and/or (Strata extension) starts reassigning every
     * partition to the replication-factor proposal; the topic's {@code replication_factor} follows once
     * every partition's reassignment has completed.
     */
    @PATCH
    @Path("{topic_name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TopicData update(@PathParam("cluster_id") String clusterId,
            @PathParam("topic_name") String topicName, InputStream body) throws IOException {
        Links links = api.cluster(uri, clusterId);
        api.authorize(Operation.ALTER, ResourceType.TOPIC, topicName);
        api.requireTopic(topicName);
        UpdateTopicRequest request = json.read(body, UpdateTopicRequest.class);
        if (request.partitionsCount() == null && request.replicationFactor() == null) {
            throw ApiErrors.badRequestException("partitions_count or replication_factor is required");
        }
        if (request.replicationFactor() != null) {
            api.authorizeCluster(Operation.ALTER); // a reassignment, as Kafka's AlterPartitionReassignments
        }
        TopicInfo topic = api.requireTopic(topicName);
        if (request.partitionsCount() != null) {
            topic = audit.change("http:PATCH topic", ResourceType.TOPIC, topicName,
                    () -> AuditStates.topic(api.requireTopic(topicName)),
                    before -> admin.createPartitions(topicName, request.partitionsCount(), false), AuditStates::topic);
        }
        if (request.replicationFactor() != null) {
            topic = audit.change("http:PATCH topic replication_factor", ResourceType.TOPIC, topicName,
                    () -> AuditStates.topic(api.requireTopic(topicName)),
                    before -> changeReplicationFactor(topicName, request.replicationFactor()), AuditStates::topic);
        }
        return topic(links, topic);
    }

    /** Starts the reassignment of every partition; the topic as it is now (replicas grow as it completes). */
    private TopicInfo changeReplicationFactor(String topicName, int replicationFactor) {
        for (Optional<StrataException> failure : reassignments.changeReplicationFactor(topicName, replicationFactor).values()) {
            if (failure.isPresent()) {
                throw failure.get();
            }
        }
        return api.requireTopic(topicName);
    }

    private static Map<String, String> configs(CreateTopicRequest request) {
        Map<String, String> configs = new LinkedHashMap<>();
        if (request.configs() == null) {
            return configs;
        }
        for (ConfigEntry entry : request.configs()) {
            if (entry == null || entry.name() == null || entry.value() == null) {
                throw new StrataException(ErrorKind.INVALID_CONFIG, "Every config needs a name and a value");
            }
            if (configs.put(entry.name(), entry.value()) != null) {
                throw new StrataException(ErrorKind.INVALID_CONFIG, "Config " + entry.name() + " is given twice");
            }
        }
        return configs;
    }

    static TopicData topic(Links links, TopicInfo t) {
        return new TopicData("KafkaTopic", links.topic(t.name()), links.clusterId(), t.name(), t.name().startsWith("__"),
                t.replicationFactor(), t.partitionCount(), Links.related(links.partitions(t.name())),
                Links.related(links.configs(t.name())));
    }
}
