package io.strata.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/** SaslHandshake (v1): picks the connection's mechanism, see {@link SaslAuthenticator}. Stateless. */
@ApplicationScoped
public class SaslHandshakeHandler implements ApiHandler {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_HANDSHAKE;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        SaslHandshakeRequestData request = context.body();
        return CompletableFuture.completedFuture(context.sasl().handshake(request.mechanism()));
    }
}
