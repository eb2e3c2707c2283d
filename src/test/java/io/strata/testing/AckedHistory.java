package io.strata.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Checks a recorded produce history against what a topic holds: every acknowledged record of a
 * {@link NumberedProducer} is read back at the offset it was acknowledged with, no record number
 * appears twice, and within a partition the numbers grow with the offsets (producer order).
 *
 * <p>Stateless; used by one test thread.
 */
public final class AckedHistory {

    private AckedHistory() {}

    /** Reads every partition of {@code topic} from the beginning up to its current end offset. */
    public static Map<Integer, List<ConsumerRecord<String, String>>> readAll(String bootstrap, String topic,
            int partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<Integer, List<ConsumerRecord<String, String>>> out = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                out.put(p, new ArrayList<>());
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Awaits.DEFAULT_LIMIT_MS);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read up to the end offsets " + end);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.get(r.partition()).add(r);
                }
            }
        }
        return out;
    }

    /**
     * Asserts the history holds and returns how many distinct records were read back.
     */
    public static int verify(List<NumberedProducer.Acked> acked, Map<Integer, List<ConsumerRecord<String, String>>> read) {
        Map<Long, List<String>> seen = new HashMap<>(); // record number -> where it was read
        Map<Integer, Map<Long, Long>> numberAtOffset = new HashMap<>();
        for (var e : read.entrySet()) {
            long previousOffset = -1;
            long previousNumber = -1;
            for (ConsumerRecord<String, String> r : e.getValue()) {
                long number = Long.parseLong(r.value());
                assertTrue(r.offset() > previousOffset, "offsets grow within partition " + e.getKey());
                assertTrue(number > previousNumber, "producer order within partition " + e.getKey() + ": "
                        + previousNumber + " then " + number + " at offset " + r.offset());
                previousOffset = r.offset();
                previousNumber = number;
                seen.computeIfAbsent(number, k -> new ArrayList<>()).add(e.getKey() + "@" + r.offset());
                numberAtOffset.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(r.offset(), number);
            }
        }
        for (NumberedProducer.Acked a : acked) {
            assertEquals(Long.valueOf(a.number()), numberAtOffset.getOrDefault(a.partition(), Map.of()).get(a.offset()),
                    "acknowledged record " + a + " must be read back at its offset");
        }
        seen.forEach((number, where) -> assertEquals(1, where.size(), "record " + number + " read more than once: " + where));
        return seen.size();
    }
}
