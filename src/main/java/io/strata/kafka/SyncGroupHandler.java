package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupCoordinator;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * SyncGroup: the leader delivers the assignment, every member receives its own bytes unchanged.
 * Answers when the leader's assignment arrives (a future, never a wait on the event loop). Stateless.
 */
@ApplicationScoped
public class SyncGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public SyncGroupHandler(GroupCoordinator coordinator, KafkaAuthorization auth, CoordinatorPlacement placement) {
        this.coordinator = coordinator;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        SyncGroupRequestData request = context.body();
        short version = context.apiVersion();
        if (!auth.allowed(context, Operation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new SyncGroupResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        if (placement.notCoordinatorFor(request.groupId())) {
            return CompletableFuture.completedFuture(new SyncGroupResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
        Map<String, byte[]> assignments = new HashMap<>();
        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        return coordinator.sync(request.groupId(), request.generationId(), request.memberId(), request.groupInstanceId(),
                request.protocolType(), request.protocolName(), assignments).thenApply(result -> {
                    SyncGroupResponseData response = new SyncGroupResponseData().setErrorCode(result.error().code())
                            .setAssignment(result.assignment());
                    if (version >= 5) {
                        response.setProtocolType(result.protocolType()).setProtocolName(result.protocolName());
                    }
                    return response;
                });
    }
}
