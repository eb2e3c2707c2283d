package io.strata.kafka;

import io.strata.cluster.Controller;
import io.strata.common.TopicPartition;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * ElectLeaders (KIP-460), PREFERRED type only: the controller moves each partition's leadership to
 * its first replica when that replica is alive and in the ISR. Served by the controller; another
 * broker answers NOT_CONTROLLER, which makes the Java AdminClient refresh its metadata and retry at
 * the controller that Metadata names. UNCLEAN elections are refused per partition with
 * INVALID_REQUEST (Strata elects uncleanly only where the topic config allows it, automatically).
 * Null topic partitions means every partition, as in Kafka.
 */
@ApplicationScoped
public class ElectLeadersHandler implements ApiHandler {

    static final byte PREFERRED = 0;

    private final Controller controller;

    private final KafkaAuthorization auth;

    @Inject
    public ElectLeadersHandler(Controller controller, KafkaAuthorization auth) {
        this.controller = controller;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ELECT_LEADERS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        ElectLeadersRequestData request = context.body();
        short version = context.apiVersion();
        byte type = version >= 1 ? request.electionType() : PREFERRED;
        Optional<Collection<TopicPartition>> wanted = Optional.empty();
        if (request.topicPartitions() != null) {
            List<TopicPartition> list = new ArrayList<>();
            request.topicPartitions().forEach(t -> t.partitions().forEach(p -> list.add(new TopicPartition(t.topic(), p))));
            wanted = Optional.of(list);
        }
        if (!auth.allowedOnCluster(context, Operation.ALTER)) {
            ElectLeadersResponseData denied = allFailed(flatten(request), Errors.CLUSTER_AUTHORIZATION_FAILED,
                    Errors.CLUSTER_AUTHORIZATION_FAILED.message());
            return CompletableFuture.completedFuture(version >= 1
                    ? denied.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()) : denied);
        }
        if (type != PREFERRED) {
            return CompletableFuture.completedFuture(allFailed(flatten(request), Errors.INVALID_REQUEST,
                    "Only PREFERRED leader elections are supported"));
        }
        return controller.electPreferred(wanted).<ApiMessage>handle((results, failure) -> {
            if (failure != null) {
                short code = KafkaErrors.code(failure);
                ElectLeadersResponseData response = new ElectLeadersResponseData();
                if (version >= 1) {
                    return response.setErrorCode(code);
                }
                // v0 has no top-level error: report it on every asked-for partition.
                return allFailed(flatten(request), Errors.forCode(code),
                        KafkaErrors.message(failure));
            }
            return response(results);
        });
    }

    private static List<TopicPartition> flatten(ElectLeadersRequestData request) {
        List<TopicPartition> list = new ArrayList<>();
        if (request.topicPartitions() == null) {
            return list;
        }
        request.topicPartitions().forEach(t -> t.partitions().forEach(p -> list.add(new TopicPartition(t.topic(), p))));
        return list;
    }

    private static ElectLeadersResponseData response(Map<TopicPartition, Controller.ElectionResult> results) {
        Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
        results.forEach((tp, result) -> {
            PartitionResult out = new PartitionResult().setPartitionId(tp.partition());
            switch (result) {
                case ELECTED -> out.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                case NOT_NEEDED -> out.setErrorCode(Errors.ELECTION_NOT_NEEDED.code())
                        .setErrorMessage("Leader election not needed for topic partition");
                case PREFERRED_NOT_AVAILABLE -> out.setErrorCode(Errors.PREFERRED_LEADER_NOT_AVAILABLE.code())
                        .setErrorMessage("The preferred replica is not alive or not in the ISR");
                case UNKNOWN_PARTITION -> out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage("This server does not host this topic-partition");
            }
            byTopic.computeIfAbsent(tp.topic(), t -> new ReplicaElectionResult().setTopic(t)).partitionResult().add(out);
        });
        return new ElectLeadersResponseData().setReplicaElectionResults(new ArrayList<>(byTopic.values()));
    }

    private static ElectLeadersResponseData allFailed(List<TopicPartition> partitions, Errors error, String message) {
        Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ReplicaElectionResult().setTopic(t)).partitionResult()
                    .add(new PartitionResult().setPartitionId(tp.partition()).setErrorCode(error.code()).setErrorMessage(message));
        }
        return new ElectLeadersResponseData().setReplicaElectionResults(new ArrayList<>(byTopic.values()));
    }
}
