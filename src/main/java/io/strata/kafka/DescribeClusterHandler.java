package io.strata.kafka;

import io.strata.metadata.BrokerInfo;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** DescribeCluster: cluster id, controller and brokers; dead brokers only when asked for fenced ones (v2). */
@ApplicationScoped
public class DescribeClusterHandler implements ApiHandler {

    /** {@code DescribeClusterRequest.endpoint_type}: brokers (1); controllers (2) are not a separate role here. */
    static final byte ENDPOINT_TYPE_BROKERS = 1;

    private final MetadataCache metadata;
    private final KafkaListener listener;

    @Inject
    public DescribeClusterHandler(MetadataCache metadata, KafkaListener listener) {
        this.metadata = metadata;
        this.listener = listener;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DescribeClusterRequestData request = context.body();
        DescribeClusterResponseData response = new DescribeClusterResponseData().setEndpointType(ENDPOINT_TYPE_BROKERS);
        if (context.apiVersion() >= 1 && request.endpointType() != ENDPOINT_TYPE_BROKERS) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Only broker endpoints can be described"));
        }
        MetadataImage image = metadata.image();
        response.setClusterId(listener.clusterId()).setControllerId(listener.controllerId(image));
        for (BrokerInfo b : listener.brokers(image, request.includeFencedBrokers())) {
            response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(b.nodeId())
                    .setHost(b.host()).setPort(b.kafkaPort()).setRack(b.rack().orElse(null)).setIsFenced(!b.alive()));
        }
        return CompletableFuture.completedFuture(response);
    }
}
