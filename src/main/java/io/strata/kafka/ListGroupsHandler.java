package io.strata.kafka;

import io.strata.group.CoordinatorPlacement;
import io.strata.group.GroupQueries;
import io.strata.group.GroupState;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * ListGroups: groups with members plus groups known only by stored offsets (Empty), filtered by
 * state (v4+) and type (v5+; every group here is {@code classic}); only the groups this broker
 * coordinates. Reads PostgreSQL, so on a worker.
 * Stateless.
 */
@ApplicationScoped
public class ListGroupsHandler implements ApiHandler {

    static final String GROUP_TYPE = "classic";

    private final GroupQueries queries;

    private final KafkaAuthorization auth;
    private final CoordinatorPlacement placement;

    @Inject
    public ListGroupsHandler(GroupQueries queries, KafkaAuthorization auth, CoordinatorPlacement placement) {
        this.queries = queries;
        this.auth = auth;
        this.placement = placement;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        ListGroupsRequestData request = context.body();
        short version = context.apiVersion();
        Set<GroupState> states = new HashSet<>();
        boolean unknownStateAsked = false;
        for (String s : request.statesFilter()) {
            GroupState state = GroupState.fromWireName(s);
            if (state == null) {
                unknownStateAsked = true;
            } else {
                states.add(state);
            }
        }
        boolean stateFiltered = !request.statesFilter().isEmpty();
        boolean onlyUnknownStates = stateFiltered && states.isEmpty() && unknownStateAsked;
        boolean typeMatches = request.typesFilter().isEmpty()
                || request.typesFilter().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(GROUP_TYPE));
        return context.blocking(() -> {
            ListGroupsResponseData response = new ListGroupsResponseData();
            // As Kafka: DESCRIBE on the cluster lists every group, else only the groups the caller may describe.
            boolean all = auth.visible(context, Operation.DESCRIBE, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME);
            if (!typeMatches || onlyUnknownStates) {
                return response;
            }
            for (GroupQueries.GroupListing g : queries.listGroups()) {
                // As Kafka, a broker lists the groups it coordinates; AdminClient asks every broker.
                if (!placement.isLocal(g.groupId())
                        || stateFiltered && !states.contains(g.state())
                        || !all && !auth.visible(context, Operation.DESCRIBE, ResourceType.GROUP, g.groupId())) {
                    continue;
                }
                ListGroupsResponseData.ListedGroup listed = new ListGroupsResponseData.ListedGroup()
                        .setGroupId(g.groupId()).setProtocolType(g.protocolType());
                if (version >= 4) {
                    listed.setGroupState(g.state().wireName());
                }
                if (version >= 5) {
                    listed.setGroupType(GROUP_TYPE);
                }
                response.groups().add(listed);
            }
            return response;
        });
    }
}
