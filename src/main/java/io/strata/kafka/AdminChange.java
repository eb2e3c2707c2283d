package io.strata.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.protocol.Errors;

/**
 * One resource's part of an admin request as the audit log records it: the resource, the Kafka
 * error code it was answered with (0: the change happened) and the states before and after.
 *
 * @param resource e.g. {@code TOPIC:orders}
 * @param message  the error message sent to the client, or null
 */
record AdminChange(String resource, short errorCode, String message, Object before, Object after) {

    /** A per-partition result of a request (DeleteRecords, ElectLeaders, offset commits and deletes). */
    record PartitionResult<K>(K key, short errorCode) {}

    /**
     * Folds per-partition results of one resource into one change for the partitions that succeeded
     * and one per error for the others, so a request over many partitions gives a few rows, not many.
     * States are maps from {@code String.valueOf(key)} to the state of that partition.
     *
     * @param succeeded which error codes count as done (NONE, and for example ELECTION_NOT_NEEDED)
     * @param before    a partition's state before, or null
     * @param after     a succeeded partition's state after; null for a deletion (after is then null)
     */
    static <K> List<AdminChange> byOutcome(String resource, List<PartitionResult<K>> results,
            java.util.function.Predicate<Short> succeeded, Function<K, ?> before, Function<K, ?> after) {
        Map<Short, List<K>> byCode = new TreeMap<>();
        results.forEach(r -> byCode.computeIfAbsent(succeeded.test(r.errorCode()) ? Errors.NONE.code() : r.errorCode(),
                c -> new ArrayList<>()).add(r.key()));
        List<AdminChange> changes = new ArrayList<>();
        byCode.forEach((code, keys) -> {
            if (code == Errors.NONE.code()) {
                changes.add(new AdminChange(resource, code, null, states(keys, before), after == null ? null : states(keys, after)));
            } else {
                changes.add(new AdminChange(resource, code, "for " + keys.stream().map(String::valueOf).toList(),
                        states(keys, before), null));
            }
        });
        return changes;
    }

    private static <K> Map<String, Object> states(List<K> keys, Function<K, ?> state) {
        Map<String, Object> out = new TreeMap<>();
        keys.forEach(k -> out.put(String.valueOf(k), state.apply(k)));
        return out;
    }
}
