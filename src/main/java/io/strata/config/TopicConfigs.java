package io.strata.config;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;

import java.util.ArrayList;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The topic-level configs Strata accepts, with Kafka's names, types, defaults and validation rules,
 * so that Kafka tools (kafka-configs, AdminClient, Streams, Connect) can create and describe topics
 * unchanged. Configs that only make sense for tiered storage or throttling are accepted (so client
 * tools do not fail) but not acted upon; the log documents which ones it uses in {@code LogConfig}.
 *
 * <p>Thread-safety: immutable after class initialisation; all methods are safe from any thread.
 */
public final class TopicConfigs {

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String COMPRESSION_GZIP_LEVEL = "compression.gzip.level";
    public static final String COMPRESSION_LZ4_LEVEL = "compression.lz4.level";
    public static final String COMPRESSION_ZSTD_LEVEL = "compression.zstd.level";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String FOLLOWER_REPLICATION_THROTTLED_REPLICAS = "follower.replication.throttled.replicas";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String LEADER_REPLICATION_THROTTLED_REPLICAS = "leader.replication.throttled.replicas";
    public static final String LOCAL_RETENTION_BYTES = "local.retention.bytes";
    public static final String LOCAL_RETENTION_MS = "local.retention.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";
    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MIN_IN_SYNC_REPLICAS = "min.insync.replicas";
    public static final String PREALLOCATE = "preallocate";
    public static final String REMOTE_STORAGE_ENABLE = "remote.storage.enable";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String RETENTION_MS = "retention.ms";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String SEGMENT_JITTER_MS = "segment.jitter.ms";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";

    public static final String CLEANUP_POLICY_DELETE = "delete";
    public static final String CLEANUP_POLICY_COMPACT = "compact";
    public static final String TIMESTAMP_TYPE_CREATE_TIME = "CreateTime";
    public static final String TIMESTAMP_TYPE_LOG_APPEND_TIME = "LogAppendTime";
    public static final String COMPRESSION_PRODUCER = "producer";

    private static final String LONG_MAX = Long.toString(Long.MAX_VALUE);
    // Kafka's format for throttled replica lists: "*" or "partition:broker" pairs.
    private static final Pattern THROTTLED_REPLICAS = Pattern.compile("^(\\*|([0-9]+:[0-9]+)(,[0-9]+:[0-9]+)*)?$");

    private static final Map<String, Definition> DEFINITIONS;

