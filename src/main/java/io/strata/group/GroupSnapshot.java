package io.strata.group;

import java.util.List;

/**
 * A consistent copy of a group's membership at one moment, for DescribeGroups, ListGroups and the
 * HTTP API. {@code protocolName} and {@code leaderId} are null while no generation is running.
 */
public record GroupSnapshot(String groupId, GroupState state, String protocolType, String protocolName,
        int generationId, String leaderId, List<MemberSnapshot> members) {

    /**
     * @param metadata   the member's metadata for the group's chosen protocol (empty before one is chosen)
     * @param assignment what the leader assigned to the member in the current generation (empty if nothing)
     */
    public record MemberSnapshot(String memberId, String groupInstanceId, String clientId, String clientHost,
            byte[] metadata, byte[] assignment) {}
}
