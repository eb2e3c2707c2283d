package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.metadata.BrokerInfo;
import io.strata.metadata.MetadataCache;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * FindCoordinator: one key (v0-3) or a batch of keys (v4+). Groups are coordinated by the broker
 * {@link CoordinatorPlacement} names from this broker's image (one live owner per group slot; a
 * broker not in the list of live brokers gives COORDINATOR_NOT_AVAILABLE, retriable); transactions have no coordinator yet, so TRANSACTION keys get
 * COORDINATOR_NOT_AVAILABLE (retriable). Served from memory on the event loop. Stateless.
 */
@ApplicationScoped
public class FindCoordinatorHandler implements ApiHandler {

    static final byte KEY_TYPE_GROUP = 0;
    static final byte KEY_TYPE_TRANSACTION = 1;

    private final CoordinatorPlacement placement;
    private final KafkaListener listener;
    private final MetadataCache metadata;

    private final KafkaAuthorization auth;

    @Inject
    public FindCoordinatorHandler(CoordinatorPlacement placement, KafkaListener listener, MetadataCache metadata, KafkaAuthorization auth) {
        this.placement = placement;
        this.listener = listener;
        this.metadata = metadata;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        FindCoordinatorRequestData request = context.body();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= 4) {
            for (String key : request.coordinatorKeys()) {
                response.coordinators().add(find(context, key, request.keyType()));
            }
        } else {
            FindCoordinatorResponseData.Coordinator c = find(context, request.key(), request.keyType());
            response.setErrorCode(c.errorCode()).setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
            if (context.apiVersion() >= 1) {
                response.setErrorMessage(c.errorMessage());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private FindCoordinatorResponseData.Coordinator find(RequestContext context, String key, byte keyType) {
        FindCoordinatorResponseData.Coordinator c = new FindCoordinatorResponseData.Coordinator().setKey(key)
                .setNodeId(-1).setHost("").setPort(-1);
        // As Kafka: DESCRIBE on the group or transactional id before anything is revealed about it.
        ResourceType type = keyType == KEY_TYPE_TRANSACTION ? ResourceType.TRANSACTIONAL_ID : ResourceType.GROUP;
        if ((keyType == KEY_TYPE_GROUP || keyType == KEY_TYPE_TRANSACTION) && key != null
                && !auth.allowed(context, Operation.DESCRIBE, type, key)) {
            Errors denied = KafkaAuthorization.errorFor(type);
            return c.setErrorCode(denied.code()).setErrorMessage(denied.message());
        }
        if (keyType == KEY_TYPE_TRANSACTION) {
            return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("Transactions are not supported by this broker yet");
        }
        if (keyType != KEY_TYPE_GROUP) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("Unsupported coordinator key type " + keyType);
        }
        if (key == null || key.isEmpty()) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("The group id must not be empty");
        }
        int node = placement.coordinatorFor(key);
        List<BrokerInfo> brokers = listener.brokers(metadata.image(), false);
        for (BrokerInfo b : brokers) {
            if (b.nodeId() == node) {
                return c.setNodeId(node).setHost(b.host()).setPort(b.kafkaPort()).setErrorCode(Errors.NONE.code());
            }
        }
        return c.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setErrorMessage("The coordinator is not available");
    }
}
