package io.strata.http;

import io.strata.cluster.TopicAdmin;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.http.dto.AlterConfigEntry;
import io.strata.http.dto.AlterConfigsRequest;
import io.strata.http.dto.ResourceList;
import io.strata.http.dto.TopicConfigData;
import io.strata.http.dto.UpdateConfigRequest;
import io.strata.metadata.TopicInfo;
import io.strata.security.AuditStates;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A topic's configs: {@code GET configs} lists every Kafka topic config with its effective value;
 * {@code PUT}/{@code DELETE configs/{name}} set or reset one; {@code POST configs:alter} applies
 * several SET/DELETE changes atomically. Every change is validated as a whole before it is written.
 */
@Path("/v3/clusters/{cluster_id}/topics/{topic_name}")
@Produces(MediaType.APPLICATION_JSON)
public class TopicConfigsResource {

    @Inject
    ApiContext api;

    @Inject
    ApiJson json;

    @Inject
    TopicAdmin admin;

    @Inject
    ApiAudit audit;

    @Context
    UriInfo uri;

    @GET
    @Path("configs")
    public ResourceList<TopicConfigData> list(@PathParam("cluster_id") String clusterId,
            @PathParam("topic_name") String topicName) {
        Links links = api.cluster(uri, clusterId);
        api.authorize(Operation.DESCRIBE_CONFIGS, ResourceType.TOPIC, topicName);
        TopicInfo topic = api.requireTopic(topicName);
        return new ResourceList<>("KafkaTopicConfigList", Links.list(links.configs(topicName)),
                TopicConfigCatalog.effective(topic.configs()).stream().map(c -> config(links, topicName, c)).toList());
    }

    @GET
    @Path("configs/{config_name}")
    public TopicConfigData get(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName,
            @PathParam("config_name") String name) {
        Links links = api.cluster(uri, clusterId);
        api.authorize(Operation.DESCRIBE_CONFIGS, ResourceType.TOPIC, topicName);
        TopicInfo topic = api.requireTopic(topicName);
        return TopicConfigCatalog.effective(topic.configs(), name).map(c -> config(links, topicName, c))
                .orElseThrow(() -> new StrataException(ErrorKind.NOT_FOUND,
                        "Config " + name + " cannot be found for topic " + topicName + "."));
    }

    /** Sets one override: 204. */
    @PUT
    @Path("configs/{config_name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName,
            @PathParam("config_name") String name, InputStream body) throws IOException {
        api.cluster(uri, clusterId);
        api.authorize(Operation.ALTER_CONFIGS, ResourceType.TOPIC, topicName);
        api.requireTopic(topicName);
        UpdateConfigRequest request = json.read(body, UpdateConfigRequest.class);
        if (request.value() == null) {
            throw new StrataException(ErrorKind.INVALID_CONFIG, "value is required; DELETE the config to reset it");
        }
        alterConfigs("http:PUT config", topicName, Map.of(name, Optional.of(request.value())));
        return Response.noContent().build();
    }

    /** Removes one override, so the default applies again: 204. */
    @DELETE
    @Path("configs/{config_name}")
    public Response reset(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName,
            @PathParam("config_name") String name) {
        api.cluster(uri, clusterId);
        api.authorize(Operation.ALTER_CONFIGS, ResourceType.TOPIC, topicName);
        api.requireTopic(topicName);
        alterConfigs("http:DELETE config", topicName, Map.of(name, Optional.empty()));
        return Response.noContent().build();
    }

    /** All of {@code data} applies or none of it: 204. */
    @POST
    @Path("configs:alter")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response alter(@PathParam("cluster_id") String clusterId, @PathParam("topic_name") String topicName,
            InputStream body) throws IOException {
        api.cluster(uri, clusterId);
        api.authorize(Operation.ALTER_CONFIGS, ResourceType.TOPIC, topicName);
        api.requireTopic(topicName);
        AlterConfigsRequest request = json.read(body, AlterConfigsRequest.class);
        if (request.data() == null) {
            throw ApiErrors.badRequestException("data is required");
        }
        Map<String, Optional<String>> changes = new LinkedHashMap<>();
        for (AlterConfigEntry entry : request.data()) {
            if (entry == null || entry.name() == null) {
                throw new StrataException(ErrorKind.INVALID_CONFIG, "Every change needs a name");
            }
            String operation = entry.operation() == null ? "SET" : entry.operation().toUpperCase(Locale.ROOT);
            Optional<String> change = switch (operation) {
                case "SET" -> {
                    if (entry.value() == null) {
                        throw new StrataException(ErrorKind.INVALID_CONFIG, "SET of " + entry.name() + " needs a value");
                    }
                    yield Optional.of(entry.value());
                }
                case "DELETE" -> Optional.empty();
                default -> throw new StrataException(ErrorKind.INVALID_CONFIG,
                        "operation must be SET or DELETE: " + entry.operation());
            };
            if (changes.put(entry.name(), change) != null) {
                throw new StrataException(ErrorKind.INVALID_CONFIG, "Config " + entry.name() + " is changed twice");
            }
        }
        if (changes.isEmpty()) {
            return Response.noContent().build();
        }
        if (Boolean.TRUE.equals(request.validateOnly())) {
            admin.alterConfigs(topicName, changes, true); // changes nothing, so nothing to audit
        } else {
            alterConfigs("http:POST configs:alter", topicName, changes);
        }
        return Response.noContent().build();
    }

    /** Applies the changes, recorded in the audit log with the overrides before and after. */
    private void alterConfigs(String action, String topicName, Map<String, Optional<String>> changes) {
        audit.change(action, ResourceType.TOPIC, topicName, () -> AuditStates.configs(api.requireTopic(topicName)),
                before -> admin.alterConfigs(topicName, changes, false),
                none -> AuditStates.configs(api.requireTopic(topicName)));
    }

    private static TopicConfigData config(Links links, String topic, TopicConfigCatalog.Effective c) {
        return new TopicConfigData("KafkaTopicConfig", links.config(topic, c.name()), links.clusterId(), topic, c.name(),
                c.sensitive() ? null : c.value(), c.isDefault(), false, c.sensitive(), c.source(), c.synonyms());
    }
}
