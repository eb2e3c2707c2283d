package io.strata.testing;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A background idempotent {@code acks=all} producer for cluster tests: sends the numbers 0, 1, 2, ...
 * as string values round-robin over a topic's partitions until stopped, and remembers where each
 * acknowledged one went, so a test can check that every acknowledged record is read back there.
 *
 * <p>Thread-safe reads of the acknowledgements; started and stopped by one test thread.
 */
public final class AckedProducer implements AutoCloseable {

    /** One acknowledged record: the number sent and where the broker said it went. */
    public record Acked(int partition, long offset, long number) {}

    private final ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private AckedProducer(String bootstrap, String topic, int partitions) {
        thread = new Thread(() -> run(bootstrap, topic, partitions), "acked-producer-" + topic);
        thread.start();
    }

    public static AckedProducer start(String bootstrap, String topic, int partitions) {
        return new AckedProducer(bootstrap, topic, partitions);
    }

    public int ackedCount() {
        return acked.size();
    }

    public List<Acked> acked() {
        return List.copyOf(acked);
    }

    public long failed() {
        return failed.get();
    }

    /** Waits (boundedly) until {@code more} further records are acknowledged. */
    public void awaitMoreAcks(int more, String what) throws Exception {
        int target = ackedCount() + more;
        Awaits.awaitValue(this::ackedCount, n -> n >= target, what);
    }

    /** Stops sending, waits for the outstanding sends to finish (at most 3 minutes). */
    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(TimeUnit.MINUTES.toMillis(3));
        if (thread.isAlive()) {
            throw new AssertionError("the producer did not finish its outstanding sends");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running.get()) {
            stop();
        }
    }

    private void run(String bootstrap, String topic, int partitions) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "200");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // Bounded in flight, so a stalled cluster slows the loop instead of filling memory.
        Semaphore inFlight = new Semaphore(200);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long n = 0; running.get(); n++) {
                inFlight.acquire();
                long number = n;
                producer.send(new ProducerRecord<>(topic, (int) (n % partitions), null, Long.toString(number)), (md, error) -> {
                    inFlight.release();
                    if (error == null) {
                        acked.add(new Acked(md.partition(), md.offset(), number));
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
