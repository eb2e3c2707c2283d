package io.strata.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The classic group state machine without Kafka, a network or threads: time is a {@link ManualTimer}. */
class GroupCoordinatorTest {

    static final String GROUP = "g";
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 30_000;

    private final ManualTimer timer = new ManualTimer();
    private final GroupCoordinator coordinator = new GroupCoordinator(GroupCoordinatorConfig.DEFAULTS, timer);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JoinGroupParams params(String memberId, String instanceId, List<MemberProtocol> protocols) {
        return new JoinGroupParams(GROUP, memberId, instanceId, "client", "/127.0.0.1", SESSION_MS, REBALANCE_MS,
                "consumer", protocols, true);
    }

    private static List<MemberProtocol> range() {
        return List.of(new MemberProtocol("range", bytes("sub")));
    }

    private CompletableFuture<JoinGroupResult> join(String memberId) {
        return coordinator.join(params(memberId, null, range()));
    }

    /** A dynamic member's full first join: MEMBER_ID_REQUIRED, then the real join. */
    private CompletableFuture<JoinGroupResult> joinNew() {
        JoinGroupResult first = join("").join();
        assertEquals(Errors.MEMBER_ID_REQUIRED, first.error());
        return join(first.memberId());
    }

    private SyncGroupResult syncAsLeader(JoinGroupResult joined, Map<String, byte[]> assignments) {
        return coordinator.sync(GROUP, joined.generationId(), joined.memberId(), null, "consumer", "range", assignments).join();
    }

    private GroupState state() {
        return coordinator.describe(GROUP).orElseThrow().state();
    }

    /** Two dynamic members in a stable generation; returns their final join results (leader first). */
    private JoinGroupResult[] stableGroupOfTwo() {
        JoinGroupResult a = joinNew().join();
        syncAsLeader(a, Map.of(a.memberId(), bytes("a1")));
        JoinGroupResult idB = join("").join();
        CompletableFuture<JoinGroupResult> b = join(idB.memberId());
        assertFalse(b.isDone(), "B waits for A to rejoin");
        assertEquals(Errors.REBALANCE_IN_PROGRESS, coordinator.heartbeat(GROUP, a.memberId(), null, a.generationId()));
        JoinGroupResult a2 = join(a.memberId()).join();
        JoinGroupResult b2 = b.join();
        CompletableFuture<SyncGroupResult> syncB = coordinator.sync(GROUP, b2.generationId(), b2.memberId(), null, null, null, Map.of());
        assertFalse(syncB.isDone(), "a follower waits for the leader's assignment");
        syncAsLeader(a2, Map.of(a2.memberId(), bytes("a2"), b2.memberId(), bytes("b2")));
        assertArrayEquals(bytes("b2"), syncB.join().assignment());
        return new JoinGroupResult[] {a2, b2};
    }

    @Test
    void shouldRequireMemberIdAndBecomeStableWhenFirstMemberJoinsAndSyncs() {
        JoinGroupResult first = join("").join();
        assertEquals(Errors.MEMBER_ID_REQUIRED, first.error());
        assertFalse(first.memberId().isEmpty());

        JoinGroupResult joined = join(first.memberId()).join();

        assertEquals(Errors.NONE, joined.error());
        assertEquals(1, joined.generationId());
        assertEquals(joined.memberId(), joined.leaderId());
        assertEquals("range", joined.protocolName());
        assertEquals(1, joined.members().size());
        assertArrayEquals(bytes("sub"), joined.members().get(0).metadata());
        assertEquals(GroupState.COMPLETING_REBALANCE, state());

        SyncGroupResult synced = syncAsLeader(joined, Map.of(joined.memberId(), bytes("all")));

        assertEquals(Errors.NONE, synced.error());
        assertArrayEquals(bytes("all"), synced.assignment());
        assertEquals(GroupState.STABLE, state());
        assertEquals(Errors.NONE, coordinator.heartbeat(GROUP, joined.memberId(), null, 1));
    }

    @Test
    void shouldGiveOnlyTheLeaderTheMemberListWhenSecondMemberJoins() {
        JoinGroupResult[] members = stableGroupOfTwo();

        assertEquals(2, members[0].generationId());
        assertEquals(members[0].memberId(), members[0].leaderId());
        assertEquals(2, members[0].members().size());
        assertTrue(members[1].members().isEmpty());
        assertEquals(GroupState.STABLE, state());
    }

