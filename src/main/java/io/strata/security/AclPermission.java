package io.strata.security;

/** Whether an ACL grants or forbids; a matching DENY always wins over any ALLOW. */
public enum AclPermission {
    ALLOW,
    DENY
}
