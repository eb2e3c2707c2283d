package io.strata.kafka;

import io.strata.cluster.TopicAdmin;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** CreatePartitions: raises a topic's partition count with automatic placement. Database work runs on a worker. */
@ApplicationScoped
public class CreatePartitionsHandler implements ApiHandler {

    private final TopicAdmin admin;
    private final KafkaAuthorization auth;

    @Inject
    public CreatePartitionsHandler(TopicAdmin admin, KafkaAuthorization auth) {
        this.admin = admin;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        CreatePartitionsRequestData request = context.body();
        return context.blocking(() -> {
            CreatePartitionsResponseData response = new CreatePartitionsResponseData();
            for (CreatePartitionsRequestData.CreatePartitionsTopic topic : request.topics()) {
                CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
                response.results().add(result);
                if (!auth.allowed(context, Operation.ALTER, ResourceType.TOPIC, topic.name())) {
                    result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).setErrorMessage("Authorization failed.");
                    continue;
                }
                if (topic.assignments() != null) {
                    result.setErrorCode(Errors.INVALID_REPLICA_ASSIGNMENT.code())
                            .setErrorMessage("Manual replica assignment is not supported");
                    continue;
                }
                try {
                    admin.createPartitions(topic.name(), topic.count(), request.validateOnly());
                } catch (RuntimeException e) {
                    result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e));
                }
            }
            return response;
        });
    }
}
