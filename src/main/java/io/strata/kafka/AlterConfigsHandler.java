package io.strata.kafka;

import io.strata.cluster.TopicAdmin;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * AlterConfigs (the legacy, replace-all form): a topic's overrides become exactly the configs sent;
 * overrides not sent are removed. Broker configs are static here (INVALID_REQUEST).
 */
@ApplicationScoped
public class AlterConfigsHandler implements ApiHandler {

    private final TopicAdmin admin;
    private final KafkaAuthorization auth;

    @Inject
    public AlterConfigsHandler(TopicAdmin admin, KafkaAuthorization auth) {
        this.admin = admin;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        AlterConfigsRequestData request = context.body();
        return context.blocking(() -> {
            AlterConfigsResponseData response = new AlterConfigsResponseData();
            for (AlterConfigsRequestData.AlterConfigsResource resource : request.resources()) {
                AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                        .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
                response.responses().add(result);
                Errors denied = auth.checkConfigResource(context, Operation.ALTER_CONFIGS, resource.resourceType(),
                        resource.resourceName());
                if (denied != Errors.NONE) {
                    result.setErrorCode(denied.code()).setErrorMessage("Authorization failed.");
                    continue;
                }
                if (resource.resourceType() != DescribeConfigsHandler.RESOURCE_TOPIC) {
                    result.setErrorCode(Errors.INVALID_REQUEST.code())
                            .setErrorMessage("Only topic configs can be altered; broker configs are static");
                    continue;
                }
                try {
                    TopicInfo topic = admin.requireTopic(resource.resourceName());
                    Map<String, Optional<String>> changes = new HashMap<>();
                    topic.configs().keySet().forEach(k -> changes.put(k, Optional.empty()));
                    resource.configs().forEach(c -> changes.put(c.name(), Optional.ofNullable(c.value())));
                    admin.alterConfigs(topic.name(), changes, request.validateOnly());
                } catch (RuntimeException e) {
                    result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e));
                }
            }
            return response;
        });
    }
}
