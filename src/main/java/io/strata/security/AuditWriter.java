package io.strata.security;

import io.strata.metadata.AuditRow;
import io.strata.metadata.AuditStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes audit rows to PostgreSQL off the request path: {@link #submit} only offers the row to a
 * bounded queue and returns at once; one writer thread drains the queue in batches of up to
 * {@code maxBatch} rows, one INSERT per batch, waking at least every {@code flushIntervalMs}.
 *
 * <p>When PostgreSQL is unreachable the writer keeps its current batch and retries it with a
 * growing pause (up to {@code maxRetryBackoffMs}); meanwhile rows wait in the queue. The backlog is
 * therefore bounded by {@code capacity + maxBatch} rows: once the queue is full, further rows are
 * dropped, counted ({@link #dropped}) and reported by a WARN at most every {@value #DROP_WARN_INTERVAL_MS} ms.
 * A row PostgreSQL refuses outright (bad data) is dropped alone, so it cannot block the rows behind it.
 * {@link #close} writes what is queued, for at most the given time.
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread and never blocks or throws.
 */
public final class AuditWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class);
    static final long DROP_WARN_INTERVAL_MS = 10_000;
    private static final long MIN_RETRY_BACKOFF_MS = 50;

    private final AuditStore store;
    private final BlockingQueue<AuditRow> queue;
    private final int maxBatch;
    private final long flushIntervalMs;
    private final long maxRetryBackoffMs;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lastDropWarnNanos = new AtomicLong(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(DROP_WARN_INTERVAL_MS));
    /** Rows taken from the queue but not yet written; touched only by the writer thread, read for the gauge. */
    private volatile int inFlight;
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;

    public AuditWriter(AuditStore store, int capacity, int maxBatch, long flushIntervalMs, long maxRetryBackoffMs) {
        if (capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("capacity and maxBatch must be positive");
        }
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.flushIntervalMs = Math.max(1, flushIntervalMs);
        this.maxRetryBackoffMs = Math.max(MIN_RETRY_BACKOFF_MS, maxRetryBackoffMs);
        this.thread = new Thread(this::run, "strata-audit-writer");
        // A stuck database must never keep the JVM alive; close() is where queued rows get their chance.
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a row; false (and one more drop) when the backlog is full or the writer is closed. */
    public boolean submit(AuditRow row) {
        if (!stopping && queue.offer(row)) {
            return true;
        }
        drop(1, stopping ? "the audit writer is closed" : "the audit backlog is full (PostgreSQL slow or unreachable)");
        return false;
    }

    /** Rows dropped so far: backlog full, refused by PostgreSQL, or still unwritten at close. */
    public long dropped() {
        return dropped.get();
    }

    /** Rows written so far. */
    public long written() {
        return written.get();
    }

    /** Rows accepted but not yet written. */
    public int backlog() {
        return queue.size() + inFlight;
    }

    /** Stops accepting rows and writes those queued, giving up (and counting them dropped) after {@code timeoutMs}. */
    public void close(long timeoutMs) {
        stopDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        stopping = true;
        try {
            thread.join(timeoutMs + flushIntervalMs + maxRetryBackoffMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(0);
    }

    private void run() {
        List<AuditRow> batch = new ArrayList<>(maxBatch);
        long backoffMs = 0;
        boolean failing = false;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    if (stopping && queue.isEmpty()) {
                        return;
                    }
                    AuditRow first = queue.poll(flushIntervalMs, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                }
                queue.drainTo(batch, maxBatch - batch.size());
                inFlight = batch.size();
                RuntimeException failure = write(batch);
                inFlight = batch.size();
                if (failure == null) {
                    if (failing) {
                        LOG.infof("Audit log writes resumed; %d rows waiting", backlog());
                        failing = false;
                    }
                    backoffMs = 0;
                    continue;
                }
                if (!failing) {
                    LOG.warnf("Cannot write the audit log, keeping up to %d rows and retrying: %s",
                            queue.remainingCapacity() + queue.size() + maxBatch, failure.getMessage());
                    failing = true;
                }
                if (stopping && System.nanoTime() - stopDeadlineNanos > 0) {
                    List<AuditRow> rest = new ArrayList<>();
                    queue.drainTo(rest);
                    drop(batch.size() + rest.size(), "PostgreSQL was unreachable while the broker stopped");
                    batch.clear();
                    inFlight = 0;
                    return;
                }
                backoffMs = Math.min(maxRetryBackoffMs, Math.max(MIN_RETRY_BACKOFF_MS, backoffMs * 2));
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                // Nobody interrupts this thread on purpose; stopping is signalled through the flag.
                Thread.interrupted();
            } catch (RuntimeException e) {
                LOG.error("Audit writer failed unexpectedly; continuing", e);
            }
        }
    }

    /**
     * Writes the batch and empties it; on failure returns the error and leaves in {@code batch} the
     * rows still to write. Rows PostgreSQL refuses are written one by one to find and drop the bad ones.
     */
    private RuntimeException write(List<AuditRow> batch) {
        try {
            store.insert(batch);
            written.addAndGet(batch.size());
            batch.clear();
            return null;
        } catch (RuntimeException e) {
            if (!AuditStore.rejectedRows(e)) {
                return e;
            }
        }
        while (!batch.isEmpty()) {
            AuditRow row = batch.get(0);
            try {
                store.insert(List.of(row));
                written.incrementAndGet();
            } catch (RuntimeException e) {
                if (!AuditStore.rejectedRows(e)) {
                    return e;
                }
                LOG.warnf("PostgreSQL refused an audit row, dropping it (%s on %s by %s): %s", row.action(),
                        row.resource(), row.principal(), e.getMessage());
                dropped.incrementAndGet();
            }
            batch.remove(0);
        }
        return null;
    }

    private void drop(int rows, String reason) {
        long total = dropped.addAndGet(rows);
        long now = System.nanoTime();
        long last = lastDropWarnNanos.get();
        if (now - last >= TimeUnit.MILLISECONDS.toNanos(DROP_WARN_INTERVAL_MS) && lastDropWarnNanos.compareAndSet(last, now)) {
            LOG.warnf("Dropped %d audit events (%d in total): %s", rows, total, reason);
        }
    }
}
