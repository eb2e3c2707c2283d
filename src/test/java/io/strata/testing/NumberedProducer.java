package io.strata.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A background {@code acks=all}, idempotent producer for fault tests: sends records whose value is
 * their sequence number (0, 1, 2, ...) round-robin over a topic's partitions, and records every
 * acknowledgement (partition, offset, number, when) and every failure, split into retriable and
 * non-retriable. At most 500 records are in flight, so a stalled partition slows it down instead
 * of filling memory.
 *
 * <p>Thread-safe: the producing thread writes, the test thread reads the concurrent collections.
 */
public final class NumberedProducer implements AutoCloseable {

    /** One acknowledged record: where the broker said it went, and when the callback saw it. */
    public record Acked(int partition, long offset, long number, long ackNanos) {}

    private final String topic;
    private final int partitions;
    private final Properties props;
    private final ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> nonRetriable = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final Thread thread;

    private NumberedProducer(String bootstrap, String topic, int partitions, Map<String, String> overrides) {
        this.topic = topic;
        this.partitions = partitions;
        props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "200");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(overrides);
        thread = new Thread(this::run, "numbered-producer-" + topic);
    }

    /** Starts producing to partitions 0..{@code partitions}-1 of {@code topic} at once. */
    public static NumberedProducer start(String bootstrap, String topic, int partitions, Map<String, String> overrides) {
        NumberedProducer producer = new NumberedProducer(bootstrap, topic, partitions, overrides);
        producer.thread.start();
        return producer;
    }

    private void run() {
        Semaphore inFlight = new Semaphore(500);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long n = 0; producing.get(); n++) {
                inFlight.acquire();
                long number = n;
                sent.incrementAndGet();
                producer.send(new ProducerRecord<>(topic, (int) (n % partitions), null, Long.toString(number)),
                        (metadata, error) -> {
                            inFlight.release();
                            if (error == null) {
                                acked.add(new Acked(metadata.partition(), metadata.offset(), number, System.nanoTime()));
                            } else {
                                failed.incrementAndGet();
                                if (!(error instanceof RetriableException)) {
                                    nonRetriable.add(number + ": " + error);
                                }
                            }
                        });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int ackedCount() {
        return acked.size();
    }

    public List<Acked> acked() {
        return new ArrayList<>(acked);
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Failures a client must not see while brokers or PostgreSQL come and go. */
    public List<String> nonRetriableErrors() {
        return new ArrayList<>(nonRetriable);
    }

    /** When the first acknowledgement for {@code partition} after {@code afterNanos} arrived, if one did. */
    public Optional<Long> firstAckNanos(int partition, long afterNanos) {
        return acked.stream().filter(a -> a.partition() == partition && a.ackNanos() > afterNanos)
                .map(Acked::ackNanos).min(Long::compare);
    }

    /** Waits (boundedly) until {@code more} further records are acknowledged. */
    public void awaitMoreAcks(int more, String what) throws Exception {
        int target = ackedCount() + more;
        Awaits.awaitValue(this::ackedCount, n -> n >= target, what);
    }

    /** Stops sending, waits for everything in flight to be answered, and returns. */
    public void stop() throws InterruptedException {
        producing.set(false);
        thread.join(TimeUnit.MINUTES.toMillis(3));
        if (thread.isAlive()) {
            throw new AssertionError("The producer did not finish within 3 minutes");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            stop();
        }
    }
}
