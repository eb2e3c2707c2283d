package io.strata.kafka;

import io.strata.metadata.MetadataCache;
import io.strata.security.AuditLog.AuditEvent;
import io.strata.security.AuditStates;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Audit descriptions of AlterConfigs and IncrementalAlterConfigs: a topic's config overrides before
 * and after ({@link AuditStates#configs}). Other resource types are recorded by their Kafka type
 * number ({@code BROKER:1} for broker configs, which Strata refuses). {@code validate_only} requests
 * change nothing and are not recorded. Stateless.
 */
@ApplicationScoped
class ConfigAdminAudits implements AuditedApis {

    private final MetadataCache metadata;

    @Inject
    ConfigAdminAudits(MetadataCache metadata) {
        this.metadata = metadata;
    }

    @Override
    public Map<ApiKeys, AuditedApi> apis() {
        return Map.of(
                ApiKeys.ALTER_CONFIGS, AuditedApi.of((c, response, before) -> changes(before,
                                ((AlterConfigsResponseData) response).responses().stream()
                                        .map(r -> new Result(r.resourceType(), r.resourceName(), r.errorCode(), r.errorMessage()))
                                        .toList()))
                        .when(c -> !c.<AlterConfigsRequestData>body().validateOnly())
                        .beforeFromMemory(c -> topicConfigs()),
                ApiKeys.INCREMENTAL_ALTER_CONFIGS, AuditedApi.of((c, response, before) -> changes(before,
                                ((IncrementalAlterConfigsResponseData) response).responses().stream()
                                        .map(r -> new Result(r.resourceType(), r.resourceName(), r.errorCode(), r.errorMessage()))
                                        .toList()))
                        .when(c -> !c.<IncrementalAlterConfigsRequestData>body().validateOnly())
                        .beforeFromMemory(c -> topicConfigs()));
    }

    /** One resource's answer, the same in both APIs' responses. */
    private record Result(byte resourceType, String resourceName, short errorCode, String errorMessage) {}

    private Map<String, Map<String, String>> topicConfigs() {
        Map<String, Map<String, String>> out = new HashMap<>();
        metadata.image().allTopics().forEach(t -> out.put(t.name(), AuditStates.configs(t)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<AdminChange> changes(Object before, List<Result> results) {
        Map<String, Map<String, String>> configs = before == null ? Map.of() : (Map<String, Map<String, String>>) before;
        return results.stream().map(r -> {
            if (r.resourceType() != DescribeConfigsHandler.RESOURCE_TOPIC) {
                String type = r.resourceType() == DescribeConfigsHandler.RESOURCE_BROKER ? "BROKER" : "RESOURCE_TYPE_" + r.resourceType();
                return new AdminChange(type + ":" + r.resourceName(), r.errorCode(), r.errorMessage(), null, null);
            }
            Object after = r.errorCode() == 0
                    ? metadata.image().topic(r.resourceName()).map(AuditStates::configs).orElse(null) : null;
            return new AdminChange(AuditEvent.resource(ResourceType.TOPIC, r.resourceName()), r.errorCode(), r.errorMessage(),
                    configs.get(r.resourceName()), after);
        }).toList();
    }
}