    static {
        Map<String, Definition> defs = new TreeMap<>();
        add(defs, list(CLEANUP_POLICY, "log.cleanup.policy", "delete",
                "Retention policy for old segments: delete, compact, or both (compact,delete).",
                List.of(CLEANUP_POLICY_COMPACT, CLEANUP_POLICY_DELETE)));
        add(defs, string(COMPRESSION_TYPE, "compression.type", COMPRESSION_PRODUCER,
                "Final compression of the topic's data; 'producer' keeps the producer's codec.",
                List.of("uncompressed", "zstd", "lz4", "snappy", "gzip", COMPRESSION_PRODUCER)));
        add(defs, intRange(COMPRESSION_GZIP_LEVEL, "compression.gzip.level", -1, "Compression level when compression.type is gzip.", -1, 9));
        add(defs, intRange(COMPRESSION_LZ4_LEVEL, "compression.lz4.level", 9, "Compression level when compression.type is lz4.", 1, 17));
        add(defs, intRange(COMPRESSION_ZSTD_LEVEL, "compression.zstd.level", 3, "Compression level when compression.type is zstd.", -131072, 22));
        add(defs, longMin(DELETE_RETENTION_MS, "log.cleaner.delete.retention.ms", 86_400_000L,
                "How long delete tombstones are kept on compacted topics.", 0));
        add(defs, longMin(FILE_DELETE_DELAY_MS, "log.segment.delete.delay.ms", 60_000L,
                "Delay before a deleted segment's files are removed from disk.", 0));
        add(defs, longMin(FLUSH_MESSAGES, "log.flush.interval.messages", Long.MAX_VALUE,
                "Force an fsync after this many messages (1 means every append).", 1));
        add(defs, longMin(FLUSH_MS, "log.flush.interval.ms", Long.MAX_VALUE,
                "Force an fsync when data has been unflushed for this long.", 0));
        add(defs, pattern(FOLLOWER_REPLICATION_THROTTLED_REPLICAS, null, "",
                "Replicas throttled on the follower side (accepted, not enforced)."));
        add(defs, intRange(INDEX_INTERVAL_BYTES, "log.index.interval.bytes", 4096,
                "Bytes of log between two offset index entries.", 0, Integer.MAX_VALUE));
        add(defs, pattern(LEADER_REPLICATION_THROTTLED_REPLICAS, null, "",
                "Replicas throttled on the leader side (accepted, not enforced)."));
        add(defs, longMin(LOCAL_RETENTION_BYTES, "log.local.retention.bytes", -2,
                "Local retention size under tiered storage (accepted, not used).", -2));
        add(defs, longMin(LOCAL_RETENTION_MS, "log.local.retention.ms", -2,
                "Local retention time under tiered storage (accepted, not used).", -2));
        add(defs, longMin(MAX_COMPACTION_LAG_MS, "log.cleaner.max.compaction.lag.ms", Long.MAX_VALUE,
                "Longest time a record may stay uncompacted.", 1));
        add(defs, intRange(MAX_MESSAGE_BYTES, "message.max.bytes", 1_048_588,
                "Largest record batch size the log accepts.", 0, Integer.MAX_VALUE));
        add(defs, longMin(MESSAGE_TIMESTAMP_AFTER_MAX_MS, "log.message.timestamp.after.max.ms", 3_600_000L,
                "How far in the future a CreateTime timestamp may be.", 0));
        add(defs, longMin(MESSAGE_TIMESTAMP_BEFORE_MAX_MS, "log.message.timestamp.before.max.ms", Long.MAX_VALUE,
                "How far in the past a CreateTime timestamp may be.", 0));
        add(defs, string(MESSAGE_TIMESTAMP_TYPE, "log.message.timestamp.type", TIMESTAMP_TYPE_CREATE_TIME,
                "Whether record timestamps are the producer's (CreateTime) or the broker's (LogAppendTime).",
                List.of(TIMESTAMP_TYPE_CREATE_TIME, TIMESTAMP_TYPE_LOG_APPEND_TIME)));
        add(defs, new Definition(MIN_CLEANABLE_DIRTY_RATIO, ConfigType.DOUBLE, "0.5",
                "Dirty fraction of the log above which compaction runs.", false, "log.cleaner.min.cleanable.ratio",
                List.of(), 0.0, 1.0, null));
        add(defs, longMin(MIN_COMPACTION_LAG_MS, "log.cleaner.min.compaction.lag.ms", 0,
                "Shortest time a record stays uncompacted.", 0));
        add(defs, intRange(MIN_IN_SYNC_REPLICAS, "min.insync.replicas", 1,
                "Minimum in-sync replicas for an acks=all write to succeed.", 1, Integer.MAX_VALUE));
        add(defs, bool(PREALLOCATE, "log.preallocate", false, "Preallocate segment files (accepted, not used)."));
        add(defs, bool(REMOTE_STORAGE_ENABLE, null, false, "Tiered storage for the topic (accepted, must stay false)."));
        add(defs, longMin(RETENTION_BYTES, "log.retention.bytes", -1,
                "Size a partition may reach before old segments are deleted; -1 means unlimited.", Long.MIN_VALUE));
        add(defs, longMin(RETENTION_MS, "log.retention.ms", 604_800_000L,
                "Age after which old segments are deleted; -1 means unlimited.", -1));
        add(defs, intRange(SEGMENT_BYTES, "log.segment.bytes", 1_073_741_824,
                "Segment file size at which the log rolls.", 14, Integer.MAX_VALUE));
        add(defs, intRange(SEGMENT_INDEX_BYTES, "log.index.size.max.bytes", 10_485_760,
                "Maximum offset/time index size of one segment; a full index rolls the log.", 4, Integer.MAX_VALUE));
        add(defs, longMin(SEGMENT_JITTER_MS, "log.roll.jitter.ms", 0,
                "Random jitter subtracted from segment.ms (accepted, not used).", 0));
        add(defs, longMin(SEGMENT_MS, "log.roll.ms", 604_800_000L,
                "Time after which the log rolls even if the segment is not full.", 1));
        add(defs, bool(UNCLEAN_LEADER_ELECTION_ENABLE, "unclean.leader.election.enable", false,
                "Allow out-of-sync replicas to become leader, at the risk of data loss."));
        DEFINITIONS = Collections.unmodifiableMap(defs);
    }

