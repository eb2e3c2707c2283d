package io.strata.group;

/**
 * One member named in a LeaveGroup request. An admin removing a static member by instance id sends
 * an empty {@code memberId}.
 */
public record LeavingMember(String memberId, String groupInstanceId) {}
