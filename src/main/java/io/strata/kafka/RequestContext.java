package io.strata.kafka;

import io.strata.protocol.KafkaRequest;
import io.strata.security.Caller;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One request as a handler sees it, plus the means to do work off the event loop.
 *
 * @param request        the decoded request
 * @param connectionId   a readable id of the client connection, for logs
 * @param caller         who sent it, as the connection authenticated it (anonymous on PLAINTEXT)
 * @param blockingTasks  runs this connection's blocking work one task at a time, in submission order
 *                       (Kafka serves a connection's requests in order; produce relies on it)
 * @param vertx          for timers (fetch long poll)
 * @param sasl           the connection's authentication state, for the SASL handlers only
 */
public record RequestContext(KafkaRequest request, String connectionId, Caller caller, Executor blockingTasks, Vertx vertx,
        SaslAuthenticator sasl) {

    public short apiVersion() {
        return request.apiVersion();
    }

    @SuppressWarnings("unchecked")
    public <T> T body() {
        return (T) request.body();
    }

    /** Runs {@code work} off the event loop; the future completes on a worker thread. */
    public <T> CompletableFuture<T> blocking(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, blockingTasks);
    }
}
