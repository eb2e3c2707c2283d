package io.strata.http;

import io.strata.broker.PartitionManager;
import io.strata.broker.PartitionState;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.http.dto.PartitionData;
import io.strata.http.dto.ReplicaData;
import io.strata.http.dto.ResourceList;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/**
 * A topic's partitions and their replicas. Besides Confluent's fields each partition carries the
 * replica state ({@code leader_id}, {@code replica_ids}, {@code isr_ids}, {@code leader_epoch}) and,
 * when this broker hosts it, its log offsets and size.
 */
@Path("/v3/clusters/{cluster_id}/topics/{topic_name}/partitions")
@Produces(MediaType.APPLICATION_JSON)
public class PartitionsResource {

    @Inject
    ApiContext api;

    @Inject
    PartitionManager partitions;

    @Context
    UriInfo uri;

    @GET
    public ResourceList<PartitionData> list(@PathParam("cluster_id") String clusterId,
            @PathParam("topic_name") String topicName) {
        Links links = api.cluster(uri, clusterId);
        api.authorize(Operation.DESCRIBE, ResourceType.TOPIC, topicName);
        TopicInfo topic = api.requireTopic(topicName);
        return new ResourceList<>("KafkaPartitionList", Links.list(links.partitions(topicName)),
                topic.partitions().stream().map(p -> partition(links, topicName, p)).toList());
    }

    @GET
    @Path("{partition_id}")
    public PartitionData get(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName,
            @PathParam("partition_id") String partitionId) {
        Links links = api.cluster(uri, clusterId);
        api.authorize(Operation.DESCRIBE, ResourceType.TOPIC, topicName);
        TopicInfo topic = api.requireTopic(topicName);
        return partition(links, topicName, topic.partition(ApiContext.requirePartition(topic, partitionId)));
    }

    @GET
    @Path("{partition_id}/replicas")
    public ResourceList<ReplicaData> replicas(@PathParam("cluster_id") String clusterId,
            @PathParam("topic_name") String topicName, @PathParam("partition_id") String partitionId) {
        Links links = api.cluster(uri, clusterId);
        api.authorize(Operation.DESCRIBE, ResourceType.TOPIC, topicName);
        TopicInfo topic = api.requireTopic(topicName);
        PartitionInfo p = topic.partition(ApiContext.requirePartition(topic, partitionId));
        return new ResourceList<>("KafkaReplicaList", Links.list(links.replicas(topicName, p.partition())),
                p.replicas().stream().map(b -> replica(links, topicName, p, b)).toList());
    }

    @GET
    @Path("{partition_id}/replicas/{broker_id}")
    public ReplicaData replica(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName,
            @PathParam("partition_id") String partitionId, @PathParam("broker_id") String brokerId) {
        Links links = api.cluster(uri, clusterId);
        api.authorize(Operation.DESCRIBE, ResourceType.TOPIC, topicName);
        TopicInfo topic = api.requireTopic(topicName);
        PartitionInfo p = topic.partition(ApiContext.requirePartition(topic, partitionId));
        return p.replicas().stream().filter(b -> String.valueOf(b).equals(brokerId)).findFirst()
                .map(b -> replica(links, topicName, p, b))
                .orElseThrow(() -> new StrataException(ErrorKind.NOT_FOUND, "Broker " + brokerId
                        + " holds no replica of partition " + p.partition() + " of topic " + topicName + "."));
    }

    private PartitionData partition(Links links, String topic, PartitionInfo p) {
        Optional<PartitionState> state = partitions.stateIfHosted(new TopicPartition(topic, p.partition()));
        return new PartitionData("KafkaPartition", links.partition(topic, p.partition()), links.clusterId(), topic,
                p.partition(),
                p.hasLeader() ? Links.related(links.replicas(topic, p.partition()) + "/" + p.leader()) : null,
                Links.related(links.replicas(topic, p.partition())),
                p.hasLeader() ? p.leader() : null, p.replicas(), p.isr(), p.leaderEpoch(),
                state.map(PartitionState::logStartOffset).orElse(null),
                state.map(PartitionState::highWatermark).orElse(null),
                state.map(PartitionState::logEndOffset).orElse(null),
                state.map(PartitionState::sizeBytes).orElse(null));
    }

    private static ReplicaData replica(Links links, String topic, PartitionInfo p, int brokerId) {
        return new ReplicaData("KafkaReplica", links.replica(topic, p.partition(), brokerId), links.clusterId(), topic,
                p.partition(), brokerId, p.leader() == brokerId, p.isr().contains(brokerId),
                Links.related(links.brokers() + "/" + brokerId));
    }
}
