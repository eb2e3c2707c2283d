package io.strata.kafka;

import io.strata.cluster.ReassignmentAdmin;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * AlterPartitionReassignments (KIP-455): a replica list starts (or replaces) a partition's
 * reassignment, a null one cancels it. Needs ALTER on the cluster (else CLUSTER_AUTHORIZATION_FAILED
 * for the whole request). Per partition: UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT
 * (empty list, a broker twice or unregistered), NO_REASSIGNMENT_IN_PROGRESS (cancel of none), and from
 * v1 INVALID_REPLICATION_FACTOR when the request forbids a change of replica count (KIP-860). Any
 * broker serves it: the write is a compare-and-set on the partition epoch, and the controller
 * completes the reassignment.
 */
@ApplicationScoped
public class AlterPartitionReassignmentsHandler implements ApiHandler {

    private final ReassignmentAdmin reassignments;
    private final MetadataCache metadata;
    private final KafkaAuthorization auth;

    @Inject
    public AlterPartitionReassignmentsHandler(ReassignmentAdmin reassignments, MetadataCache metadata, KafkaAuthorization auth) {
        this.reassignments = reassignments;
        this.metadata = metadata;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        AlterPartitionReassignmentsRequestData request = context.body();
        AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                .setAllowReplicationFactorChange(request.allowReplicationFactorChange());
        if (!auth.allowedOnCluster(context, Operation.ALTER)) {
            response.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                    .setErrorMessage(Errors.CLUSTER_AUTHORIZATION_FAILED.message());
            for (ReassignableTopic topic : request.topics()) {
                for (ReassignablePartition p : topic.partitions()) {
                    add(response, topic.name(), p.partitionIndex(), Errors.CLUSTER_AUTHORIZATION_FAILED.code(),
                            Errors.CLUSTER_AUTHORIZATION_FAILED.message());
                }
            }
            return CompletableFuture.completedFuture(response);
        }
        return context.blocking(() -> {
            Map<TopicPartition, Optional<List<Integer>>> wanted = new LinkedHashMap<>();
            Map<String, Map<Integer, StrataException>> refused = new LinkedHashMap<>();
            for (ReassignableTopic topic : request.topics()) {
                for (ReassignablePartition p : topic.partitions()) {
                    Optional<StrataException> invalid = precheck(request, topic.name(), p);
                    if (invalid.isPresent()) {
                        refused.computeIfAbsent(topic.name(), t -> new LinkedHashMap<>()).put(p.partitionIndex(), invalid.get());
                    } else {
                        wanted.put(new TopicPartition(topic.name(), p.partitionIndex()), Optional.ofNullable(p.replicas()));
                    }
                }
            }
            Map<TopicPartition, Optional<StrataException>> results = reassignments.alter(wanted);
            for (ReassignableTopic topic : request.topics()) {
                for (ReassignablePartition p : topic.partitions()) {
                    StrataException failure = refused.getOrDefault(topic.name(), Map.of()).get(p.partitionIndex());
                    if (failure == null && p.partitionIndex() >= 0) {
                        failure = results.get(new TopicPartition(topic.name(), p.partitionIndex())).orElse(null);
                    }
                    add(response, topic.name(), p.partitionIndex(), failure == null ? Errors.NONE.code() : KafkaErrors.code(failure),
                            failure == null ? null : KafkaErrors.message(failure));
                }
            }
            return response;
        });
    }

    /** Refusals that need no write: unknown partition, or a replica count change the client forbade. */
    private Optional<StrataException> precheck(AlterPartitionReassignmentsRequestData request, String topicName,
            ReassignablePartition p) {
        Optional<TopicInfo> topic = metadata.image().topic(topicName).or(() -> metadata.refresh().topic(topicName));
        if (topic.isEmpty() || topicName.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= topic.get().partitionCount()) {
            return Optional.of(new StrataException(ErrorKind.UNKNOWN_TOPIC_OR_PARTITION,
                    "This server does not host this topic-partition: " + topicName + "-" + p.partitionIndex()));
        }
        PartitionInfo current = topic.get().partition(p.partitionIndex());
        if (!request.allowReplicationFactorChange() && p.replicas() != null
                && p.replicas().size() != current.originalReplicas().size()) {
            return Optional.of(new StrataException(ErrorKind.INVALID_REPLICATION_FACTOR,
                    "The replication factor is changed from " + current.originalReplicas().size() + " to "
                            + p.replicas().size() + " but the request does not allow replication factor changes"));
        }
        return Optional.empty();
    }

    private static void add(AlterPartitionReassignmentsResponseData response, String topic, int partition, short code,
            String message) {
        ReassignableTopicResponse t = response.responses().stream().filter(r -> r.name().equals(topic)).findFirst()
                .orElseGet(() -> {
                    ReassignableTopicResponse created = new ReassignableTopicResponse().setName(topic);
                    response.responses().add(created);
                    return created;
                });
        t.partitions().add(new ReassignablePartitionResponse().setPartitionIndex(partition).setErrorCode(code)
                .setErrorMessage(message));
    }
}
