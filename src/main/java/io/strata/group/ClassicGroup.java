package io.strata.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One classic consumer group's membership state. Plain data; {@link GroupCoordinator} holds this
 * object's monitor for every read and write, so each group changes one request or timer at a time
 * while different groups proceed in parallel.
 *
 * <p>Invariants (under the lock): {@code leaderId} is null or a key of {@code members};
 * {@code staticMembers} maps each static member's instance id to its current member id;
 * {@code protocolName} is non-null only in CompletingRebalance and Stable; a DEAD group is no longer
 * in the coordinator's map and is never changed again.
 */
final class ClassicGroup {

    final String groupId;
    GroupState state = GroupState.EMPTY;
    int generationId;
    String protocolType;
    String protocolName;
    String leaderId;
    final LinkedHashMap<String, GroupMember> members = new LinkedHashMap<>();
    final Map<String, String> staticMembers = new HashMap<>();
    /** Member ids handed out with MEMBER_ID_REQUIRED whose owners have not joined with them yet. */
    final Set<String> pendingMembers = new HashSet<>();
    GroupTimer.Cancellable rebalanceDeadline;

    ClassicGroup(String groupId) {
        this.groupId = groupId;
    }

    boolean hasMembers() {
        return !members.isEmpty();
    }

    /** Protocols every current member supports, in no particular order. */
    Set<String> candidateProtocols() {
        Set<String> candidates = null;
        for (GroupMember m : members.values()) {
            Set<String> names = new HashSet<>();
            m.protocols.forEach(p -> names.add(p.name()));
            if (candidates == null) {
                candidates = names;
            } else {
                candidates.retainAll(names);
            }
        }
        return candidates == null ? Set.of() : candidates;
    }

    /** Whether a member with this protocol type and these protocols could join the current members. */
    boolean supports(String type, List<MemberProtocol> protocols) {
        if (members.isEmpty()) {
            return !type.isEmpty() && !protocols.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> candidates = candidateProtocols();
        return protocols.stream().anyMatch(p -> candidates.contains(p.name()));
    }

    /**
     * Kafka's choice: each member votes for its most preferred protocol that every member supports;
     * the most votes wins, ties going to the protocol named earliest by the first member.
     */
    String selectProtocol() {
        Set<String> candidates = candidateProtocols();
        Map<String, Integer> votes = new LinkedHashMap<>();
        GroupMember first = members.values().iterator().next();
        first.protocols.stream().map(MemberProtocol::name).filter(candidates::contains).forEach(n -> votes.put(n, 0));
        for (GroupMember m : members.values()) {
            for (MemberProtocol p : m.protocols) {
                if (candidates.contains(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestVotes = -1;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best;
    }

    boolean allMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(m -> m.awaitingJoin != null);
    }

    int maxRebalanceTimeoutMs() {
        return members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
    }

    List<JoinGroupResult.JoinedMember> joinedMembers() {
        List<JoinGroupResult.JoinedMember> out = new ArrayList<>();
        for (GroupMember m : members.values()) {
            out.add(new JoinGroupResult.JoinedMember(m.memberId, m.groupInstanceId, m.metadata(protocolName)));
        }
        return out;
    }

    GroupSnapshot snapshot() {
        List<GroupSnapshot.MemberSnapshot> out = new ArrayList<>();
        for (GroupMember m : members.values()) {
            out.add(new GroupSnapshot.MemberSnapshot(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                    protocolName == null ? SyncGroupResult.NO_ASSIGNMENT : m.metadata(protocolName),
                    state == GroupState.STABLE ? m.assignment : SyncGroupResult.NO_ASSIGNMENT));
        }
        return new GroupSnapshot(groupId, state, protocolType == null ? "" : protocolType, protocolName,
                generationId, leaderId, List.copyOf(out));
    }
}
