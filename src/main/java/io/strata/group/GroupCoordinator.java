package io.strata.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.common.protocol.Errors;

/**
 * The classic group protocol's coordinator: JoinGroup, SyncGroup, Heartbeat and LeaveGroup over an
 * in-memory {@link ClassicGroup} per group id, with generations, protocol selection, static
 * membership and session expiry. Membership is not persisted (as in Kafka, a coordinator move makes
 * members rejoin); committed offsets are, by {@link OffsetManager}.
 *
 * <p>Plain Java, no CDI or Vert.x. Nothing here blocks: requests that must wait for other members
 * (JoinGroup, SyncGroup) get a future that a later request or a {@link GroupTimer} task completes.
 *
 * <p>Thread-safety: each group's state is guarded by its {@link ClassicGroup} monitor. Futures are
 * completed only after that monitor is released, so callbacks never run under a group's lock.
 */
public final class GroupCoordinator {

    private final GroupCoordinatorConfig config;
    private final GroupTimer timer;
    private final ConcurrentHashMap<String, ClassicGroup> groups = new ConcurrentHashMap<>();
    private final AtomicLong expiryIds = new AtomicLong();

    public GroupCoordinator(GroupCoordinatorConfig config, GroupTimer timer) {
        this.config = config;
        this.timer = timer;
    }

    /** Completions collected under a group's lock and run after it is released. */
    private static final class Effects {
        private final List<Runnable> actions = new ArrayList<>();

        <T> void complete(CompletableFuture<T> future, T value) {
            if (future != null) {
                actions.add(() -> future.complete(value));
            }
        }

        void run() {
            actions.forEach(Runnable::run);
        }
    }

    // ---------------------------------------------------------------- JoinGroup

