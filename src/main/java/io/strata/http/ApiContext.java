package io.strata.http;

import io.strata.broker.BrokerServer;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.TopicInfo;
import io.strata.security.AuditLog;
import io.strata.security.Authorizer;
import io.strata.security.Operation;
import io.strata.security.Caller;
import io.strata.security.ResourceType;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;

/**
 * What every endpoint does before acting: check the cluster id of the path, resolve the caller and
 * ask the {@link Authorizer}, find the topic and partition.
 *
 * <p>The caller is the one {@link ApiAuthentication} resolved for the request (from the bearer token
 * under {@code strata.auth.mode=oidc}, anonymous at the client's address under {@code none}).
 */
@ApplicationScoped
class ApiContext {

    private final MetadataCache metadata;
    private final BrokerServer broker;
    private final Authorizer authorizer;
    private final CurrentVertxRequest request;
    private final AuditLog audit;

    @Inject
    ApiContext(MetadataCache metadata, BrokerServer broker, Authorizer authorizer, CurrentVertxRequest request,
            AuditLog audit) {
        this.metadata = metadata;
        this.broker = broker;
        this.authorizer = authorizer;
        this.request = request;
        this.audit = audit;
    }

    MetadataImage image() {
        return metadata.image();
    }

    String clusterId() {
        String id = metadata.image().clusterId();
        if (id == null || id.isEmpty()) {
            id = broker.clusterId();
        }
        if (id == null || id.isEmpty()) {
            throw new StrataException(ErrorKind.LEADER_NOT_AVAILABLE, "The broker is starting");
        }
        return id;
    }

    /** The links of the path's cluster; 404 when the id is not this cluster's. */
    Links cluster(UriInfo uri, String clusterId) {
        String actual = clusterId();
        if (!actual.equals(clusterId)) {
            throw new StrataException(ErrorKind.NOT_FOUND, "Cluster " + clusterId + " cannot be found.");
        }
        return new Links(uri, actual);
    }

    /** The caller of the current request (call it on the request's thread, before going async). */
    Caller caller() {
        return ApiAuthentication.caller(request.getCurrent());
    }

    boolean allowed(Operation operation, ResourceType type, String name) {
        return authorizer.authorize(caller(), operation, type, name);
    }

    /** 403/40301 unless the caller may perform the operation; a denial is recorded in the audit log. */
    void authorize(Operation operation, ResourceType type, String name) {
        if (!allowed(operation, type, name)) {
            audit.record(AuditLog.AuditEvent.denied(caller(), "http " + operation, type, name));
            ErrorKind kind = switch (type) {
                case TOPIC -> ErrorKind.TOPIC_AUTHORIZATION_FAILED;
                case GROUP -> ErrorKind.GROUP_AUTHORIZATION_FAILED;
                default -> ErrorKind.CLUSTER_AUTHORIZATION_FAILED;
            };
            throw new StrataException(kind, caller().principal() + " is not authorized to " + operation + " "
                    + type + " " + name + ".");
        }
    }

    void authorizeCluster(Operation operation) {
        authorize(operation, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME);
    }

    /** 404/40403 when the topic does not exist (after one metadata refresh, to read our own writes). */
    TopicInfo requireTopic(String name) {
        return metadata.image().topic(name).or(() -> metadata.refresh().topic(name)).orElseThrow(
                () -> new StrataException(ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, "Topic " + name + " cannot be found."));
    }

    /** The partition number of a path segment; 404/40402 unless the topic has that partition. */
    static int requirePartition(TopicInfo topic, String partitionId) {
        int partition;
        try {
            partition = Integer.parseInt(partitionId);
        } catch (NumberFormatException e) {
            partition = -1;
        }
        if (partition < 0 || partition >= topic.partitionCount()) {
            throw new StrataException(ErrorKind.UNKNOWN_PARTITION,
                    "Partition " + partitionId + " of topic " + topic.name() + " cannot be found.");
        }
        return partition;
    }
}
