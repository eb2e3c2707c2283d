package io.strata.group;

import java.util.List;
import org.apache.kafka.common.protocol.Errors;

/**
 * The answer to one JoinGroup. Only the leader gets {@code members} (with their metadata for the
 * chosen protocol), so that it can run the assignor.
 *
 * @param skipAssignment true when a static leader rejoined a stable group: it must not reassign
 */
public record JoinGroupResult(Errors error, int generationId, String protocolType, String protocolName,
        String leaderId, String memberId, boolean skipAssignment, List<JoinedMember> members) {

    /** A member as the leader sees it in the JoinGroup response. */
    public record JoinedMember(String memberId, String groupInstanceId, byte[] metadata) {}

    static JoinGroupResult error(Errors error, String memberId) {
        return new JoinGroupResult(error, -1, null, null, "", memberId, false, List.of());
    }
}
