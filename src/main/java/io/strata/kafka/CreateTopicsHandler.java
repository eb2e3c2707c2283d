package io.strata.kafka;

import io.strata.cluster.TopicAdmin;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * CreateTopics through the shared {@link TopicAdmin}: -1 partitions or replication factor take the
 * defaults, {@code validate_only} checks without writing, each topic succeeds or fails alone. Names
 * given twice in one request fail with INVALID_REQUEST, as in Kafka. Manual replica assignments are
 * not supported yet (INVALID_REQUEST). Database work runs on a worker.
 */
@ApplicationScoped
public class CreateTopicsHandler implements ApiHandler {

    private final TopicAdmin admin;
    private final KafkaAuthorization auth;

    @Inject
    public CreateTopicsHandler(TopicAdmin admin, KafkaAuthorization auth) {
        this.admin = admin;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        CreateTopicsRequestData request = context.body();
        return context.blocking(() -> {
            CreateTopicsResponseData response = new CreateTopicsResponseData();
            // As Kafka: CREATE on the cluster covers every topic, else CREATE on each topic.
            boolean mayCreateAny = auth.visible(context, Operation.CREATE, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME);
            Set<String> seen = new HashSet<>();
            Set<String> duplicates = new HashSet<>();
            request.topics().forEach(t -> {
                if (!seen.add(t.name())) {
                    duplicates.add(t.name());
                }
            });
            for (CreateTopicsRequestData.CreatableTopic topic : request.topics()) {
                if (response.topics().find(topic.name()) != null) {
                    continue;
                }
                CreatableTopicResult result = new CreatableTopicResult().setName(topic.name());
                response.topics().add(result);
                if (duplicates.contains(topic.name())) {
                    error(result, Errors.INVALID_REQUEST.code(), "Create topics request from client contains a duplicate topic name");
                    continue;
                }
                if (!mayCreateAny && !auth.allowed(context, Operation.CREATE, ResourceType.TOPIC, topic.name())) {
                    error(result, Errors.TOPIC_AUTHORIZATION_FAILED.code(), "Authorization failed.");
                    continue;
                }
                if (!topic.assignments().isEmpty()) {
                    error(result, Errors.INVALID_REQUEST.code(), "Manual replica assignment is not supported");
                    continue;
                }
                Map<String, String> configs = new HashMap<>();
                topic.configs().forEach(c -> configs.put(c.name(), c.value()));
                if (configs.containsValue(null)) {
                    // As Kafka: a config without a value is the client's mistake, not a server error.
                    error(result, Errors.INVALID_CONFIG.code(), "Null value not supported for topic configs: "
                            + configs.entrySet().stream().filter(c -> c.getValue() == null).map(Map.Entry::getKey).toList());
                    continue;
                }
                try {
                    TopicInfo created = admin.createTopic(topic.name(), topic.numPartitions(), topic.replicationFactor(),
                            configs, request.validateOnly());
                    result.setTopicId(request.validateOnly() ? org.apache.kafka.common.Uuid.ZERO_UUID : TopicIds.toKafka(created.topicId()))
                            .setNumPartitions(created.partitionCount())
                            .setReplicationFactor((short) created.replicationFactor());
                    for (TopicConfigView.Entry e : TopicConfigView.entries(created.configs(), null)) {
                        result.configs().add(new CreatableTopicConfigs().setName(e.name()).setValue(e.value())
                                .setReadOnly(false).setConfigSource(e.source()).setIsSensitive(e.sensitive()));
                    }
                } catch (RuntimeException e) {
                    error(result, KafkaErrors.code(e), KafkaErrors.message(e));
                }
            }
            return response;
        });
    }

    private static void error(CreatableTopicResult result, short code, String message) {
        result.setErrorCode(code).setErrorMessage(message).setNumPartitions(-1).setReplicationFactor((short) -1).setConfigs(null);
    }
}
