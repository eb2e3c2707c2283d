package io.strata.kafka;

import io.strata.security.AuditLog;
import io.strata.security.AuditLog.AuditEvent;
import io.strata.security.Caller;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

/**
 * The one place the Kafka front end records admin changes in the {@link AuditLog}, around the
 * handlers rather than inside them: for an audited API key ({@link AuditedApis}) it reads the state
 * before, lets the handler run, and records one event per resource of the response with the
 * connection's caller, SUCCESS or FAILURE (Kafka's error name and message) and before/after. The
 * action is the API's Kafka name ({@code CreateTopics}).
 *
 * <p>The response is never delayed or changed: events are recorded after it completes, on the side,
 * and any failure to describe them is logged and ignored. Authorization failures are not recorded
 * here: the authorizing code records those as DENIED.
 *
 * <p>Immutable after construction; thread-safe.
 */
@ApplicationScoped
public class AdminAudit {

    private static final Logger LOG = Logger.getLogger(AdminAudit.class);
    private static final Set<Short> AUTHORIZATION_ERRORS = Set.of(Errors.TOPIC_AUTHORIZATION_FAILED.code(),
            Errors.GROUP_AUTHORIZATION_FAILED.code(), Errors.CLUSTER_AUTHORIZATION_FAILED.code(),
            Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());

    private final AuditLog log;
    private final Map<ApiKeys, AuditedApi> audited = new EnumMap<>(ApiKeys.class);

    @Inject
    public AdminAudit(AuditLog log, Instance<AuditedApis> all) {
        this.log = log;
        for (AuditedApis apis : all) {
            apis.apis().forEach((key, api) -> {
                if (audited.put(key, api) != null) {
                    throw new IllegalStateException("Two audit descriptions for " + key);
                }
            });
        }
    }

    /** Runs {@code handler} (on the calling event loop) and, if it is an audited change, records it once it completes. */
    public CompletionStage<ApiMessage> around(RequestContext context, Supplier<CompletionStage<ApiMessage>> handler) {
        AuditedApi api = audited.get(context.request().apiKey());
        if (api == null || !api.audits().test(context)) {
            return handler.get();
        }
        CompletionStage<Object> before = before(context, api);
        CompletionStage<ApiMessage> response = handler.get();
        response.whenComplete((message, failure) -> before.thenAccept(b -> record(context, api, message, failure, b)));
        return response;
    }

    /** The state before; null when it cannot be read (the change is still recorded). */
    private static CompletionStage<Object> before(RequestContext context, AuditedApi api) {
        try {
            return api.before().apply(context).exceptionally(failure -> null);
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the state before %s for the audit log: %s", context.request().apiKey(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
    }

    private void record(RequestContext context, AuditedApi api, ApiMessage response, Throwable failure, Object before) {
        Caller caller = context.caller();
        String action = context.request().apiKey().name;
        try {
            if (failure != null || response == null) {
                // The handler failed outright (the connection is closed): the request's fate is unknown.
                log.record(AuditEvent.failure(caller, action, AuditEvent.resource(ResourceType.CLUSTER, ResourceType.CLUSTER_NAME),
                        before, Errors.UNKNOWN_SERVER_ERROR.name(), failure == null ? "no response" : String.valueOf(failure)));
                return;
            }
            List<AdminChange> changes = api.changes().of(context, response, before);
            for (AdminChange change : changes) {
                if (AUTHORIZATION_ERRORS.contains(change.errorCode())) {
                    continue;
                }
                if (change.errorCode() == Errors.NONE.code()) {
                    log.record(new AuditEvent(caller, action, change.resource(), AuditLog.Outcome.SUCCESS, change.before(),
                            change.after()));
                } else {
                    Errors error = Errors.forCode(change.errorCode());
                    log.record(AuditEvent.failure(caller, action, change.resource(), change.before(), error.name(),
                            change.message() == null ? error.message() : change.message()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not describe %s by %s for the audit log", action, caller);
        }
    }
}