    private TopicConfigs() {
    }

    /** All definitions in name order, for DescribeConfigs and the console. */
    public static List<Definition> definitions() {
        return List.copyOf(DEFINITIONS.values());
    }

    public static Optional<Definition> definition(String name) {
        return Optional.ofNullable(DEFINITIONS.get(name));
    }

    /** Every config with its default value. */
    public static Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        DEFINITIONS.values().forEach(d -> out.put(d.name(), d.defaultValue()));
        return Collections.unmodifiableMap(out);
    }

    /** Defaults overlaid with {@code overrides}; validates first. */
    public static Map<String, String> effective(Map<String, String> overrides) {
        validate(overrides);
        Map<String, String> out = new LinkedHashMap<>(defaults());
        overrides.forEach((k, v) -> out.put(k, v.trim()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Checks topic config overrides: every name must be known and every value valid.
     *
     * @throws StrataException INVALID_CONFIG naming the offending key and the reason
     */
    public static void validate(Map<String, String> overrides) {
        if (overrides == null) {
            throw new StrataException(ErrorKind.INVALID_CONFIG, "Topic configs must not be null");
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Definition def = DEFINITIONS.get(e.getKey());
            if (def == null) {
                throw new StrataException(ErrorKind.INVALID_CONFIG, "Unknown topic configuration " + e.getKey());
            }
            def.validate(e.getValue());
        }
        long minLag = longValue(overrides, MIN_COMPACTION_LAG_MS);
        long maxLag = longValue(overrides, MAX_COMPACTION_LAG_MS);
        if (minLag > maxLag) {
            throw new StrataException(ErrorKind.INVALID_CONFIG, "Invalid value for configuration "
                    + MIN_COMPACTION_LAG_MS + ": " + minLag + " must not exceed " + MAX_COMPACTION_LAG_MS + " " + maxLag);
        }
        String remote = overrides.get(REMOTE_STORAGE_ENABLE);
        if (remote != null && Boolean.parseBoolean(remote.trim())) {
            throw new StrataException(ErrorKind.INVALID_CONFIG,
                    "Invalid value for configuration " + REMOTE_STORAGE_ENABLE + ": tiered storage is not supported");
        }
    }

    private static long longValue(Map<String, String> overrides, String name) {
        String v = overrides.get(name);
        return Long.parseLong((v == null ? DEFINITIONS.get(name).defaultValue() : v).trim());
    }

    private static void add(Map<String, Definition> defs, Definition def) {
        defs.put(def.name(), def);
    }

    private static Definition list(String name, String synonym, String dflt, String doc, List<String> valid) {
        return new Definition(name, ConfigType.LIST, dflt, doc, false, synonym, valid, null, null, null);
    }

    private static Definition pattern(String name, String synonym, String dflt, String doc) {
        return new Definition(name, ConfigType.LIST, dflt, doc, false, synonym, List.of(), null, null, THROTTLED_REPLICAS);
    }

    private static Definition string(String name, String synonym, String dflt, String doc, List<String> valid) {
        return new Definition(name, ConfigType.STRING, dflt, doc, false, synonym, valid, null, null, null);
    }

    private static Definition intRange(String name, String synonym, int dflt, String doc, int min, int max) {
        return new Definition(name, ConfigType.INT, Integer.toString(dflt), doc, false, synonym, List.of(), min, max, null);
    }

    private static Definition longMin(String name, String synonym, long dflt, String doc, long min) {
        String rendered = dflt == Long.MAX_VALUE ? LONG_MAX : Long.toString(dflt);
        return new Definition(name, ConfigType.LONG, rendered, doc, false, synonym, List.of(),
                min == Long.MIN_VALUE ? null : min, null, null);
    }

    private static Definition bool(String name, String synonym, boolean dflt, String doc) {
        return new Definition(name, ConfigType.BOOLEAN, Boolean.toString(dflt), doc, false, synonym, List.of(), null, null, null);
    }

    /** Splits a LIST value on commas, dropping blanks, as Kafka does. */
    public static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String element = part.trim();
            if (!element.isEmpty()) {
                out.add(element);
            }
        }
        return out;
    }

    /**
     * One topic-level config as Kafka defines it: name, type, default, a one-line description and the
     * rule a value must satisfy. Immutable.
     *
     * @param name          Kafka's config name, e.g. {@code segment.bytes}
     * @param type          value type (also reported by DescribeConfigs)
     * @param defaultValue  the default rendered as Kafka renders it (numbers in decimal, lists comma separated)
     * @param documentation one-line description
     * @param sensitive     whether DescribeConfigs must hide the value (no topic config is)
     * @param brokerSynonym the broker-level config Kafka takes the default from (DescribeConfigs synonyms),
     *                      or null when there is none
     * @param validValues   allowed values for STRING, or allowed elements for LIST; empty when any value goes
     * @param minValue      inclusive lower bound for numeric types, or null
     * @param maxValue      inclusive upper bound for numeric types, or null
     * @param pattern       regex a LIST value must match once whitespace is removed, or null
     */
    public record Definition(
            String name,
            ConfigType type,
            String defaultValue,
            String documentation,
            boolean sensitive,
            String brokerSynonym,
            List<String> validValues,
            Number minValue,
            Number maxValue,
            Pattern pattern) {

        public Definition {
            validValues = List.copyOf(validValues);
        }

        /** Parses and checks {@code value}; throws INVALID_CONFIG naming this config and the reason. */
        public void validate(String value) {
            if (value == null) {
                throw invalid(null, "a value is required");
            }
            String trimmed = value.trim();
            switch (type) {
                case BOOLEAN -> {
                    if (!trimmed.equalsIgnoreCase("true") && !trimmed.equalsIgnoreCase("false")) {
                        throw invalid(value, "expected true or false");
                    }
                }
                case INT, SHORT, LONG -> {
                    long parsed;
                    try {
                        parsed = type == ConfigType.LONG ? Long.parseLong(trimmed)
                                : type == ConfigType.INT ? Integer.parseInt(trimmed) : Short.parseShort(trimmed);
                    } catch (NumberFormatException e) {
                        throw invalid(value, type == ConfigType.LONG ? "expected a 64-bit integer"
                                : type == ConfigType.INT ? "expected a 32-bit integer" : "expected a 16-bit integer");
                    }
                    if (minValue != null && parsed < minValue.longValue()) {
                        throw invalid(value, "must be at least " + minValue);
                    }
                    if (maxValue != null && parsed > maxValue.longValue()) {
                        throw invalid(value, "must be at most " + maxValue);
                    }
                }
                case DOUBLE -> {
                    double parsed;
                    try {
                        parsed = Double.parseDouble(trimmed);
                    } catch (NumberFormatException e) {
                        throw invalid(value, "expected a decimal number");
                    }
                    if (Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                        throw invalid(value, "expected a finite number");
                    }
                    if (minValue != null && parsed < minValue.doubleValue()) {
                        throw invalid(value, "must be at least " + minValue);
                    }
                    if (maxValue != null && parsed > maxValue.doubleValue()) {
                        throw invalid(value, "must be at most " + maxValue);
                    }
                }
                case STRING, CLASS, PASSWORD -> {
                    if (!validValues.isEmpty() && !validValues.contains(trimmed)) {
                        throw invalid(value, "must be one of " + validValues);
                    }
                }
                case LIST -> {
                    String compact = trimmed.replaceAll("\\s+", "");
                    if (pattern != null && !pattern.matcher(compact).matches()) {
                        throw invalid(value, "does not match the expected format " + pattern.pattern());
                    }
                    if (!validValues.isEmpty()) {
                        List<String> elements = splitList(compact);
                        if (elements.isEmpty()) {
                            throw invalid(value, "must list at least one of " + validValues);
                        }
                        for (String element : elements) {
                            if (!validValues.contains(element)) {
                                throw invalid(value, "'" + element + "' is not one of " + validValues);
                            }
                        }
                    }
                }
            }
        }

        private StrataException invalid(String value, String why) {
            return new StrataException(ErrorKind.INVALID_CONFIG, "Invalid value "
                    + (value == null ? "null" : "'" + value + "'") + " for configuration " + name + ": " + why);
        }
    }
}
