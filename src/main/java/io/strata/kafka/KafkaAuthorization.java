package io.strata.kafka;

import io.strata.security.AuditLog;
import io.strata.security.Authorizer;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.protocol.Errors;

/**
 * Every Kafka-protocol authorization check goes through here, so that all handlers ask the
 * {@link Authorizer} about the connection's caller the same way, answer with Kafka's
 * {@code *_AUTHORIZATION_FAILED} codes (never by closing the connection), and record each denial
 * in the {@link AuditLog}. Filtering a listing (Metadata for all topics, ListGroups, OffsetFetch
 * of all partitions) uses {@link #visible}, which does not audit: hiding what the caller may not
 * see is not a denied request, as in Kafka.
 *
 * <p>Thread-safe: stateless besides its thread-safe collaborators.
 */
@ApplicationScoped
public class KafkaAuthorization {

    private final Authorizer authorizer;
    private final AuditLog audit;

    @Inject
    public KafkaAuthorization(Authorizer authorizer, AuditLog audit) {
        this.authorizer = authorizer;
        this.audit = audit;
    }

    /** Whether the caller may; a denial is audited under the request's API name. */
    public boolean allowed(RequestContext context, Operation operation, ResourceType type, String name) {
        if (authorizer.authorize(context.caller(), operation, type, name)) {
            return true;
        }
        recordDenial(context, operation, type, name);
        return false;
    }

    /** Audits a denial decided from several checks (such as InitProducerId's two alternatives). */
    public void recordDenial(RequestContext context, Operation operation, ResourceType type, String name) {
        audit.record(AuditLog.AuditEvent.denied(context.caller(), action(context, operation), type, name));
    }

    public boolean allowedOnCluster(RequestContext context, Operation operation) {
        return allowed(context, operation, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME);
    }

    /** Whether the caller may see the resource in a listing; not audited. */
    public boolean visible(RequestContext context, Operation operation, ResourceType type, String name) {
        return authorizer.authorize(context.caller(), operation, type, name);
    }

    /** Whether the caller may perform the operation on some resource of the type (Kafka's authorizeByResourceType). */
    public boolean allowedOnSome(RequestContext context, Operation operation, ResourceType type) {
        return authorizer.authorizeAny(context.caller(), operation, type);
    }

    /** Throws the type's authorization error unless the caller may; for handlers that map failures per item. */
    public void require(RequestContext context, Operation operation, ResourceType type, String name) {
        if (!allowed(context, operation, type, name)) {
            throw new KafkaErrorException(errorFor(type));
        }
    }

    /**
     * The check of a config resource (DescribeConfigs, AlterConfigs, IncrementalAlterConfigs): a topic
     * needs {@code operation} on itself, a broker on the cluster. NONE when allowed or when the
     * resource type is one the handler rejects anyway.
     */
    public Errors checkConfigResource(RequestContext context, Operation operation, byte resourceType, String name) {
        if (resourceType == DescribeConfigsHandler.RESOURCE_TOPIC) {
            return allowed(context, operation, ResourceType.TOPIC, name) ? Errors.NONE : Errors.TOPIC_AUTHORIZATION_FAILED;
        }
        if (resourceType == DescribeConfigsHandler.RESOURCE_BROKER) {
            return allowedOnCluster(context, operation) ? Errors.NONE : Errors.CLUSTER_AUTHORIZATION_FAILED;
        }
        return Errors.NONE;
    }

    /** Kafka's error for a denial on a resource of {@code type}. */
    public static Errors errorFor(ResourceType type) {
        return switch (type) {
            case TOPIC -> Errors.TOPIC_AUTHORIZATION_FAILED;
            case GROUP -> Errors.GROUP_AUTHORIZATION_FAILED;
            case TRANSACTIONAL_ID -> Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
            case CLUSTER -> Errors.CLUSTER_AUTHORIZATION_FAILED;
        };
    }

    private static String action(RequestContext context, Operation operation) {
        return context.request().apiKey().name + " " + operation;
    }
}
