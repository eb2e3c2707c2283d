package io.strata.group;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A member of a classic group. Mutable; every field is guarded by the owning {@link ClassicGroup}'s
 * monitor, so only the coordinator touches it, and only while holding that lock.
 */
final class GroupMember {

    final String memberId;
    final String groupInstanceId;
    String clientId;
    String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    List<MemberProtocol> protocols;
    byte[] assignment = SyncGroupResult.NO_ASSIGNMENT;
    /** Set while a JoinGroup of this member waits for the rebalance to complete. */
    CompletableFuture<JoinGroupResult> awaitingJoin;
    /** Set while a SyncGroup of this member waits for the leader's assignment. */
    CompletableFuture<SyncGroupResult> awaitingSync;
    /** The pending session expiry; replaced on every heartbeat. */
    GroupTimer.Cancellable sessionExpiry;
    /** Identifies the newest expiry task, so a stale one that fires late is ignored. */
    long sessionExpiryId;

    GroupMember(String memberId, String groupInstanceId) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
    }

    void update(JoinGroupParams params) {
        clientId = params.clientId();
        clientHost = params.clientHost();
        sessionTimeoutMs = params.sessionTimeoutMs();
        rebalanceTimeoutMs = params.rebalanceTimeoutMs();
        protocols = List.copyOf(params.protocols());
    }

    byte[] metadata(String protocolName) {
        for (MemberProtocol p : protocols) {
            if (p.name().equals(protocolName)) {
                return p.metadata();
            }
        }
        return SyncGroupResult.NO_ASSIGNMENT;
    }

    /** Same protocols with the same metadata, in the same order: a rejoin that changes nothing. */
    boolean sameProtocols(List<MemberProtocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            MemberProtocol a = protocols.get(i);
            MemberProtocol b = other.get(i);
            if (!a.name().equals(b.name()) || !java.util.Arrays.equals(a.metadata(), b.metadata())) {
                return false;
            }
        }
        return true;
    }
}
