package io.strata.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * SaslAuthenticate (v0-2): one step of the connection's SASL exchange, off the event loop because
 * token verification may block. See {@link SaslAuthenticator}. Stateless.
 */
@ApplicationScoped
public class SaslAuthenticateHandler implements ApiHandler {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_AUTHENTICATE;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        SaslAuthenticateRequestData request = context.body();
        return context.blocking(() -> context.sasl().authenticate(context.apiVersion(), request.authBytes(),
                System.currentTimeMillis(), System.nanoTime()));
    }
}
