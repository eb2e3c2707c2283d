package io.strata.security;

/** ACL operations, as Kafka names them. */
public enum Operation {
    READ,
    WRITE,
    CREATE,
    DELETE,
    ALTER,
    DESCRIBE,
    DESCRIBE_CONFIGS,
    ALTER_CONFIGS,
    CLUSTER_ACTION,
    IDEMPOTENT_WRITE,
    ALL
}
