package io.strata.protocol;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The API keys and version ranges this broker speaks, and therefore advertises in ApiVersions.
 * Only ranges that the tests exercise are listed (codec round trips for every version, plus
 * handler tests at the versions real clients pick); each range is capped at what the bundled
 * kafka-clients can parse, so a newer client library can never make us advertise a version whose
 * schema we do not have.
 *
 * <p>Immutable and thread-safe.
 */
public final class SupportedApis {

    private static final Map<ApiKeys, VersionRange> RANGES;

    static {
        Map<ApiKeys, VersionRange> ranges = new EnumMap<>(ApiKeys.class);
        put(ranges, ApiKeys.API_VERSIONS, 0, 4);
        put(ranges, ApiKeys.METADATA, 0, 13);
        put(ranges, ApiKeys.PRODUCE, 3, 13);
        put(ranges, ApiKeys.FETCH, 4, 18);
        put(ranges, ApiKeys.LIST_OFFSETS, 1, 11);
        put(ranges, ApiKeys.CREATE_TOPICS, 2, 7);
        put(ranges, ApiKeys.DELETE_TOPICS, 1, 6);
        put(ranges, ApiKeys.CREATE_PARTITIONS, 0, 3);
        put(ranges, ApiKeys.DESCRIBE_CONFIGS, 1, 4);
        put(ranges, ApiKeys.ALTER_CONFIGS, 0, 2);
        put(ranges, ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1);
        put(ranges, ApiKeys.DESCRIBE_CLUSTER, 0, 2);
        put(ranges, ApiKeys.DELETE_RECORDS, 0, 2);
        // Consumer groups (classic protocol). OffsetCommit/OffsetFetch stop at v9: v10 names topics by id.
        put(ranges, ApiKeys.FIND_COORDINATOR, 0, 6);
        put(ranges, ApiKeys.JOIN_GROUP, 2, 9); // as Kafka 4 (KIP-896): v0 lacks the rebalance timeout
        put(ranges, ApiKeys.SYNC_GROUP, 0, 5);
        put(ranges, ApiKeys.HEARTBEAT, 0, 4);
        put(ranges, ApiKeys.LEAVE_GROUP, 0, 5);
        put(ranges, ApiKeys.OFFSET_COMMIT, 2, 9);
        put(ranges, ApiKeys.OFFSET_FETCH, 1, 9);
        put(ranges, ApiKeys.OFFSET_DELETE, 0, 0);
        put(ranges, ApiKeys.DELETE_GROUPS, 0, 2);
        put(ranges, ApiKeys.LIST_GROUPS, 0, 5);
        put(ranges, ApiKeys.DESCRIBE_GROUPS, 0, 6);
        // Idempotent producers only; v6 adds two-phase-commit fields for transactions.
        put(ranges, ApiKeys.INIT_PRODUCER_ID, 0, 5);
        // Preferred-leader election on request (the controller serves it).
        put(ranges, ApiKeys.ELECT_LEADERS, 0, 2);
        // Partition reassignment (KIP-455; v1 adds allow_replication_factor_change, KIP-860), served by any broker.
        put(ranges, ApiKeys.ALTER_PARTITION_REASSIGNMENTS, 0, 1);
        put(ranges, ApiKeys.LIST_PARTITION_REASSIGNMENTS, 0, 0);
        // Where replicas live (one log directory per broker); Kafka's reassignment tool asks it.
        put(ranges, ApiKeys.DESCRIBE_LOG_DIRS, 1, 4);
        // Followers truncate by leader epoch with it (v4, replica id set); consumers validate positions.
        put(ranges, ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4);
        // ACL management (Kafka 4 dropped v0; v1 adds pattern types).
        put(ranges, ApiKeys.DESCRIBE_ACLS, 1, 3);
        put(ranges, ApiKeys.CREATE_ACLS, 1, 3);
        put(ranges, ApiKeys.DELETE_ACLS, 1, 3);
        // SASL (KIP-152, KIP-368): v0 of SaslHandshake (raw tokens after it) is gone since Kafka 4.
        put(ranges, ApiKeys.SASL_HANDSHAKE, 0, 1);
        put(ranges, ApiKeys.SASL_AUTHENTICATE, 0, 2);
        put(ranges, ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS, 0, 0);
        put(ranges, ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, 0, 0);
        RANGES = Collections.unmodifiableMap(ranges);
    }

    private SupportedApis() {}

    private static void put(Map<ApiKeys, VersionRange> ranges, ApiKeys key, int minVersion, int maxVersion) {
        // Never claim more than the generated classes can read and write.
        short min = (short) Math.max(minVersion, key.oldestVersion());
        short max = (short) Math.min(maxVersion, key.latestVersion());
        ranges.put(key, new VersionRange(min, max));
    }

    public static Map<ApiKeys, VersionRange> all() {
        return RANGES;
    }

    public static Optional<VersionRange> range(ApiKeys key) {
        return Optional.ofNullable(RANGES.get(key));
    }

    public static boolean isSupported(ApiKeys key, short version) {
        VersionRange range = RANGES.get(key);
        return range != null && range.contains(version);
    }

    /** The {@code api_keys} array of an ApiVersions response; a fresh collection on every call. */
    public static ApiVersionCollection apiVersions() {
        ApiVersionCollection collection = new ApiVersionCollection(RANGES.size());
        RANGES.forEach((key, range) -> collection.add(new ApiVersion()
                .setApiKey(key.id)
                .setMinVersion(range.minVersion())
                .setMaxVersion(range.maxVersion())));
        return collection;
    }
}
