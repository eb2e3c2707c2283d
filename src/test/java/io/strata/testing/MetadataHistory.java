package io.strata.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples the controller row and a topic's partition rows from PostgreSQL every 100 ms while a
 * fault test runs, and records every violation of the cluster's epoch rules it sees: the
 * controller epoch never goes down, one controller epoch always names the same broker, and no
 * partition's leader epoch or partition epoch ever goes down. Sampling failures (PostgreSQL away)
 * are skipped, not violations.
 *
 * <p>Thread-safe: one sampling thread writes; the test thread reads after {@link #close}.
 */
public final class MetadataHistory implements AutoCloseable {

    private static final long INTERVAL_MS = 100;

    private final ClusterProcesses cluster;
    private final String topic;
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    // Only touched by the sampling thread.
    private long lastControllerEpoch = -1;
    private final Map<Long, Long> controllerOfEpoch = new HashMap<>();
    private final Map<Integer, PartitionRow> lastRows = new HashMap<>();

    private MetadataHistory(ClusterProcesses cluster, String topic) {
        this.cluster = cluster;
        this.topic = topic;
        this.thread = new Thread(this::run, "metadata-history-" + topic);
        this.thread.setDaemon(true);
    }

    public static MetadataHistory start(ClusterProcesses cluster, String topic) {
        MetadataHistory history = new MetadataHistory(cluster, topic);
        history.thread.start();
        return history;
    }

    private void run() {
        while (running.get()) {
            try {
                sample(cluster.controller(), cluster.partitions(topic));
                samples.incrementAndGet();
            } catch (Exception e) {
                // PostgreSQL may be down on purpose; the next sample tries again
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(long[] controller, Map<Integer, PartitionRow> rows) {
        long epoch = controller[0];
        long node = controller[1];
        if (epoch < lastControllerEpoch) {
            violations.add("controller epoch went down: " + lastControllerEpoch + " -> " + epoch);
        }
        lastControllerEpoch = Math.max(lastControllerEpoch, epoch);
        if (node >= 0) {
            Long earlier = controllerOfEpoch.putIfAbsent(epoch, node);
            if (earlier != null && earlier != node) {
                violations.add("controller epoch " + epoch + " held by broker " + earlier + " and by broker " + node);
            }
        }
        for (PartitionRow row : rows.values()) {
            PartitionRow was = lastRows.put(row.partition(), row);
            if (was != null && (row.leaderEpoch() < was.leaderEpoch() || row.partitionEpoch() < was.partitionEpoch())) {
                violations.add("epochs of partition " + row.partition() + " went down: " + was + " -> " + row);
            }
        }
    }

    public List<String> violations() {
        return new ArrayList<>(violations);
    }

    public int samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
