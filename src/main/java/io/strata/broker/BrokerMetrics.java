package io.strata.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Per-topic traffic counters and the produce latency histogram, exported on /q/metrics. */
@ApplicationScoped
public class BrokerMetrics {

    private record TopicMeters(Counter recordsIn, Counter bytesIn, Counter recordsOut, Counter bytesOut) {}

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, TopicMeters> byTopic = new ConcurrentHashMap<>();
    private final Timer produceLatency;

    @Inject
    public BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.produceLatency = Timer.builder("strata.produce.latency")
                .description("Time from receiving a produce request to acknowledging it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    public void recordsIn(String topic, int records, long bytes) {
        TopicMeters m = meters(topic);
        m.recordsIn.increment(records);
        m.bytesIn.increment(bytes);
    }

    public void recordsOut(String topic, int records, long bytes) {
        TopicMeters m = meters(topic);
        m.recordsOut.increment(records);
        m.bytesOut.increment(bytes);
    }

    public void produceLatencyNanos(long nanos) {
        produceLatency.record(Duration.ofNanos(nanos));
    }

    private TopicMeters meters(String topic) {
        return byTopic.computeIfAbsent(topic, t -> new TopicMeters(
                Counter.builder("strata.topic.records.in").tag("topic", t).register(registry),
                Counter.builder("strata.topic.bytes.in").tag("topic", t).baseUnit("bytes").register(registry),
                Counter.builder("strata.topic.records.out").tag("topic", t).register(registry),
                Counter.builder("strata.topic.bytes.out").tag("topic", t).baseUnit("bytes").register(registry)));
    }
}
