package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupCoordinator;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/** Heartbeat: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin. In memory, on the event loop. */
@ApplicationScoped
public class HeartbeatHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public HeartbeatHandler(GroupCoordinator coordinator, KafkaAuthorization auth, CoordinatorPlacement placement) {
        this.coordinator = coordinator;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        HeartbeatRequestData request = context.body();
        if (!auth.allowed(context, Operation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new HeartbeatResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        if (placement.notCoordinatorFor(request.groupId())) {
            return CompletableFuture.completedFuture(new HeartbeatResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
        return CompletableFuture.completedFuture(new HeartbeatResponseData().setErrorCode(coordinator.heartbeat(
                request.groupId(), request.memberId(), request.groupInstanceId(), request.generationId()).code()));
    }
}
