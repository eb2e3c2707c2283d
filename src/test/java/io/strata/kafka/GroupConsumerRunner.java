package io.strata.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One real KafkaConsumer in a group, polling on its own thread (a consumer is single-threaded):
 * it records every value it reads and commits synchronously after each poll. When partitions are
 * assigned it resolves and commits their positions at once, so that a consumer with
 * {@code auto.offset.reset=latest} never skips records produced after it was assigned.
 *
 * <p>Thread-safety: the consumer is confined to the runner's thread; the recorded values and the
 * assignment are published through concurrent structures.
 */
final class GroupConsumerRunner implements AutoCloseable {

    private final Thread thread;
    private final Queue<String> consumed;
    private final AtomicReference<Set<TopicPartition>> assignment = new AtomicReference<>(Set.of());
    private final AtomicInteger assignments = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;
    private volatile boolean leaveOnClose = true;

    GroupConsumerRunner(KafkaServer server, String groupId, String topic, Map<String, Object> overrides, Queue<String> consumed) {
        this.consumed = consumed;
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        config.putAll(overrides);
        this.thread = new Thread(() -> run(server, topic, config), "group-consumer-" + groupId);
        thread.setDaemon(true);
        thread.start();
    }

    static GroupConsumerRunner start(KafkaServer server, String groupId, String topic, Queue<String> consumed) {
        return new GroupConsumerRunner(server, groupId, topic, Map.of(), consumed);
    }

    private void run(KafkaServer server, String topic, Map<String, Object> config) {
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(server, config)) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assignment.set(Set.of());
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
                    partitions.forEach(tp -> positions.put(tp, new OffsetAndMetadata(consumer.position(tp))));
                    if (!positions.isEmpty()) {
                        consumer.commitSync(positions);
                    }
                    assignment.set(new HashSet<>(partitions));
                    assignments.incrementAndGet();
                }
            });
            while (!stop) {
                boolean any = false;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    consumed.add(new String(r.value(), StandardCharsets.UTF_8));
                    any = true;
                }
                if (any) {
                    consumer.commitSync();
                }
            }
            if (!leaveOnClose) {
                // Like a killed process: no LeaveGroup, so only the session timeout removes the member.
                consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                        .withTimeout(Duration.ofSeconds(5)));
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /** The partitions assigned after the last completed rebalance (empty while none). */
    Set<TopicPartition> assignment() {
        return assignment.get();
    }

    /** How many times partitions were assigned: each rebalance this member took part in counts once. */
    int assignmentCount() {
        return assignments.get();
    }

    Throwable failure() {
        return failure.get();
    }

    /** Stops polling and closes without leaving the group, as if the process had died. */
    void kill() throws InterruptedException {
        leaveOnClose = false;
        close();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(30_000);
    }

    static Queue<String> newSink() {
        return new ConcurrentLinkedQueue<>();
    }
}
