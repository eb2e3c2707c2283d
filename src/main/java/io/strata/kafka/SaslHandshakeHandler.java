package io.strata.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * SaslHandshake: picks the connection's mechanism, see {@link SaslAuthenticator}. Stateless.
 *
 * <p>Version 0 is advertised because librdkafka (kcat) only enables SASL when the advertised range
 * includes it, as Apache Kafka 4 brokers still do; such clients then speak v1 with SaslAuthenticate.
 * A real v0 handshake would be followed by raw, unframed SASL tokens, which Strata does not speak: it
 * gets UNSUPPORTED_VERSION and the connection is closed.
 */
@ApplicationScoped
public class SaslHandshakeHandler implements ApiHandler {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_HANDSHAKE;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        SaslHandshakeRequestData request = context.body();
        if (context.apiVersion() == 0) {
            return CompletableFuture.completedFuture(context.sasl().refuseRawTokenHandshake());
        }
        return CompletableFuture.completedFuture(context.sasl().handshake(request.mechanism()));
    }
}
