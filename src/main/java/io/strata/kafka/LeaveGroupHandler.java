package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupCoordinator;
import io.strata.group.LeavingMember;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * LeaveGroup: one member (v0-2) or a batch of members by member id and/or instance id (v3+, as
 * AdminClient's removeMembersFromConsumerGroup sends). In memory, on the event loop. Stateless.
 */
@ApplicationScoped
public class LeaveGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public LeaveGroupHandler(GroupCoordinator coordinator, KafkaAuthorization auth, CoordinatorPlacement placement) {
        this.coordinator = coordinator;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        LeaveGroupRequestData request = context.body();
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        if (!auth.allowed(context, Operation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        if (placement.notCoordinatorFor(request.groupId())) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
        if (context.apiVersion() < 3) {
            List<Errors> errors = coordinator.leave(request.groupId(), List.of(new LeavingMember(request.memberId(), null)));
            return CompletableFuture.completedFuture(response.setErrorCode(errors.get(0).code()));
        }
        List<LeavingMember> leaving = new ArrayList<>();
        request.members().forEach(m -> leaving.add(new LeavingMember(m.memberId(), m.groupInstanceId())));
        List<Errors> errors = coordinator.leave(request.groupId(), leaving);
        for (int i = 0; i < leaving.size(); i++) {
            response.members().add(new LeaveGroupResponseData.MemberResponse().setMemberId(leaving.get(i).memberId())
                    .setGroupInstanceId(leaving.get(i).groupInstanceId()).setErrorCode(errors.get(i).code()));
        }
        return CompletableFuture.completedFuture(response);
    }
}