    @Test
    void shouldRebalanceWithoutTheMemberWhenItsSessionExpires() {
        JoinGroupResult[] members = stableGroupOfTwo();
        String a = members[0].memberId();

        for (int i = 0; i < 4; i++) {
            timer.advance(3_000);
            coordinator.heartbeat(GROUP, a, null, 2); // only A stays alive
        }

        assertEquals(GroupState.PREPARING_REBALANCE, state());
        assertEquals(Errors.REBALANCE_IN_PROGRESS, coordinator.heartbeat(GROUP, a, null, 2));
        JoinGroupResult rejoined = join(a).join();
        assertEquals(3, rejoined.generationId());
        assertEquals(1, rejoined.members().size());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, coordinator.heartbeat(GROUP, members[1].memberId(), null, 3));
    }

    @Test
    void shouldDropMembersThatDoNotRejoinWhenRebalanceTimeoutPasses() {
        JoinGroupResult[] members = stableGroupOfTwo();
        String a = members[0].memberId();
        String b = members[1].memberId();
        // New metadata (e.g. a changed subscription) makes the follower B start a rebalance.
        CompletableFuture<JoinGroupResult> bRejoin = coordinator.join(params(b, null,
                List.of(new MemberProtocol("range", bytes("sub-2")))));

        for (int elapsedMs = 3_000; elapsedMs <= 33_000; elapsedMs += 3_000) {
            timer.advance(3_000);
            // A keeps its session alive but never rejoins (a consumer stuck in processing).
            coordinator.heartbeat(GROUP, a, null, 2);
            assertEquals(elapsedMs >= REBALANCE_MS, bRejoin.isDone(), "after " + elapsedMs + " ms");
        }

        JoinGroupResult result = bRejoin.join();
        assertEquals(Errors.NONE, result.error());
        assertEquals(b, result.leaderId(), "the only member left leads");
        assertEquals(1, result.members().size());
    }

    @Test
    void shouldGoEmptyAndAllowSimpleCommitsWhenLastMemberLeaves() {
        JoinGroupResult a = joinNew().join();
        syncAsLeader(a, Map.of());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, coordinator.validateOffsetCommit(GROUP, "", null, -1));

        List<Errors> left = coordinator.leave(GROUP, List.of(new LeavingMember(a.memberId(), null)));

        assertEquals(List.of(Errors.NONE), left);
        assertEquals(GroupState.EMPTY, state());
        assertEquals(Errors.NONE, coordinator.validateOffsetCommit(GROUP, "", null, -1));
        assertEquals(Errors.NONE, coordinator.deleteIfEmpty(GROUP));
        assertTrue(coordinator.describe(GROUP).isEmpty());
    }

    @Test
    void shouldValidateOffsetCommitsByMemberAndGeneration() {
        JoinGroupResult a = joinNew().join();
        assertEquals(Errors.REBALANCE_IN_PROGRESS, coordinator.validateOffsetCommit(GROUP, a.memberId(), null, 1));
        syncAsLeader(a, Map.of());

        assertEquals(Errors.NONE, coordinator.validateOffsetCommit(GROUP, a.memberId(), null, 1));
        assertEquals(Errors.ILLEGAL_GENERATION, coordinator.validateOffsetCommit(GROUP, a.memberId(), null, 0));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, coordinator.validateOffsetCommit(GROUP, "stranger", null, 1));
        assertEquals(Errors.NONE, coordinator.validateOffsetCommit("never-joined", "", null, -1));
    }

    @Test
    void shouldRefuseToDeleteGroupWhenItHasMembers() {
        joinNew().join();

        assertEquals(Errors.NON_EMPTY_GROUP, coordinator.deleteIfEmpty(GROUP));
    }

    @Test
    void shouldReplaceStaticMemberWithoutRebalanceWhenItRejoinsStableGroup() {
        JoinGroupResult a = coordinator.join(params("", "instance-a", range())).join();
        assertEquals(Errors.NONE, a.error(), "static members skip MEMBER_ID_REQUIRED");
        syncAsLeader(a, Map.of(a.memberId(), bytes("a-partitions")));

        JoinGroupResult again = coordinator.join(params("", "instance-a", range())).join();

        assertEquals(Errors.NONE, again.error());
        assertNotEquals(a.memberId(), again.memberId());
        assertEquals(a.generationId(), again.generationId(), "no new generation");
        assertTrue(again.skipAssignment(), "the static leader must not reassign");
        assertEquals(GroupState.STABLE, state());
        SyncGroupResult synced = coordinator.sync(GROUP, again.generationId(), again.memberId(), "instance-a", null, null, Map.of()).join();
        assertArrayEquals(bytes("a-partitions"), synced.assignment(), "inherits the old incarnation's assignment");
        assertEquals(Errors.FENCED_INSTANCE_ID, coordinator.heartbeat(GROUP, a.memberId(), "instance-a", a.generationId()));
        assertEquals(Errors.FENCED_INSTANCE_ID, coordinator.validateOffsetCommit(GROUP, a.memberId(), "instance-a", a.generationId()));
    }

    @Test
    void shouldFenceOldStaticMemberWhenItIsStillWaitingToJoin() {
        JoinGroupResult a = coordinator.join(params("", "instance-a", range())).join();
        syncAsLeader(a, Map.of());
        JoinGroupResult idB = join("").join();
        CompletableFuture<JoinGroupResult> b = join(idB.memberId());
        JoinGroupResult a2 = coordinator.join(params(a.memberId(), "instance-a", range())).join();
        syncAsLeader(a2, Map.of());
        b.join();
        joinNew(); // a third member starts a rebalance that B has not rejoined yet
        CompletableFuture<JoinGroupResult> oldRejoin = coordinator.join(params(a2.memberId(), "instance-a", range()));
        assertFalse(oldRejoin.isDone());

        JoinGroupResult newIncarnation = coordinator.join(params("", "instance-a", range())).getNow(null);

        assertEquals(Errors.FENCED_INSTANCE_ID, oldRejoin.join().error());
        assertEquals(null, newIncarnation, "the new incarnation takes part in the running rebalance");
    }

    @Test
    void shouldChooseProtocolEveryMemberSupportsWhenPreferencesDiffer() {
        List<MemberProtocol> both = List.of(new MemberProtocol("roundrobin", bytes("x")), new MemberProtocol("range", bytes("y")));
        JoinGroupResult first = coordinator.join(params("", null, both)).join();
        JoinGroupResult a = coordinator.join(params(first.memberId(), null, both)).join();
        syncAsLeader(a, Map.of());
        assertEquals("roundrobin", a.protocolName());

        JoinGroupResult idB = join("").join();
        CompletableFuture<JoinGroupResult> b = join(idB.memberId());
        JoinGroupResult a2 = coordinator.join(params(a.memberId(), null, both)).join();

        assertEquals("range", a2.protocolName());
        assertEquals("range", b.join().protocolName());
        assertArrayEquals(bytes("y"), a2.members().get(0).metadata(), "the leader sees metadata of the chosen protocol");
    }

    @Test
    void shouldRejectMemberWhenItSharesNoProtocolWithTheGroup() {
        joinNew().join();

        JoinGroupResult result = coordinator.join(params("", null, List.of(new MemberProtocol("sticky", bytes("z"))))).join();

        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, result.error());
    }

    @Test
    void shouldPassMetadataThroughUnchangedWhenProtocolTypeIsConnect() {
        byte[] opaque = {0, 1, 2, (byte) 0xff};
        JoinGroupParams connect = new JoinGroupParams(GROUP, "", null, "worker", "/10.0.0.1", SESSION_MS, REBALANCE_MS,
                "connect", List.of(new MemberProtocol("sessioned", opaque)), true);
        JoinGroupResult first = coordinator.join(connect).join();

        JoinGroupResult joined = coordinator.join(new JoinGroupParams(GROUP, first.memberId(), null, "worker", "/10.0.0.1",
                SESSION_MS, REBALANCE_MS, "connect", List.of(new MemberProtocol("sessioned", opaque)), true)).join();

        assertEquals("connect", joined.protocolType());
        assertArrayEquals(opaque, joined.members().get(0).metadata());
    }

    @Test
    void shouldRejectSessionTimeoutWhenOutsideBrokerLimits() {
        JoinGroupParams tooShort = new JoinGroupParams(GROUP, "", null, "c", "/h", 100, REBALANCE_MS, "consumer", range(), true);

        assertEquals(Errors.INVALID_SESSION_TIMEOUT, coordinator.join(tooShort).join().error());
    }

    @Test
    void shouldLeaveStaticMemberByInstanceIdWhenAdminRemovesIt() {
        JoinGroupResult a = coordinator.join(params("", "instance-a", range())).join();
        syncAsLeader(a, Map.of());

        List<Errors> result = coordinator.leave(GROUP, List.of(new LeavingMember("", "instance-a"),
                new LeavingMember("", "instance-unknown")));

        assertEquals(List.of(Errors.NONE, Errors.UNKNOWN_MEMBER_ID), result);
        assertEquals(GroupState.EMPTY, state());
    }

    @Test
    void shouldSendWaitingMembersToTheNewCoordinatorAndForgetTheGroupWhenItsSlotMoves() {
        JoinGroupResult[] members = stableGroupOfTwo();
        JoinGroupResult idC = join("").join();
        CompletableFuture<JoinGroupResult> c = join(idC.memberId());
        assertFalse(c.isDone(), "C waits in the rebalance it started");
        assertEquals(1, coordinator.evict(GROUP::equals));

        assertEquals(Errors.NOT_COORDINATOR, c.join().error(), "a member waiting in JoinGroup is sent to re-find the coordinator");
        assertTrue(coordinator.describe(GROUP).isEmpty(), "no membership is kept for a group coordinated elsewhere");
        assertEquals(Errors.UNKNOWN_MEMBER_ID, coordinator.heartbeat(GROUP, members[0].memberId(), null, members[0].generationId()));
        timer.advance(REBALANCE_MS + SESSION_MS); // the dropped group's timers must not fire into anything
        assertTrue(coordinator.describe(GROUP).isEmpty());
        assertEquals(0, coordinator.evict(GROUP::equals));
    }
}
