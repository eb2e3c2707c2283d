package io.strata.broker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Utils;

/**
 * Chooses the partition of a record that names none. A keyed record goes exactly where Kafka's
 * default partitioner puts it ({@code toPositive(murmur2(key)) % partitions}), so HTTP and Kafka
 * client producers agree; unkeyed records go round-robin per topic, spreading evenly.
 *
 * <p>Thread-safe.
 */
public final class Partitioner {

    private final ConcurrentHashMap<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();

    public static int partitionForKey(byte[] key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
    }

    public int partition(String topic, byte[] key, int partitionCount) {
        if (key != null) {
            return partitionForKey(key, partitionCount);
        }
        int next = roundRobin.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement();
        return Math.floorMod(next, partitionCount);
    }
}
