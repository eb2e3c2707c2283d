package io.strata.group;

import io.strata.broker.PartitionManager;
import io.strata.broker.PartitionState;
import io.strata.common.TopicPartition;
import io.strata.metadata.StoredOffset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.jboss.logging.Logger;

/**
 * Read-only views of consumer groups for the HTTP API ({@code /v3/clusters/{cid}/consumer-groups})
 * and ListGroups: groups with members and groups known only by their committed offsets, member
 * assignments decoded when the group speaks the {@code consumer} protocol, and lag per partition.
 *
 * <p>Methods may query PostgreSQL: call them off the event loop. Thread-safe: stateless.
 */
@ApplicationScoped
public class GroupQueries {

    private static final Logger LOG = Logger.getLogger(GroupQueries.class);

    private final GroupCoordinator coordinator;
    private final OffsetManager offsets;
    private final PartitionManager partitions;

    @Inject
    public GroupQueries(GroupCoordinator coordinator, OffsetManager offsets, PartitionManager partitions) {
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.partitions = partitions;
    }

    /** A group as listed: groups known only by stored offsets are Empty with no protocol type. */
    public record GroupListing(String groupId, GroupState state, String protocolType) {}

    /**
     * @param assignment the member's partitions; empty when none or when the protocol is not {@code consumer}
     */
    public record MemberDescription(String memberId, Optional<String> groupInstanceId, String clientId,
            String clientHost, List<TopicPartition> assignment) {}

    /** {@code protocol} is the chosen assignor (for consumers), empty while no generation runs. */
    public record GroupDescription(String groupId, GroupState state, String protocolType, Optional<String> protocol,
            int generationId, Optional<String> leaderId, List<MemberDescription> members) {}

    /**
     * @param lag              logEndOffset - committedOffset, never negative
     * @param memberId         the member currently assigned the partition, if any
     */
    public record PartitionLag(String topic, int partition, long committedOffset, long logEndOffset, long lag,
            Optional<String> memberId, Optional<String> clientId) {}

    public List<GroupListing> listGroups() {
        Map<String, GroupListing> byId = new TreeMap<>();
        for (String groupId : offsets.groupIds()) {
            byId.put(groupId, new GroupListing(groupId, GroupState.EMPTY, ""));
        }
        for (GroupSnapshot g : coordinator.list()) {
            byId.put(g.groupId(), new GroupListing(g.groupId(), g.state(), g.protocolType()));
        }
        return new ArrayList<>(byId.values());
    }

    /** Empty when the group has neither members nor committed offsets. */
    public Optional<GroupDescription> describeGroup(String groupId) {
        Optional<GroupSnapshot> snapshot = coordinator.describe(groupId);
        if (snapshot.isEmpty()) {
            return offsets.hasOffsets(groupId)
                    ? Optional.of(new GroupDescription(groupId, GroupState.EMPTY, "", Optional.empty(), 0, Optional.empty(), List.of()))
                    : Optional.empty();
        }
        GroupSnapshot g = snapshot.get();
        List<MemberDescription> members = new ArrayList<>();
        for (GroupSnapshot.MemberSnapshot m : g.members()) {
            members.add(new MemberDescription(m.memberId(), Optional.ofNullable(m.groupInstanceId()), m.clientId(),
                    m.clientHost(), decodeAssignment(g.protocolType(), m.assignment())));
        }
        return Optional.of(new GroupDescription(g.groupId(), g.state(), g.protocolType(), Optional.ofNullable(g.protocolName()),
                g.generationId(), Optional.ofNullable(g.leaderId()), members));
    }

    /**
     * Lag of every partition the group has committed to or is assigned, sorted by topic and
     * partition; empty when the group is unknown. A partition without a commit counts from the log
     * start; one this broker does not host reports a log end offset of -1 and no lag.
     */
    public Optional<List<PartitionLag>> lags(String groupId) {
        Optional<GroupDescription> description = describeGroup(groupId);
        if (description.isEmpty()) {
            return Optional.empty();
        }
        Map<TopicPartition, MemberDescription> owners = new HashMap<>();
        for (MemberDescription m : description.get().members()) {
            m.assignment().forEach(tp -> owners.put(tp, m));
        }
        Map<TopicPartition, StoredOffset> committed = offsets.fetch(groupId);
        TreeMap<TopicPartition, Boolean> all = new TreeMap<>(
                Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        committed.keySet().forEach(tp -> all.put(tp, true));
        owners.keySet().forEach(tp -> all.put(tp, true));
        List<PartitionLag> out = new ArrayList<>();
        for (TopicPartition tp : all.keySet()) {
            Optional<PartitionState> state = partitions.stateIfHosted(tp);
            StoredOffset c = committed.get(tp);
            long logEnd = state.map(PartitionState::logEndOffset).orElse(-1L);
            long from = c != null ? c.offset() : state.map(PartitionState::logStartOffset).orElse(0L);
            long lag = state.isPresent() ? Math.max(0, logEnd - from) : 0;
            MemberDescription owner = owners.get(tp);
            out.add(new PartitionLag(tp.topic(), tp.partition(), c == null ? -1 : c.offset(), logEnd, lag,
                    Optional.ofNullable(owner).map(MemberDescription::memberId),
                    Optional.ofNullable(owner).map(MemberDescription::clientId)));
        }
        return Optional.of(out);
    }

    static List<TopicPartition> decodeAssignment(String protocolType, byte[] assignment) {
        if (!ConsumerProtocol.PROTOCOL_TYPE.equals(protocolType) || assignment.length == 0) {
            return List.of();
        }
        try {
            List<TopicPartition> out = new ArrayList<>();
            ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(assignment)).partitions()
                    .forEach(tp -> out.add(new TopicPartition(tp.topic(), tp.partition())));
            return out;
        } catch (RuntimeException e) {
            // The bytes come from a client's assignor: a malformed one must not break the API.
            LOG.debugf("Undecodable consumer assignment: %s", e.getMessage());
            return List.of();
        }
    }
}
