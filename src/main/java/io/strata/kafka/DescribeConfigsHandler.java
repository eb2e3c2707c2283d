package io.strata.kafka;

import io.strata.cluster.TopicAdmin;
import io.strata.config.StrataConfig;
import io.strata.metadata.TopicInfo;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeConfigs. Topics: every topic config with its effective value, DYNAMIC_TOPIC_CONFIG for
 * overrides and DEFAULT_CONFIG otherwise (synonyms list the override, then the default). Brokers:
 * a few read-only static entries, for this broker's id (or "" for the cluster default).
 */
@ApplicationScoped
public class DescribeConfigsHandler implements ApiHandler {

    static final byte RESOURCE_TOPIC = 2;
    static final byte RESOURCE_BROKER = 4;
    /** {@code DescribeConfigsResponse.ConfigType}: STRING, INT, BOOLEAN. */
    static final byte TYPE_STRING = 2;
    static final byte TYPE_INT = 3;
    static final byte TYPE_BOOLEAN = 1;

    private final TopicAdmin admin;
    private final StrataConfig config;
    private final KafkaListener listener;
    private final KafkaAuthorization auth;

    @Inject
    public DescribeConfigsHandler(TopicAdmin admin, StrataConfig config, KafkaListener listener, KafkaAuthorization auth) {
        this.admin = admin;
        this.config = config;
        this.listener = listener;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DescribeConfigsRequestData request = context.body();
        return context.blocking(() -> {
            DescribeConfigsResponseData response = new DescribeConfigsResponseData();
            for (DescribeConfigsRequestData.DescribeConfigsResource resource : request.resources()) {
                DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(resource.resourceType())
                        .setResourceName(resource.resourceName());
                response.results().add(result);
                Errors denied = auth.checkConfigResource(context, Operation.DESCRIBE_CONFIGS, resource.resourceType(),
                        resource.resourceName());
                if (denied != Errors.NONE) {
                    result.setErrorCode(denied.code()).setErrorMessage("Authorization failed.");
                    continue;
                }
                try {
                    if (resource.resourceType() == RESOURCE_TOPIC) {
                        describeTopic(request, resource, result);
                    } else if (resource.resourceType() == RESOURCE_BROKER) {
                        describeBroker(resource, result);
                    } else {
                        result.setErrorCode(Errors.INVALID_REQUEST.code())
                                .setErrorMessage("Unsupported resource type " + resource.resourceType());
                    }
                } catch (RuntimeException e) {
                    result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e)).setConfigs(new ArrayList<>());
                }
            }
            return response;
        });
    }

    private void describeTopic(DescribeConfigsRequestData request, DescribeConfigsRequestData.DescribeConfigsResource resource,
            DescribeConfigsResult result) {
        TopicInfo topic = admin.requireTopic(resource.resourceName());
        for (TopicConfigView.Entry e : TopicConfigView.entries(topic.configs(), resource.configurationKeys())) {
            DescribeConfigsResourceResult entry = new DescribeConfigsResourceResult().setName(e.name())
                    .setValue(e.sensitive() ? null : e.value()).setReadOnly(false).setConfigSource(e.source())
                    .setIsSensitive(e.sensitive()).setConfigType(e.typeId())
                    .setDocumentation(request.includeDocumentation() ? e.documentation() : null);
            if (request.includeSynonyms()) {
                if (e.overridden()) {
                    entry.synonyms().add(new DescribeConfigsSynonym().setName(e.name()).setValue(e.value())
                            .setSource(TopicConfigView.SOURCE_DYNAMIC_TOPIC));
                }
                entry.synonyms().add(new DescribeConfigsSynonym()
                        .setName(e.brokerSynonym() != null ? e.brokerSynonym() : e.name())
                        .setValue(e.defaultValue()).setSource(TopicConfigView.SOURCE_DEFAULT));
            }
            result.configs().add(entry);
        }
    }

    private void describeBroker(DescribeConfigsRequestData.DescribeConfigsResource resource, DescribeConfigsResult result) {
        String name = resource.resourceName();
        if (!name.isEmpty() && !name.equals(Integer.toString(config.nodeId()))) {
            result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Broker " + name
                    + " cannot be described by broker " + config.nodeId() + "; ask that broker");
            return;
        }
        Map<String, String[]> entries = new LinkedHashMap<>();
        entries.put("node.id", new String[] {Integer.toString(config.nodeId()), "int"});
        entries.put("broker.id", new String[] {Integer.toString(config.nodeId()), "int"});
        entries.put("broker.rack", new String[] {config.rack().orElse(null), "string"});
        entries.put("advertised.listeners", new String[] {"PLAINTEXT://" + config.kafka().advertisedHost() + ":"
                + listener.boundPort(), "string"});
        entries.put("socket.request.max.bytes", new String[] {Integer.toString(config.kafka().socketRequestMaxBytes()), "int"});
        entries.put("num.partitions", new String[] {Integer.toString(TopicAdmin.DEFAULT_PARTITIONS), "int"});
        entries.put("default.replication.factor", new String[] {Integer.toString(TopicAdmin.DEFAULT_REPLICATION_FACTOR), "int"});
        entries.put("auto.create.topics.enable", new String[] {"false", "boolean"});
        entries.put("log.dirs", new String[] {config.dataDir(), "string"});
        List<String> keys = resource.configurationKeys();
        entries.forEach((key, value) -> {
            if (keys == null || keys.contains(key)) {
                byte type = switch (value[1]) {
                    case "int" -> TYPE_INT;
                    case "boolean" -> TYPE_BOOLEAN;
                    default -> TYPE_STRING;
                };
                result.configs().add(new DescribeConfigsResourceResult().setName(key).setValue(value[0]).setReadOnly(true)
                        .setConfigSource(TopicConfigView.SOURCE_STATIC_BROKER).setIsSensitive(false).setConfigType(type));
            }
        });
    }
}
