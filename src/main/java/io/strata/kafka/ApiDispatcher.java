package io.strata.kafka;

import io.strata.protocol.SupportedApis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Routes a decoded request to the handler of its API key. Every key in {@link SupportedApis} has
 * exactly one handler (checked at construction), so a decoded request always finds one. Admin
 * changes are recorded in the audit log around the handler ({@link AdminAudit}).
 *
 * <p>Immutable after construction; thread-safe.
 */
@ApplicationScoped
public class ApiDispatcher {

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
    private final AdminAudit audit;

    @Inject
    public ApiDispatcher(Instance<ApiHandler> all, AdminAudit audit) {
        this.audit = audit;
        for (ApiHandler handler : all) {
            ApiHandler previous = handlers.put(handler.apiKey(), handler);
            if (previous != null) {
                throw new IllegalStateException("Two handlers for " + handler.apiKey() + ": " + previous + ", " + handler);
            }
        }
        for (ApiKeys key : SupportedApis.all().keySet()) {
            if (!handlers.containsKey(key)) {
                throw new IllegalStateException("Advertised API " + key + " has no handler");
            }
        }
    }

    /** Never throws: a handler that throws synchronously yields a failed stage. */
    public CompletionStage<ApiMessage> dispatch(RequestContext context) {
        try {
            ApiHandler handler = handlers.get(context.request().apiKey());
            return audit.around(context, () -> handler.handle(context));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
