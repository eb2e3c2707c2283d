package io.strata.kafka;

import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * ListPartitionReassignments (KIP-455): the reassignments in progress, of every partition (null
 * topics) or of the asked-for ones; unknown or settled partitions are simply not listed, as in Kafka.
 * Needs DESCRIBE on the cluster (else CLUSTER_AUTHORIZATION_FAILED). Served from this broker's image.
 */
@ApplicationScoped
public class ListPartitionReassignmentsHandler implements ApiHandler {

    private final MetadataCache metadata;
    private final KafkaAuthorization auth;

    @Inject
    public ListPartitionReassignmentsHandler(MetadataCache metadata, KafkaAuthorization auth) {
        this.metadata = metadata;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        ListPartitionReassignmentsRequestData request = context.body();
        ListPartitionReassignmentsResponseData response = new ListPartitionReassignmentsResponseData();
        if (!auth.allowedOnCluster(context, Operation.DESCRIBE)) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                    .setErrorMessage(Errors.CLUSTER_AUTHORIZATION_FAILED.message()));
        }
        MetadataImage image = metadata.image();
        if (request.topics() == null) {
            for (TopicInfo topic : image.allTopics()) {
                add(response, topic, topic.partitions());
            }
        } else {
            for (ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics wanted : request.topics()) {
                image.topic(wanted.name()).ifPresent(topic -> add(response, topic, wanted.partitionIndexes().stream()
                        .filter(p -> p >= 0 && p < topic.partitionCount()).map(topic::partition).toList()));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static void add(ListPartitionReassignmentsResponseData response, TopicInfo topic, List<PartitionInfo> partitions) {
        List<OngoingPartitionReassignment> ongoing = partitions.stream().filter(PartitionInfo::reassigning)
                .map(p -> new OngoingPartitionReassignment().setPartitionIndex(p.partition())
                        .setReplicas(p.replicas()).setAddingReplicas(p.addingReplicas())
                        .setRemovingReplicas(p.removingReplicas()))
                .toList();
        if (!ongoing.isEmpty()) {
            response.topics().add(new OngoingTopicReassignment().setName(topic.name()).setPartitions(ongoing));
        }
    }
}
