package io.strata.http;

import io.strata.cluster.ReassignmentAdmin;
import io.strata.http.dto.ReplicationFactorProposalData;
import io.strata.http.dto.ReplicationFactorProposalData.PartitionProposal;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET topics/{t}/replication-factor-proposal?replication_factor=N} (a Strata extension): the
 * rack-aware, minimal-movement target replica lists that {@code PATCH topics/{t}} with
 * {@code {"replication_factor": N}} would reassign the topic to. Changes nothing. 400 for a missing
 * or non-numeric factor, a factor below 1 or above the number of live brokers.
 */
@Path("/v3/clusters/{cluster_id}/topics/{topic_name}/replication-factor-proposal")
@Produces(MediaType.APPLICATION_JSON)
public class ReplicationFactorResource {

    @Inject
    ApiContext api;

    @Inject
    ReassignmentAdmin reassignments;

    @Context
    UriInfo uri;

    @GET
    public ReplicationFactorProposalData propose(@PathParam("cluster_id") String clusterId,
            @PathParam("topic_name") String topicName, @QueryParam("replication_factor") String replicationFactor) {
        Links links = api.cluster(uri, clusterId);
        api.authorize(Operation.DESCRIBE, ResourceType.TOPIC, topicName);
        TopicInfo topic = api.requireTopic(topicName);
        int rf = parseReplicationFactor(replicationFactor);
        List<List<Integer>> targets = reassignments.proposeReplicationFactor(topicName, rf);
        List<PartitionProposal> partitions = new ArrayList<>();
        for (int p = 0; p < targets.size() && p < topic.partitionCount(); p++) {
            List<Integer> current = topic.partition(p).targetReplicas();
            List<Integer> target = targets.get(p);
            partitions.add(new PartitionProposal(p, current, target,
                    target.stream().filter(b -> !current.contains(b)).toList(),
                    current.stream().filter(b -> !target.contains(b)).toList()));
        }
        return new ReplicationFactorProposalData("StrataReplicationFactorProposal", links.replicationFactorProposal(topicName),
                links.clusterId(), topicName, rf, partitions);
    }

    static int parseReplicationFactor(String value) {
        if (value == null || value.isBlank()) {
            throw ApiErrors.badRequestException("replication_factor is required");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequestException("replication_factor must be an integer: " + value);
        }
    }
}
