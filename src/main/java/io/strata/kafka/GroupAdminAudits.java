package io.strata.kafka;

import io.strata.common.TopicPartition;
import io.strata.group.OffsetManager;
import io.strata.metadata.StoredOffset;
import io.strata.security.AuditLog.AuditEvent;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Audit descriptions of the consumer group admin APIs, with committed offsets (keyed
 * {@code topic-partition}) before and after: DeleteGroups, OffsetDelete, and OffsetCommit when it
 * comes from outside the group, that is with generation -1 and no member id. That is how
 * {@code kafka-consumer-groups --reset-offsets} and {@code Admin.alterConsumerGroupOffsets} commit;
 * a consumer that commits with {@code assign()} and no group membership looks the same and is
 * recorded too. A member's own commits are not admin changes and are not recorded.
 *
 * <p>Offsets before are read through {@link OffsetManager} (it may ask PostgreSQL), on the
 * connection's worker ahead of the request's own work. Stateless.
 */
@ApplicationScoped
class GroupAdminAudits implements AuditedApis {

    private final OffsetManager offsets;

    @Inject
    GroupAdminAudits(OffsetManager offsets) {
        this.offsets = offsets;
    }

    @Override
    public Map<ApiKeys, AuditedApi> apis() {
        return Map.of(
                ApiKeys.DELETE_GROUPS, AuditedApi.of(this::deleteGroups).beforeFromStore(this::groupOffsets),
                ApiKeys.OFFSET_DELETE, AuditedApi.of(this::offsetDelete)
                        .beforeFromStore(c -> offsets.fetch(c.<OffsetDeleteRequestData>body().groupId())),
                ApiKeys.OFFSET_COMMIT, AuditedApi.of(this::offsetCommit)
                        .when(GroupAdminAudits::fromOutsideTheGroup)
                        .beforeFromStore(c -> offsets.fetch(c.<OffsetCommitRequestData>body().groupId())));
    }

    static boolean fromOutsideTheGroup(RequestContext context) {
        OffsetCommitRequestData request = context.body();
        return request.generationIdOrMemberEpoch() < 0 && (request.memberId() == null || request.memberId().isEmpty());
    }

    private static String group(String groupId) {
        return AuditEvent.resource(ResourceType.GROUP, groupId);
    }

    private Map<String, Map<String, Long>> groupOffsets(RequestContext context) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (String groupId : context.<DeleteGroupsRequestData>body().groupsNames()) {
            Map<String, Long> committed = new TreeMap<>();
            offsets.fetch(groupId).forEach((tp, o) -> committed.put(tp.toString(), o.offset()));
            out.put(groupId, committed);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<AdminChange> deleteGroups(RequestContext context, Object response, Object before) {
        Map<String, Map<String, Long>> committed = before == null ? Map.of() : (Map<String, Map<String, Long>>) before;
        List<AdminChange> changes = new ArrayList<>();
        for (DeleteGroupsResponseData.DeletableGroupResult r : ((DeleteGroupsResponseData) response).results()) {
            changes.add(new AdminChange(group(r.groupId()), r.errorCode(), null, committed.get(r.groupId()), null));
        }
        return changes;
    }

    @SuppressWarnings("unchecked")
    private static Long offsetBefore(Object before, TopicPartition tp) {
        StoredOffset o = before == null ? null : ((Map<TopicPartition, StoredOffset>) before).get(tp);
        return o == null ? null : o.offset();
    }

    private List<AdminChange> offsetDelete(RequestContext context, Object response, Object before) {
        OffsetDeleteRequestData request = context.body();
        OffsetDeleteResponseData data = (OffsetDeleteResponseData) response;
        if (data.errorCode() != Errors.NONE.code()) {
            return List.of(new AdminChange(group(request.groupId()), data.errorCode(), null, null, null));
        }
        List<AdminChange.PartitionResult<TopicPartition>> results = new ArrayList<>();
        data.topics().forEach(t -> t.partitions().forEach(p -> results.add(
                new AdminChange.PartitionResult<>(new TopicPartition(t.name(), p.partitionIndex()), p.errorCode()))));
        return AdminChange.byOutcome(group(request.groupId()), results, code -> code == 0,
                tp -> offsetBefore(before, tp), null);
    }

    private List<AdminChange> offsetCommit(RequestContext context, Object response, Object before) {
        OffsetCommitRequestData request = context.body();
        Map<TopicPartition, Long> committed = new HashMap<>();
        request.topics().forEach(t -> t.partitions().forEach(p ->
                committed.put(new TopicPartition(t.name(), p.partitionIndex()), p.committedOffset())));
        List<AdminChange.PartitionResult<TopicPartition>> results = new ArrayList<>();
        ((OffsetCommitResponseData) response).topics().forEach(t -> t.partitions().forEach(p -> results.add(
                new AdminChange.PartitionResult<>(new TopicPartition(t.name(), p.partitionIndex()), p.errorCode()))));
        return AdminChange.byOutcome(group(request.groupId()), results, code -> code == 0,
                tp -> offsetBefore(before, tp), committed::get);
    }
}
