package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupCoordinator;
import io.strata.group.GroupSnapshot;
import io.strata.group.GroupState;
import io.strata.group.OffsetManager;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeGroups: state, protocol type and chosen protocol, and per member its client id and host,
 * metadata and assignment bytes. A group known only by stored offsets is Empty; an unknown group is
 * Dead (and GROUP_ID_NOT_FOUND from v6, as Kafka answers). On a worker, since checking for stored
 * offsets may read PostgreSQL. Stateless.
 */
@ApplicationScoped
public class DescribeGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final OffsetManager offsets;

    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public DescribeGroupsHandler(GroupCoordinator coordinator, OffsetManager offsets, KafkaAuthorization auth,
            CoordinatorPlacement placement) {
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DescribeGroupsRequestData request = context.body();
        short version = context.apiVersion();
        return context.blocking(() -> {
            DescribeGroupsResponseData response = new DescribeGroupsResponseData();
            for (String groupId : request.groups()) {
                response.groups().add(auth.allowed(context, Operation.DESCRIBE, ResourceType.GROUP, groupId)
                        ? describe(groupId, version)
                        : new DescribedGroup().setGroupId(groupId).setGroupState(GroupState.DEAD.wireName()).setProtocolType("")
                                .setProtocolData("").setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
            }
            return response;
        });
    }

    private DescribedGroup describe(String groupId, short version) {
        DescribedGroup out = new DescribedGroup().setGroupId(groupId).setProtocolType("").setProtocolData("");
        if (placement.notCoordinatorFor(groupId)) {
            return out.setGroupState(GroupState.DEAD.wireName()).setErrorCode(Errors.NOT_COORDINATOR.code());
        }
        Optional<GroupSnapshot> snapshot;
        try {
            snapshot = coordinator.describe(groupId);
            if (snapshot.isEmpty() && offsets.hasOffsets(groupId)) {
                return out.setGroupState(GroupState.EMPTY.wireName());
            }
        } catch (RuntimeException e) {
            return out.setErrorCode(KafkaErrors.code(e)).setGroupState(GroupState.DEAD.wireName());
        }
        if (snapshot.isEmpty()) {
            out.setGroupState(GroupState.DEAD.wireName());
            if (version >= 6) {
                out.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                        .setErrorMessage("Group " + groupId + " not found.");
            }
            return out;
        }
        GroupSnapshot g = snapshot.get();
        out.setGroupState(g.state().wireName()).setProtocolType(g.protocolType())
                .setProtocolData(g.protocolName() == null ? "" : g.protocolName());
        for (GroupSnapshot.MemberSnapshot m : g.members()) {
            DescribedGroupMember member = new DescribedGroupMember().setMemberId(m.memberId())
                    .setClientId(m.clientId()).setClientHost(m.clientHost())
                    .setMemberMetadata(m.metadata()).setMemberAssignment(m.assignment());
            if (version >= 4) {
                member.setGroupInstanceId(m.groupInstanceId());
            }
            out.members().add(member);
        }
        return out;
    }
}
