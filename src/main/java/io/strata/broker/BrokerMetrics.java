package io.strata.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.log.LogCleaner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Per-topic traffic counters, the produce latency histogram and the log cleaner's figures, on /q/metrics. */
@ApplicationScoped
public class BrokerMetrics {

    private record TopicMeters(Counter recordsIn, Counter bytesIn, Counter recordsOut, Counter bytesOut) {}

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, TopicMeters> byTopic = new ConcurrentHashMap<>();
    private final Timer produceLatency;
    private volatile Runnable dirtyRatioGauges;

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

    /** Log compaction: bytes cleaned, time spent, passes, and the dirty ratio of each compacted log. */
    public void bindCleaner(LogCleaner cleaner) {
        FunctionCounter.builder("strata.log.cleaner.bytes.cleaned", cleaner, LogCleaner::bytesCleaned)
                .baseUnit("bytes").description("Bytes read by the log cleaner's passes").register(registry);
        FunctionCounter.builder("strata.log.cleaner.time", cleaner, c -> c.cleanerTimeMs() / 1000.0)
                .baseUnit("seconds").description("Time spent cleaning logs").register(registry);
        FunctionCounter.builder("strata.log.cleaner.passes", cleaner, LogCleaner::completedPasses)
                .description("Completed cleaner passes").register(registry);
        Gauge.builder("strata.log.cleaner.max.dirty.ratio", cleaner,
                        c -> c.dirtyRatios().values().stream().mapToDouble(Double::doubleValue).max().orElse(0))
                .description("Largest dirty ratio over the compacted logs").register(registry);
        MultiGauge dirtyRatios = MultiGauge.builder("strata.log.cleaner.dirty.ratio")
                .description("Dirty ratio of each compacted log").register(registry);
        dirtyRatioGauges = () -> dirtyRatios.register(cleaner.dirtyRatios().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("topic", e.getKey().topic(), "partition",
                        Integer.toString(e.getKey().partition())), e.getValue()))
                .toList(), true);
    }

    /** Re-reads the per-log dirty ratios (logs come and go); called on the retention timer. */
    public void refreshCleanerGauges() {
        Runnable refresh = dirtyRatioGauges;
        if (refresh != null) {
            refresh.run();
        }
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
