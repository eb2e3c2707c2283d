package io.strata.log;

import io.strata.config.TopicConfigs;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static io.strata.config.TopicConfigs.*;

/**
 * The topic configs one partition log runs with: Kafka's defaults overlaid with the topic's overrides.
 * Immutable; a log swaps the whole value on {@link PartitionLog#updateConfig}.
 *
 * <p>Acted upon by the log: cleanup.policy (delete by retention here; compact by {@link LogCleaner}), segment.bytes,
 * segment.ms, retention.ms, retention.bytes, index.interval.bytes, segment.index.bytes, max.message.bytes,
 * flush.messages, flush.ms, message.timestamp.type, message.timestamp.before/after.max.ms,
 * file.delete.delay.ms. Carried for other layers: min.insync.replicas, unclean.leader.election.enable.
 * Read by {@link LogCleaner}: min.cleanable.dirty.ratio, min.compaction.lag.ms,
 * max.compaction.lag.ms, delete.retention.ms. Carried but not used yet: compression.type (batches are stored as
 * the producer sent them), preallocate.
 *
 * @param overrides the topic's explicit settings, so DescribeConfigs can tell overrides from defaults
 */
public record LogConfig(
        Set<CleanupPolicy> cleanupPolicy,
        int segmentBytes,
        long segmentMs,
        long retentionMs,
        long retentionBytes,
        int indexIntervalBytes,
        int segmentIndexBytes,
        int maxMessageBytes,
        long flushMessages,
        long flushMs,
        int minInsyncReplicas,
        boolean uncleanLeaderElectionEnable,
        MessageTimestampType messageTimestampType,
        String compressionType,
        double minCleanableDirtyRatio,
        long minCompactionLagMs,
        long maxCompactionLagMs,
        long deleteRetentionMs,
        long fileDeleteDelayMs,
        long messageTimestampBeforeMaxMs,
        long messageTimestampAfterMaxMs,
        boolean preallocate,
        Map<String, String> overrides) {

    public static final LogConfig DEFAULT = fromOverrides(Map.of());

    public LogConfig {
        cleanupPolicy = Set.copyOf(cleanupPolicy);
        overrides = Map.copyOf(overrides);
    }

    /**
     * Builds a config from topic overrides, validated with Kafka's rules.
     *
     * @throws io.strata.common.StrataException INVALID_CONFIG for an unknown key or bad value
     */
    public static LogConfig fromOverrides(Map<String, String> overrides) {
        Map<String, String> v = TopicConfigs.effective(overrides);
        Set<CleanupPolicy> policies = EnumSet.noneOf(CleanupPolicy.class);
        for (String p : TopicConfigs.splitList(v.get(CLEANUP_POLICY))) {
            policies.add(CleanupPolicy.forConfigName(p));
        }
        Map<String, String> trimmed = new HashMap<>();
        overrides.forEach((k, val) -> trimmed.put(k, val.trim()));
        return new LogConfig(
                policies,
                Integer.parseInt(v.get(SEGMENT_BYTES)),
                Long.parseLong(v.get(SEGMENT_MS)),
                Long.parseLong(v.get(RETENTION_MS)),
                Long.parseLong(v.get(RETENTION_BYTES)),
                Integer.parseInt(v.get(INDEX_INTERVAL_BYTES)),
                Integer.parseInt(v.get(SEGMENT_INDEX_BYTES)),
                Integer.parseInt(v.get(MAX_MESSAGE_BYTES)),
                Long.parseLong(v.get(FLUSH_MESSAGES)),
                Long.parseLong(v.get(FLUSH_MS)),
                Integer.parseInt(v.get(MIN_IN_SYNC_REPLICAS)),
                Boolean.parseBoolean(v.get(UNCLEAN_LEADER_ELECTION_ENABLE)),
                MessageTimestampType.forConfigName(v.get(MESSAGE_TIMESTAMP_TYPE)),
                v.get(COMPRESSION_TYPE),
                Double.parseDouble(v.get(MIN_CLEANABLE_DIRTY_RATIO)),
                Long.parseLong(v.get(MIN_COMPACTION_LAG_MS)),
                Long.parseLong(v.get(MAX_COMPACTION_LAG_MS)),
                Long.parseLong(v.get(DELETE_RETENTION_MS)),
                Long.parseLong(v.get(FILE_DELETE_DELAY_MS)),
                Long.parseLong(v.get(MESSAGE_TIMESTAMP_BEFORE_MAX_MS)),
                Long.parseLong(v.get(MESSAGE_TIMESTAMP_AFTER_MAX_MS)),
                Boolean.parseBoolean(v.get(PREALLOCATE)),
                trimmed);
    }

    /** This config with one more override (validated). */
    public LogConfig with(String name, String value) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.put(name, value);
        return fromOverrides(merged);
    }

    public boolean compact() {
        return cleanupPolicy.contains(CleanupPolicy.COMPACT);
    }

    public boolean delete() {
        return cleanupPolicy.contains(CleanupPolicy.DELETE);
    }
}
