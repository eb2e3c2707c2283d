package io.strata.group;

import java.util.List;

/**
 * A JoinGroup request as the coordinator sees it.
 *
 * @param memberId             empty for a member that has none yet
 * @param groupInstanceId      null unless the member is static
 * @param requireKnownMemberId true from JoinGroup v4: a new dynamic member first gets MEMBER_ID_REQUIRED
 * @param protocols            in the member's order of preference
 */
public record JoinGroupParams(String groupId, String memberId, String groupInstanceId, String clientId,
        String clientHost, int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
        List<MemberProtocol> protocols, boolean requireKnownMemberId) {}
