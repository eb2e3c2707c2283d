package io.strata.group;

/**
 * The group ids Strata accepts: Kafka's rule (not null, not empty) plus no NUL character, which
 * PostgreSQL text cannot store; such ids get INVALID_GROUP_ID rather than a server error.
 */
public final class GroupIds {

    private GroupIds() {}

    public static boolean isValid(String groupId) {
        return groupId != null && !groupId.isEmpty() && groupId.indexOf('\0') < 0;
    }
}
