package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupCoordinator;
import io.strata.group.JoinGroupParams;
import io.strata.group.JoinGroupResult;
import io.strata.group.MemberProtocol;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * JoinGroup: hands the request to the {@link GroupCoordinator} and answers when the rebalance
 * completes (a future, so the event loop never waits). From v4 a new dynamic member first gets
 * MEMBER_ID_REQUIRED; from v5 members may be static. Stateless.
 */
@ApplicationScoped
public class JoinGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public JoinGroupHandler(GroupCoordinator coordinator, KafkaAuthorization auth, CoordinatorPlacement placement) {
        this.coordinator = coordinator;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        JoinGroupRequestData request = context.body();
        short version = context.apiVersion();
        if (!auth.allowed(context, Operation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new JoinGroupResponseData().setGenerationId(-1)
                    .setMemberId(request.memberId()).setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        if (placement.notCoordinatorFor(request.groupId())) {
            return CompletableFuture.completedFuture(new JoinGroupResponseData().setGenerationId(-1)
                    .setMemberId(request.memberId()).setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
        List<MemberProtocol> protocols = new ArrayList<>();
        request.protocols().forEach(p -> protocols.add(new MemberProtocol(p.name(), p.metadata())));
        // v0 has no rebalance timeout: Kafka used the session timeout for both.
        int rebalanceTimeoutMs = request.rebalanceTimeoutMs() > 0 ? request.rebalanceTimeoutMs() : request.sessionTimeoutMs();
        JoinGroupParams params = new JoinGroupParams(request.groupId(), request.memberId(), request.groupInstanceId(),
                GroupRequests.clientId(context), GroupRequests.clientHost(context), request.sessionTimeoutMs(),
                rebalanceTimeoutMs, request.protocolType(), protocols, version >= 4);
        return coordinator.join(params).thenApply(result -> response(result, version));
    }

    static JoinGroupResponseData response(JoinGroupResult result, short version) {
        JoinGroupResponseData response = new JoinGroupResponseData()
                .setErrorCode(result.error().code())
                .setGenerationId(result.generationId())
                .setLeader(result.leaderId() == null ? "" : result.leaderId())
                .setMemberId(result.memberId() == null ? "" : result.memberId());
        if (version >= 7) {
            response.setProtocolType(result.protocolType()).setProtocolName(result.protocolName());
        } else {
            // Not nullable before v7.
            response.setProtocolName(result.protocolName() == null ? "" : result.protocolName());
        }
        if (version >= 9) {
            response.setSkipAssignment(result.skipAssignment());
        }
        for (JoinGroupResult.JoinedMember m : result.members()) {
            JoinGroupResponseData.JoinGroupResponseMember member = new JoinGroupResponseData.JoinGroupResponseMember()
                    .setMemberId(m.memberId()).setMetadata(m.metadata());
            if (version >= 5) {
                member.setGroupInstanceId(m.groupInstanceId());
            }
            response.members().add(member);
        }
        return response;
    }
}
