package io.strata.kafka;

import io.strata.protocol.SupportedApis;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/** ApiVersions: the advertised version ranges. No features are finalized (no KRaft feature levels). Stateless. */
@ApplicationScoped
public class ApiVersionsHandler implements ApiHandler {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        return CompletableFuture.completedFuture(new ApiVersionsResponseData()
                .setApiKeys(SupportedApis.apiVersions())
                .setFinalizedFeaturesEpoch(-1));
    }
}
