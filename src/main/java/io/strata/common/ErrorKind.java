package io.strata.common;

/**
 * Every failure a front end can report, with the Kafka protocol error code and the HTTP status and
 * Confluent-style error code it maps to. Front ends translate a {@link StrataException} through this
 * table only, so the Kafka and HTTP APIs always agree on what went wrong.
 */
public enum ErrorKind {
    // kafkaCode values are org.apache.kafka.common.protocol.Errors codes.
    UNKNOWN_SERVER_ERROR(-1, 500, 50001),
    OFFSET_OUT_OF_RANGE(1, 416, 41601),
    CORRUPT_MESSAGE(2, 400, 40002),
    UNKNOWN_TOPIC_OR_PARTITION(3, 404, 40403),
    UNKNOWN_PARTITION(3, 404, 40402),
    INVALID_FETCH_SIZE(4, 400, 40002),
    LEADER_NOT_AVAILABLE(5, 503, 50302),
    NOT_LEADER_OR_FOLLOWER(6, 421, 42101),
    REQUEST_TIMED_OUT(7, 504, 50401),
    MESSAGE_TOO_LARGE(10, 413, 41301),
    NETWORK_EXCEPTION(13, 503, 50303),
    COORDINATOR_LOAD_IN_PROGRESS(14, 503, 50304),
    COORDINATOR_NOT_AVAILABLE(15, 503, 50305),
    NOT_COORDINATOR(16, 503, 50306),
    INVALID_TOPIC_EXCEPTION(17, 400, 40002),
    RECORD_LIST_TOO_LARGE(18, 413, 41302),
    NOT_ENOUGH_REPLICAS(19, 503, 50307),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, 503, 50308),
    INVALID_REQUIRED_ACKS(21, 400, 40002),
    ILLEGAL_GENERATION(22, 409, 40902),
    INCONSISTENT_GROUP_PROTOCOL(23, 409, 40903),
    INVALID_GROUP_ID(24, 400, 40002),
    UNKNOWN_MEMBER_ID(25, 404, 40404),
    INVALID_SESSION_TIMEOUT(26, 400, 40002),
    REBALANCE_IN_PROGRESS(27, 409, 40904),
    INVALID_COMMIT_OFFSET_SIZE(28, 400, 40002),
    TOPIC_AUTHORIZATION_FAILED(29, 403, 40301),
    GROUP_AUTHORIZATION_FAILED(30, 403, 40301),
    CLUSTER_AUTHORIZATION_FAILED(31, 403, 40301),
    INVALID_TIMESTAMP(32, 400, 40002),
    UNSUPPORTED_VERSION(35, 400, 40002),
    TOPIC_ALREADY_EXISTS(36, 400, 40002),
    INVALID_PARTITIONS(37, 400, 40002),
    INVALID_REPLICATION_FACTOR(38, 400, 40002),
    INVALID_REPLICA_ASSIGNMENT(39, 400, 40002),
    INVALID_CONFIG(40, 400, 40002),
    NOT_CONTROLLER(41, 503, 50309),
    INVALID_REQUEST(42, 400, 40002),
    POLICY_VIOLATION(44, 400, 40002),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, 400, 40002),
    DUPLICATE_SEQUENCE_NUMBER(46, 400, 40002),
    INVALID_PRODUCER_EPOCH(47, 400, 40002),
    UNKNOWN_PRODUCER_ID(59, 400, 40002),
    KAFKA_STORAGE_ERROR(56, 500, 50002),
    GROUP_ID_NOT_FOUND(69, 404, 40404),
    FENCED_LEADER_EPOCH(74, 409, 40905),
    UNKNOWN_LEADER_EPOCH(75, 503, 50310),
    OFFSET_NOT_AVAILABLE(78, 503, 50311),
    MEMBER_ID_REQUIRED(79, 409, 40906),
    GROUP_MAX_SIZE_REACHED(81, 409, 40907),
    FENCED_INSTANCE_ID(82, 409, 40908),
    INVALID_RECORD(87, 400, 40002),
    NO_REASSIGNMENT_IN_PROGRESS(85, 409, 40909),
    UNSTABLE_OFFSET_COMMIT(88, 503, 50312),
    UNSUPPORTED_SASL_MECHANISM(33, 400, 40002),
    RESOURCE_NOT_FOUND(91, 404, 40401),
    DUPLICATE_RESOURCE(92, 400, 40002),
    UNACCEPTABLE_CREDENTIAL(93, 400, 40002),
    // PostgreSQL unreachable: Kafka clients see a retriable timeout, HTTP callers a 503.
    METADATA_STORE_UNAVAILABLE(7, 503, 50301),
    // HTTP-only kinds (no Kafka equivalent): kafkaCode is UNKNOWN_SERVER_ERROR's.
    BAD_REQUEST(-1, 400, 40002),
    NOT_FOUND(-1, 404, 40401),
    UNSUPPORTED_MEDIA_TYPE(-1, 415, 41501),
    UNPROCESSABLE_ENTITY(-1, 422, 42201),
    UNAUTHORIZED(-1, 401, 40101),
    FORBIDDEN(-1, 403, 40301),
    TOO_MANY_REQUESTS(-1, 429, 42901);

    private final short kafkaCode;
    private final int httpStatus;
    private final int restErrorCode;

    ErrorKind(int kafkaCode, int httpStatus, int restErrorCode) {
        this.kafkaCode = (short) kafkaCode;
        this.httpStatus = httpStatus;
        this.restErrorCode = restErrorCode;
    }

    public short kafkaCode() {
        return kafkaCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int restErrorCode() {
        return restErrorCode;
    }

    /** The kind a Kafka error code stands for (the first listed for a shared code); UNKNOWN_SERVER_ERROR if none. */
    public static ErrorKind forKafkaCode(short code) {
        for (ErrorKind kind : values()) {
            if (kind.kafkaCode == code && kind.kafkaCode != UNKNOWN_SERVER_ERROR.kafkaCode) {
                return kind;
            }
        }
        return UNKNOWN_SERVER_ERROR;
    }

    /** Whether a client may retry the same request and expect success later. */
    public boolean retriable() {
        return httpStatus == 503 || httpStatus == 504 || this == NOT_LEADER_OR_FOLLOWER;
    }
}
