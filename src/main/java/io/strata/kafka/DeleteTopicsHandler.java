package io.strata.kafka;

import io.strata.cluster.TopicAdmin;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** DeleteTopics by name (v1-5) or by name or id (v6+), each topic alone. Database work runs on a worker. */
@ApplicationScoped
public class DeleteTopicsHandler implements ApiHandler {

    private final TopicAdmin admin;
    private final MetadataCache metadata;
    private final KafkaAuthorization auth;

    @Inject
    public DeleteTopicsHandler(TopicAdmin admin, MetadataCache metadata, KafkaAuthorization auth) {
        this.admin = admin;
        this.metadata = metadata;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DeleteTopicsRequestData request = context.body();
        boolean v6 = context.apiVersion() >= 6;
        return context.blocking(() -> {
            List<DeleteTopicsRequestData.DeleteTopicState> targets = new ArrayList<>();
            if (v6) {
                targets.addAll(request.topics());
            } else {
                request.topicNames().forEach(n -> targets.add(new DeleteTopicsRequestData.DeleteTopicState().setName(n)));
            }
            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
            for (DeleteTopicsRequestData.DeleteTopicState target : targets) {
                DeletableTopicResult result = new DeletableTopicResult().setName(target.name());
                try {
                    TopicInfo topic;
                    if (target.name() == null) {
                        topic = metadata.image().topicsById().get(TopicIds.fromKafka(target.topicId()));
                        if (topic == null) {
                            result.setTopicId(target.topicId()).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())
                                    .setErrorMessage(Errors.UNKNOWN_TOPIC_ID.message());
                            response.responses().add(result);
                            continue;
                        }
                        result.setName(topic.name());
                        auth.require(context, Operation.DELETE, ResourceType.TOPIC, topic.name());
                    } else {
                        // Before the existence check, so a caller without DELETE learns nothing about the name.
                        auth.require(context, Operation.DELETE, ResourceType.TOPIC, target.name());
                        topic = admin.requireTopic(target.name());
                    }
                    if (v6) {
                        result.setTopicId(TopicIds.toKafka(topic.topicId()));
                    }
                    admin.deleteTopic(topic.name());
                } catch (RuntimeException e) {
                    result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e));
                }
                if (response.responses().find(result.name()) == null) {
                    response.responses().add(result);
                }
            }
            return response;
        });
    }
}
