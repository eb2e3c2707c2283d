package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupIds;
import io.strata.group.GroupCoordinator;
import io.strata.group.OffsetManager;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DeleteGroups: only groups without members go (else NON_EMPTY_GROUP), taking their committed
 * offsets with them; a group with neither members nor offsets is GROUP_ID_NOT_FOUND. Database work
 * on a worker. Stateless.
 */
@ApplicationScoped
public class DeleteGroupsHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final OffsetManager offsets;

    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public DeleteGroupsHandler(GroupCoordinator coordinator, OffsetManager offsets, KafkaAuthorization auth,
            CoordinatorPlacement placement) {
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DeleteGroupsRequestData request = context.body();
        return context.blocking(() -> {
            DeleteGroupsResponseData response = new DeleteGroupsResponseData();
            for (String groupId : request.groupsNames()) {
                if (response.results().find(groupId) != null) {
                    continue;
                }
                DeleteGroupsResponseData.DeletableGroupResult result = new DeleteGroupsResponseData.DeletableGroupResult()
                        .setGroupId(groupId);
                try {
                    auth.require(context, Operation.DELETE, ResourceType.GROUP, groupId);
                    result.setErrorCode(delete(groupId).code());
                } catch (RuntimeException e) {
                    result.setErrorCode(KafkaErrors.code(e));
                }
                response.results().add(result);
            }
            return response;
        });
    }

    private Errors delete(String groupId) {
        if (!GroupIds.isValid(groupId)) {
            return Errors.INVALID_GROUP_ID;
        }
        if (placement.notCoordinatorFor(groupId)) {
            return Errors.NOT_COORDINATOR;
        }
        boolean knownHere = coordinator.describe(groupId).isPresent();
        Errors error = coordinator.deleteIfEmpty(groupId);
        if (error != Errors.NONE) {
            return error;
        }
        boolean hadOffsets = offsets.deleteGroup(groupId);
        return knownHere || hadOffsets ? Errors.NONE : Errors.GROUP_ID_NOT_FOUND;
    }
}
