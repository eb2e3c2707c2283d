package io.strata.kafka;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Serves one Kafka API key. {@link #handle} is called on the connection's event loop and must not
 * block: disk and database work goes through {@link RequestContext#blocking}. The stage completes
 * with the {@code *ResponseData} to send, with {@code null} when the request gets no response
 * (produce with acks=0), or exceptionally with {@link CloseConnectionException} to drop the client.
 * Any other failure is a bug in the handler and also closes the connection.
 *
 * <p>Implementations are CDI beans and must be thread-safe: one instance serves every connection.
 */
public interface ApiHandler {

    ApiKeys apiKey();

    CompletionStage<ApiMessage> handle(RequestContext context);
}
