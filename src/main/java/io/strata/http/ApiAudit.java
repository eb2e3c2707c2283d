package io.strata.http;

import io.strata.common.StrataException;
import io.strata.security.AuditLog;
import io.strata.security.AuditLog.AuditEvent;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place the HTTP API records admin changes in the {@link AuditLog}: runs a change and
 * records it with the caller, the state before and after, and SUCCESS or FAILURE (with the error the
 * client is answered with). Failures are rethrown unchanged, so the answer does not depend on auditing.
 * Denials are recorded where authorization is decided, not here.
 *
 * <p>Thread-safe: stateless.
 */
@ApplicationScoped
class ApiAudit {

    private final ApiContext api;
    private final AuditLog log;

    @Inject
    ApiAudit(ApiContext api, AuditLog log) {
        this.api = api;
        this.log = log;
    }

    /**
     * @param action what the caller did, e.g. {@code http:DELETE topic}
     * @param before reads the state before the change; its failure (e.g. 404) fails the change too
     * @param change makes the change
     * @param after  the state after, from the change's result
     */
    <S, T> T change(String action, ResourceType type, String name, Supplier<S> before, Function<S, T> change,
            Function<? super T, ?> after) {
        String resource = AuditEvent.resource(type, name);
        S state = null;
        T result;
        try {
            state = before.get();
            result = change.apply(state);
        } catch (RuntimeException e) {
            // The client is told a StrataException's message; anything else is answered generically.
            log.record(e instanceof StrataException s
                    ? AuditEvent.failure(api.caller(), action, resource, state, s.kind().name(), s.getMessage())
                    : AuditEvent.failure(api.caller(), action, resource, state, e.getClass().getSimpleName(), null));
            throw e;
        }
        log.record(new AuditEvent(api.caller(), action, resource, AuditLog.Outcome.SUCCESS, state, stateAfter(after, result)));
        return result;
    }

    /** The state after a change that happened; reading it must not turn the change into a failure. */
    private static <T> Object stateAfter(Function<? super T, ?> after, T result) {
        try {
            return after.apply(result);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
