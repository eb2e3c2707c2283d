package io.strata.kafka;

import io.strata.cluster.TopicAdmin;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * IncrementalAlterConfigs on topics: SET, DELETE, and APPEND/SUBTRACT for list-valued configs,
 * applied all-or-nothing per resource. A key given twice in one resource is INVALID_REQUEST, as in
 * Kafka. Broker configs are static here (INVALID_REQUEST).
 */
@ApplicationScoped
public class IncrementalAlterConfigsHandler implements ApiHandler {

    /** The broker-level throttles Kafka's reassignment tool removes after a reassignment. */
    private static final java.util.Set<String> BROKER_THROTTLES = java.util.Set.of("leader.replication.throttled.rate",
            "follower.replication.throttled.rate", "replica.alter.log.dirs.io.max.bytes.per.second");
    static final byte OP_SET = 0;
    static final byte OP_DELETE = 1;
    static final byte OP_APPEND = 2;
    static final byte OP_SUBTRACT = 3;

    private final TopicAdmin admin;
    private final KafkaAuthorization auth;

    @Inject
    public IncrementalAlterConfigsHandler(TopicAdmin admin, KafkaAuthorization auth) {
        this.admin = admin;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        IncrementalAlterConfigsRequestData request = context.body();
        return context.blocking(() -> {
            IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
            for (IncrementalAlterConfigsRequestData.AlterConfigsResource resource : request.resources()) {
                AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                        .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
                response.responses().add(result);
                Errors denied = auth.checkConfigResource(context, Operation.ALTER_CONFIGS, resource.resourceType(),
                        resource.resourceName());
                if (denied != Errors.NONE) {
                    result.setErrorCode(denied.code()).setErrorMessage("Authorization failed.");
                    continue;
                }
                if (resource.resourceType() == DescribeConfigsHandler.RESOURCE_BROKER && onlyDeletesThrottles(resource)) {
                    continue; // nothing to delete: Strata never sets a broker throttle
                }
                if (resource.resourceType() != DescribeConfigsHandler.RESOURCE_TOPIC) {
                    result.setErrorCode(Errors.INVALID_REQUEST.code())
                            .setErrorMessage("Only topic configs can be altered; broker configs are static");
                    continue;
                }
                try {
                    TopicInfo topic = admin.requireTopic(resource.resourceName());
                    Map<String, Optional<String>> changes = new HashMap<>();
                    for (IncrementalAlterConfigsRequestData.AlterableConfig c : resource.configs()) {
                        if (changes.containsKey(c.name())) {
                            throw new KafkaErrorException(Errors.INVALID_REQUEST);
                        }
                        changes.put(c.name(), apply(topic, c));
                    }
                    admin.alterConfigs(topic.name(), changes, request.validateOnly());
                } catch (KafkaErrorException e) {
                    result.setErrorCode(e.error().code()).setErrorMessage("Duplicate config keys in one resource");
                } catch (RuntimeException e) {
                    result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e));
                }
            }
            return response;
        });
    }

    /**
     * Kafka's reassignment tool clears the broker-level replication throttles when a reassignment is
     * done ({@code --verify}); Strata has no dynamic broker configs, so deleting them is a no-op success.
     */
    private static boolean onlyDeletesThrottles(IncrementalAlterConfigsRequestData.AlterConfigsResource resource) {
        return !resource.configs().isEmpty() && resource.configs().stream()
                .allMatch(c -> c.configOperation() == OP_DELETE && BROKER_THROTTLES.contains(c.name()));
    }

    private static Optional<String> apply(TopicInfo topic, IncrementalAlterConfigsRequestData.AlterableConfig c) {
        switch (c.configOperation()) {
            case OP_SET:
                return Optional.ofNullable(c.value());
            case OP_DELETE:
                return Optional.empty();
            case OP_APPEND:
            case OP_SUBTRACT: {
                TopicConfigView.Entry current = TopicConfigView.entry(c.name(), topic.configs()).orElseThrow(() ->
                        new io.strata.common.StrataException(io.strata.common.ErrorKind.INVALID_CONFIG,
                                "Unknown topic configuration " + c.name()));
                if (!current.list()) {
                    throw new io.strata.common.StrataException(io.strata.common.ErrorKind.INVALID_CONFIG,
                            "Config value append/subtract is not allowed for config key " + c.name() + " (not a list)");
                }
                List<String> items = new ArrayList<>(TopicConfigView.splitList(current.value()));
                for (String item : TopicConfigView.splitList(c.value())) {
                    if (c.configOperation() == OP_APPEND && !items.contains(item)) {
                        items.add(item);
                    } else if (c.configOperation() == OP_SUBTRACT) {
                        items.remove(item);
                    }
                }
                return Optional.of(String.join(",", items));
            }
            default:
                throw new io.strata.common.StrataException(io.strata.common.ErrorKind.INVALID_REQUEST,
                        "Unknown config operation " + c.configOperation());
        }
    }
}
