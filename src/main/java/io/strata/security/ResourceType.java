package io.strata.security;

/** The kinds of resource an ACL can protect, as Kafka names them. */
public enum ResourceType {
    TOPIC,
    GROUP,
    CLUSTER,
    TRANSACTIONAL_ID;

    /** Kafka's name of the single cluster resource. */
    public static final String CLUSTER_NAME = "kafka-cluster";
}
