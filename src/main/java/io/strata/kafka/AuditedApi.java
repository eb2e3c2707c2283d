package io.strata.kafka;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * How the audit log describes the requests of one admin API key, for {@link AdminAudit}.
 *
 * @param audits  whether a request changes anything (false for {@code validate_only} requests and for
 *                a group member's own offset commits)
 * @param before  the state the request may change, read before the handler runs: called on the event
 *                loop, so it reads memory only, or schedules through {@link RequestContext#blocking},
 *                whose per-connection order puts the read ahead of the handler's own work
 * @param changes the changes from the request, the response and the state before
 */
record AuditedApi(Predicate<RequestContext> audits, Function<RequestContext, CompletionStage<Object>> before,
        Changes changes) {

    interface Changes {
        List<AdminChange> of(RequestContext context, ApiMessage response, Object before);
    }

    /** Every request is audited, with nothing read before. */
    static AuditedApi of(Changes changes) {
        return new AuditedApi(c -> true, c -> CompletableFuture.completedFuture(null), changes);
    }

    AuditedApi when(Predicate<RequestContext> audits) {
        return new AuditedApi(audits, before, changes);
    }

    /** The state before, read from memory on the event loop. */
    AuditedApi beforeFromMemory(Function<RequestContext, Object> read) {
        return new AuditedApi(audits, c -> CompletableFuture.completedFuture(read.apply(c)), changes);
    }

    /** The state before, read on the connection's worker ahead of the handler (it may need PostgreSQL). */
    AuditedApi beforeFromStore(Function<RequestContext, Object> read) {
        return new AuditedApi(audits, c -> c.blocking(() -> read.apply(c)), changes);
    }
}