    public CompletableFuture<JoinGroupResult> join(JoinGroupParams params) {
        CompletableFuture<JoinGroupResult> future = new CompletableFuture<>();
        String memberId = params.memberId() == null ? "" : params.memberId();
        if (!GroupIds.isValid(params.groupId())) {
            return CompletableFuture.completedFuture(JoinGroupResult.error(Errors.INVALID_GROUP_ID, memberId));
        }
        if (params.sessionTimeoutMs() < config.minSessionTimeoutMs() || params.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return CompletableFuture.completedFuture(JoinGroupResult.error(Errors.INVALID_SESSION_TIMEOUT, memberId));
        }
        if (params.protocolType() == null || params.protocolType().isEmpty() || params.protocols().isEmpty()) {
            return CompletableFuture.completedFuture(JoinGroupResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId));
        }
        Effects effects = new Effects();
        while (true) {
            ClassicGroup group = groups.computeIfAbsent(params.groupId(), ClassicGroup::new);
            synchronized (group) {
                if (group.state == GroupState.DEAD) {
                    continue; // deleted meanwhile: a fresh group takes its place
                }
                if (memberId.isEmpty()) {
                    joinNewMember(group, params, future, effects);
                } else {
                    joinKnownMember(group, memberId, params, future, effects);
                }
            }
            break;
        }
        effects.run();
        return future;
    }

    private void joinNewMember(ClassicGroup group, JoinGroupParams params, CompletableFuture<JoinGroupResult> future,
            Effects effects) {
        if (!group.supports(params.protocolType(), params.protocols())) {
            effects.complete(future, JoinGroupResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, ""));
            return;
        }
        String newMemberId = (params.clientId() == null ? "" : params.clientId()) + "-" + UUID.randomUUID();
        String instanceId = params.groupInstanceId();
        if (instanceId != null) {
            String existing = group.staticMembers.get(instanceId);
            if (existing != null) {
                replaceStaticMember(group, existing, newMemberId, params, future, effects);
                return;
            }
        } else if (params.requireKnownMemberId()) {
            // KIP-394: the member comes back with this id, so a lost response never leaves a ghost member.
            group.pendingMembers.add(newMemberId);
            timer.schedule(params.sessionTimeoutMs(), () -> expirePendingMember(group, newMemberId));
            effects.complete(future, JoinGroupResult.error(Errors.MEMBER_ID_REQUIRED, newMemberId));
            return;
        }
        if (group.members.size() >= config.maxGroupSize()) {
            effects.complete(future, JoinGroupResult.error(Errors.GROUP_MAX_SIZE_REACHED, ""));
            return;
        }
        addMemberAndRebalance(group, newMemberId, params, future, effects);
    }

    private void joinKnownMember(ClassicGroup group, String memberId, JoinGroupParams params,
            CompletableFuture<JoinGroupResult> future, Effects effects) {
        if (!group.supports(params.protocolType(), params.protocols())) {
            effects.complete(future, JoinGroupResult.error(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId));
            return;
        }
        if (group.pendingMembers.contains(memberId)) {
            addMemberAndRebalance(group, memberId, params, future, effects);
            return;
        }
        Errors fenced = checkStaticMember(group, memberId, params.groupInstanceId());
        if (fenced != Errors.NONE) {
            effects.complete(future, JoinGroupResult.error(fenced, memberId));
            return;
        }
        GroupMember member = group.members.get(memberId);
        if (member == null) {
            effects.complete(future, JoinGroupResult.error(Errors.UNKNOWN_MEMBER_ID, memberId));
            return;
        }
        switch (group.state) {
            case PREPARING_REBALANCE -> {
                updateMember(member, params, future, effects);
                tryCompleteJoin(group, effects);
            }
            case COMPLETING_REBALANCE -> {
                if (member.sameProtocols(params.protocols())) {
                    // The member lost our JoinGroup response: give it the same answer again.
                    effects.complete(future, currentGenerationResult(group, member.memberId, false));
                } else {
                    updateMember(member, params, future, effects);
                    prepareRebalance(group, effects);
                }
            }
            case STABLE -> {
                if (member.memberId.equals(group.leaderId) || !member.sameProtocols(params.protocols())) {
                    // The leader rejoining means it wants a new assignment (e.g. its subscription changed).
                    updateMember(member, params, future, effects);
                    prepareRebalance(group, effects);
                } else {
                    scheduleSessionExpiry(group, member);
                    effects.complete(future, currentGenerationResult(group, member.memberId, false));
                }
            }
            default -> effects.complete(future, JoinGroupResult.error(Errors.UNKNOWN_MEMBER_ID, memberId));
        }
    }

    /**
     * A static member came back with a new member id (a restarted process): the old incarnation is
     * fenced and the new one inherits its place and assignment, without a rebalance when the group
     * is stable and its choice of protocol would not change.
     */
    private void replaceStaticMember(ClassicGroup group, String oldMemberId, String newMemberId, JoinGroupParams params,
            CompletableFuture<JoinGroupResult> future, Effects effects) {
        GroupMember old = group.members.remove(oldMemberId);
        cancelSessionExpiry(old);
        effects.complete(old.awaitingJoin, JoinGroupResult.error(Errors.FENCED_INSTANCE_ID, oldMemberId));
        effects.complete(old.awaitingSync, SyncGroupResult.error(Errors.FENCED_INSTANCE_ID));
        GroupMember replacement = new GroupMember(newMemberId, params.groupInstanceId());
        replacement.update(params);
        replacement.assignment = old.assignment;
        group.members.put(newMemberId, replacement);
        group.staticMembers.put(params.groupInstanceId(), newMemberId);
        if (oldMemberId.equals(group.leaderId)) {
            group.leaderId = newMemberId;
        }
        switch (group.state) {
            case STABLE -> {
                String currentProtocol = group.protocolName;
                if (currentProtocol.equals(group.selectProtocol())) {
                    scheduleSessionExpiry(group, replacement);
                    boolean leader = newMemberId.equals(group.leaderId);
                    effects.complete(future, currentGenerationResult(group, newMemberId, leader));
                } else {
                    replacement.awaitingJoin = future;
                    prepareRebalance(group, effects);
                }
            }
            case COMPLETING_REBALANCE -> {
                replacement.awaitingJoin = future;
                prepareRebalance(group, effects);
            }
            default -> {
                replacement.awaitingJoin = future;
                tryCompleteJoin(group, effects);
            }
        }
    }

    private void addMemberAndRebalance(ClassicGroup group, String memberId, JoinGroupParams params,
            CompletableFuture<JoinGroupResult> future, Effects effects) {
        GroupMember member = new GroupMember(memberId, params.groupInstanceId());
        member.update(params);
        member.awaitingJoin = future;
        if (group.members.isEmpty()) {
            group.protocolType = params.protocolType();
        }
        group.members.put(memberId, member);
        group.pendingMembers.remove(memberId);
        if (params.groupInstanceId() != null) {
            group.staticMembers.put(params.groupInstanceId(), memberId);
        }
        if (group.leaderId == null) {
            group.leaderId = memberId;
        }
        if (group.state == GroupState.PREPARING_REBALANCE) {
            tryCompleteJoin(group, effects);
        } else {
            prepareRebalance(group, effects);
        }
    }

    private void updateMember(GroupMember member, JoinGroupParams params, CompletableFuture<JoinGroupResult> future,
            Effects effects) {
        member.update(params);
        if (member.awaitingJoin != null && member.awaitingJoin != future) {
            // A duplicate JoinGroup of the same member: only the newest one gets the real answer.
            effects.complete(member.awaitingJoin, JoinGroupResult.error(Errors.REBALANCE_IN_PROGRESS, member.memberId));
        }
        member.awaitingJoin = future;
    }

    private JoinGroupResult currentGenerationResult(ClassicGroup group, String memberId, boolean skipAssignment) {
        boolean leader = memberId.equals(group.leaderId);
        return new JoinGroupResult(Errors.NONE, group.generationId, group.protocolType, group.protocolName,
                group.leaderId, memberId, skipAssignment, leader ? group.joinedMembers() : List.of());
    }

    private void prepareRebalance(ClassicGroup group, Effects effects) {
        if (group.state == GroupState.COMPLETING_REBALANCE) {
            // The assignment being handed out is void: members must rejoin first.
            for (GroupMember m : group.members.values()) {
                m.assignment = SyncGroupResult.NO_ASSIGNMENT;
                effects.complete(m.awaitingSync, SyncGroupResult.error(Errors.REBALANCE_IN_PROGRESS));
                m.awaitingSync = null;
            }
        }
        group.state = GroupState.PREPARING_REBALANCE;
        if (group.rebalanceDeadline != null) {
            group.rebalanceDeadline.cancel();
        }
        int generationAtStart = group.generationId;
        group.rebalanceDeadline = timer.schedule(group.maxRebalanceTimeoutMs(), () -> {
            Effects later = new Effects();
            synchronized (group) {
                if (group.state == GroupState.PREPARING_REBALANCE && group.generationId == generationAtStart) {
                    completeJoin(group, later);
                }
            }
            later.run();
        });
        tryCompleteJoin(group, effects);
    }

    private void tryCompleteJoin(ClassicGroup group, Effects effects) {
        if (group.state == GroupState.PREPARING_REBALANCE && group.allMembersJoined()) {
            completeJoin(group, effects);
        }
    }

    /** Ends the join phase: members that did not rejoin are dropped and the next generation starts. */
    private void completeJoin(ClassicGroup group, Effects effects) {
        if (group.rebalanceDeadline != null) {
            group.rebalanceDeadline.cancel();
            group.rebalanceDeadline = null;
        }
        for (GroupMember m : new ArrayList<>(group.members.values())) {
            if (m.awaitingJoin == null) {
                removeMember(group, m, effects);
            }
        }
        group.generationId++;
        if (group.members.isEmpty()) {
            group.state = GroupState.EMPTY;
            group.protocolName = null;
            group.leaderId = null;
            return;
        }
        group.protocolName = group.selectProtocol();
        if (group.leaderId == null || !group.members.containsKey(group.leaderId)) {
            group.leaderId = group.members.keySet().iterator().next();
        }
        group.state = GroupState.COMPLETING_REBALANCE;
        for (GroupMember m : group.members.values()) {
            effects.complete(m.awaitingJoin, currentGenerationResult(group, m.memberId, false));
            m.awaitingJoin = null;
            scheduleSessionExpiry(group, m);
        }
    }

    // ---------------------------------------------------------------- SyncGroup

    /**
     * @param assignments the leader's assignment per member id; ignored from anyone else
     */
    public CompletableFuture<SyncGroupResult> sync(String groupId, int generationId, String memberId,
            String groupInstanceId, String protocolType, String protocolName, Map<String, byte[]> assignments) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return CompletableFuture.completedFuture(SyncGroupResult.error(Errors.UNKNOWN_MEMBER_ID));
        }
        CompletableFuture<SyncGroupResult> future = new CompletableFuture<>();
        Effects effects = new Effects();
        synchronized (group) {
            Errors error = validateMember(group, memberId, groupInstanceId, generationId);
            if (error == Errors.NONE && protocolType != null && !protocolType.equals(group.protocolType)) {
                error = Errors.INCONSISTENT_GROUP_PROTOCOL;
            }
            if (error == Errors.NONE && protocolName != null && !protocolName.equals(group.protocolName)) {
                error = Errors.INCONSISTENT_GROUP_PROTOCOL;
            }
            if (error != Errors.NONE) {
                effects.complete(future, SyncGroupResult.error(error));
            } else {
                GroupMember member = group.members.get(memberId);
                switch (group.state) {
                    case PREPARING_REBALANCE -> effects.complete(future, SyncGroupResult.error(Errors.REBALANCE_IN_PROGRESS));
                    case COMPLETING_REBALANCE -> {
                        member.awaitingSync = future;
                        scheduleSessionExpiry(group, member);
                        if (memberId.equals(group.leaderId)) {
                            for (GroupMember m : group.members.values()) {
                                m.assignment = assignments.getOrDefault(m.memberId, SyncGroupResult.NO_ASSIGNMENT);
                            }
                            group.state = GroupState.STABLE;
                            for (GroupMember m : group.members.values()) {
                                effects.complete(m.awaitingSync, new SyncGroupResult(Errors.NONE, group.protocolType,
                                        group.protocolName, m.assignment));
                                m.awaitingSync = null;
                            }
                        }
                    }
                    case STABLE -> {
                        scheduleSessionExpiry(group, member);
                        effects.complete(future, new SyncGroupResult(Errors.NONE, group.protocolType, group.protocolName,
                                member.assignment));
                    }
                    default -> effects.complete(future, SyncGroupResult.error(Errors.UNKNOWN_MEMBER_ID));
                }
            }
        }
        effects.run();
        return future;
    }

    // ---------------------------------------------------------------- Heartbeat

    public Errors heartbeat(String groupId, String memberId, String groupInstanceId, int generationId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            Errors error = validateMember(group, memberId, groupInstanceId, generationId);
            if (error != Errors.NONE) {
                return error;
            }
            scheduleSessionExpiry(group, group.members.get(memberId));
            return group.state == GroupState.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
        }
    }

    /** The checks shared by SyncGroup, Heartbeat and OffsetCommit, in Kafka's order. */
    private Errors validateMember(ClassicGroup group, String memberId, String groupInstanceId, int generationId) {
        if (group.state == GroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (group.state == GroupState.EMPTY) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        Errors fenced = checkStaticMember(group, memberId, groupInstanceId);
        if (fenced != Errors.NONE) {
            return fenced;
        }
        if (!group.members.containsKey(memberId)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generationId != group.generationId) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    private static Errors checkStaticMember(ClassicGroup group, String memberId, String groupInstanceId) {
        if (groupInstanceId == null) {
            return Errors.NONE;
        }
        String current = group.staticMembers.get(groupInstanceId);
        if (current == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return current.equals(memberId) ? Errors.NONE : Errors.FENCED_INSTANCE_ID;
    }

    // ---------------------------------------------------------------- LeaveGroup

    /** Removes each named member; the result lists one error per member, in request order. */
    public List<Errors> leave(String groupId, List<LeavingMember> leaving) {
        List<Errors> results = new ArrayList<>();
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            leaving.forEach(l -> results.add(Errors.UNKNOWN_MEMBER_ID));
            return results;
        }
        Effects effects = new Effects();
        synchronized (group) {
            for (LeavingMember l : leaving) {
                results.add(leaveOne(group, l, effects));
            }
        }
        effects.run();
        return results;
    }

    private Errors leaveOne(ClassicGroup group, LeavingMember leaving, Effects effects) {
        if (group.state == GroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        String memberId = leaving.memberId() == null ? "" : leaving.memberId();
        if (leaving.groupInstanceId() != null) {
            String current = group.staticMembers.get(leaving.groupInstanceId());
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            // An admin removes a static member by instance id alone, with an empty member id.
            if (!memberId.isEmpty() && !memberId.equals(current)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            memberId = current;
        } else if (group.pendingMembers.remove(memberId)) {
            tryCompleteJoin(group, effects);
            return Errors.NONE;
        }
        GroupMember member = group.members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMemberAndRebalance(group, member, effects);
        return Errors.NONE;
    }

    // ---------------------------------------------------------------- expiry

    private void scheduleSessionExpiry(ClassicGroup group, GroupMember member) {
        cancelSessionExpiry(member);
        long id = expiryIds.incrementAndGet();
        member.sessionExpiryId = id;
        member.sessionExpiry = timer.schedule(member.sessionTimeoutMs, () -> expireMember(group, member.memberId, id));
    }

    private static void cancelSessionExpiry(GroupMember member) {
        if (member != null && member.sessionExpiry != null) {
            member.sessionExpiry.cancel();
            member.sessionExpiry = null;
        }
    }

    private void expireMember(ClassicGroup group, String memberId, long expiryId) {
        Effects effects = new Effects();
        synchronized (group) {
            GroupMember member = group.members.get(memberId);
            if (member == null || member.sessionExpiryId != expiryId || group.state == GroupState.DEAD) {
                return; // a heartbeat came in time, or the member is gone already
            }
            if (member.awaitingJoin != null || member.awaitingSync != null) {
                // Waiting on us, not silent: the rebalance deadline decides about members in a join.
                scheduleSessionExpiry(group, member);
                return;
            }
            removeMemberAndRebalance(group, member, effects);
        }
        effects.run();
    }

    private void expirePendingMember(ClassicGroup group, String memberId) {
        Effects effects = new Effects();
        synchronized (group) {
            if (group.pendingMembers.remove(memberId)) {
                tryCompleteJoin(group, effects);
            }
        }
        effects.run();
    }

    private void removeMember(ClassicGroup group, GroupMember member, Effects effects) {
        cancelSessionExpiry(member);
        effects.complete(member.awaitingJoin, JoinGroupResult.error(Errors.UNKNOWN_MEMBER_ID, member.memberId));
        effects.complete(member.awaitingSync, SyncGroupResult.error(Errors.UNKNOWN_MEMBER_ID));
        member.awaitingJoin = null;
        member.awaitingSync = null;
        group.members.remove(member.memberId);
        if (member.groupInstanceId != null) {
            group.staticMembers.remove(member.groupInstanceId, member.memberId);
        }
        if (member.memberId.equals(group.leaderId)) {
            group.leaderId = group.members.isEmpty() ? null : group.members.keySet().iterator().next();
        }
    }

    private void removeMemberAndRebalance(ClassicGroup group, GroupMember member, Effects effects) {
        removeMember(group, member, effects);
        switch (group.state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, effects);
            case PREPARING_REBALANCE -> tryCompleteJoin(group, effects);
            default -> { }
        }
    }

    // ---------------------------------------------------------------- offsets and admin

    /**
     * Whether an OffsetCommit with these credentials may be applied. A commit with a negative
     * generation and no member id is a "simple" commit (a consumer using assign()), allowed only
     * while the group has no members. Members may commit during PreparingRebalance (their last
     * commit before rejoining); during CompletingRebalance they must wait for the new generation.
     */
    public Errors validateOffsetCommit(String groupId, String memberId, String groupInstanceId, int generationId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return generationId < 0 ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            if (group.state == GroupState.DEAD) {
                return generationId < 0 ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
            }
            if (generationId < 0 && group.state == GroupState.EMPTY) {
                return Errors.NONE;
            }
            Errors fenced = checkStaticMember(group, memberId, groupInstanceId);
            if (fenced != Errors.NONE) {
                return fenced;
            }
            if (group.state == GroupState.COMPLETING_REBALANCE) {
                return Errors.REBALANCE_IN_PROGRESS;
            }
            GroupMember member = group.members.get(memberId);
            if (member == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (generationId != group.generationId) {
                return Errors.ILLEGAL_GENERATION;
            }
            if (member.awaitingJoin == null) {
                scheduleSessionExpiry(group, member); // a commit proves the member is alive
            }
            return Errors.NONE;
        }
    }

    public Optional<GroupSnapshot> describe(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return Optional.empty();
        }
        synchronized (group) {
            return group.state == GroupState.DEAD ? Optional.empty() : Optional.of(group.snapshot());
        }
    }

    /** Every group this coordinator holds membership state for (not those known only by offsets). */
    public List<GroupSnapshot> list() {
        List<GroupSnapshot> out = new ArrayList<>();
        for (ClassicGroup group : groups.values()) {
            synchronized (group) {
                if (group.state != GroupState.DEAD) {
                    out.add(group.snapshot());
                }
            }
        }
        return out;
    }

    /**
     * Forgets every group {@code moved} selects, because another broker now coordinates it: the
     * group is marked dead (so requests already holding it see COORDINATOR_NOT_AVAILABLE), its timers
     * stop, and members waiting in JoinGroup or SyncGroup get NOT_COORDINATOR, which sends them to
     * find the new coordinator and rejoin there.
     *
     * @return how many groups were dropped
     */
    public int evict(Predicate<String> moved) {
        int dropped = 0;
        for (ClassicGroup group : groups.values()) {
            if (!moved.test(group.groupId)) {
                continue;
            }
            Effects effects = new Effects();
            synchronized (group) {
                group.state = GroupState.DEAD;
                if (group.rebalanceDeadline != null) {
                    group.rebalanceDeadline.cancel();
                    group.rebalanceDeadline = null;
                }
                for (GroupMember m : group.members.values()) {
                    cancelSessionExpiry(m);
                    effects.complete(m.awaitingJoin, JoinGroupResult.error(Errors.NOT_COORDINATOR, m.memberId));
                    effects.complete(m.awaitingSync, SyncGroupResult.error(Errors.NOT_COORDINATOR));
                    m.awaitingJoin = null;
                    m.awaitingSync = null;
                }
                groups.remove(group.groupId, group);
            }
            effects.run();
            dropped++;
        }
        return dropped;
    }

    /**
     * Marks a group without members dead and forgets it, so that its offsets can be deleted.
     *
     * @return NONE when the group had no members (or was unknown here), NON_EMPTY_GROUP otherwise
     */
    public Errors deleteIfEmpty(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return Errors.NONE;
        }
        synchronized (group) {
            if (group.hasMembers() || !group.pendingMembers.isEmpty()) {
                return Errors.NON_EMPTY_GROUP;
            }
            group.state = GroupState.DEAD;
            if (group.rebalanceDeadline != null) {
                group.rebalanceDeadline.cancel();
            }
            groups.remove(groupId, group);
            return Errors.NONE;
        }
    }
}
