package io.strata.log;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit: turns many "make offset X of log L durable" requests into few fsyncs. One background
 * thread takes every request pending at that moment, calls {@link PartitionLog#flush(long)} once per
 * distinct log with the largest offset requested for it, and completes the requests' futures. While that
 * fsync runs, new requests queue up and are served together by the next round, so under load one fsync
 * covers every append that was waiting for it. The logs of one round are fsynced concurrently (up to
 * {@code flushThreads} at once): a round touching six partitions then waits for about one fsync rather than
 * six in a row, and the file system can fold the concurrent fsyncs into fewer journal commits.
 *
 * <p>Producers with acks=all append, then wait for the future before acknowledging. A future completes
 * normally only after the fsync covering its offset returned; exceptionally (KAFKA_STORAGE_ERROR) when the
 * flush failed or the flusher was closed.
 *
 * <p>Thread-safety: {@link #flush} may be called from any thread. {@link #close()} serves every request
 * queued before it, fails later ones, and never interrupts the flushing thread (an interrupt would close
 * the log's file channels).
 */
public final class GroupCommitFlusher implements Closeable {

    private static final System.Logger LOG = System.getLogger(GroupCommitFlusher.class.getName());

    private record Request(PartitionLog log, long offsetExclusive, CompletableFuture<Void> future) {
    }

    private static final Request STOP = new Request(null, 0, null);

    /** Enough to overlap the fsyncs of a round on one disk without a thread per partition. */
    public static final int DEFAULT_FLUSH_THREADS = 8;

    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ExecutorService flushPool;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong flushCalls = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean closed;

    public GroupCommitFlusher() {
        this("strata-group-commit");
    }

    public GroupCommitFlusher(String threadName) {
        this(threadName, DEFAULT_FLUSH_THREADS);
    }

    public GroupCommitFlusher(String threadName, int flushThreads) {
        AtomicLong threadIds = new AtomicLong();
        this.flushPool = Executors.newFixedThreadPool(flushThreads, runnable -> {
            Thread t = new Thread(runnable, threadName + "-fsync-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Requests that everything below {@code offsetExclusive} in {@code log} becomes durable. Completes at
     * once when the log's recovery point already covers it.
     */
    public CompletableFuture<Void> flush(PartitionLog log, long offsetExclusive) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        if (offsetExclusive <= log.recoveryPoint()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        requests.incrementAndGet();
        queue.add(new Request(log, offsetExclusive, future));
        return future;
    }

    /** Requests accepted so far (not counting those already durable on arrival). */
    public long requestCount() {
        return requests.get();
    }

    /** Calls of {@link PartitionLog#flush(long)} made so far: at most one per log per round. */
    public long flushCount() {
        return flushCalls.get();
    }

    /** Rounds (drains of the queue) so far. */
    public long roundCount() {
        return rounds.get();
    }

    private void run() {
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            List<Request> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
                continue;
            }
            queue.drainTo(batch);
            if (batch.removeIf(r -> r == STOP)) {
                stopping = true;
            }
            if (!batch.isEmpty()) {
                serve(batch);
            }
        }
        failPending();
        flushPool.shutdown();
    }

    private void serve(List<Request> batch) {
        rounds.incrementAndGet();
        Map<PartitionLog, Long> maxOffsets = new IdentityHashMap<>();
        Map<PartitionLog, List<Request>> byLog = new IdentityHashMap<>();
        for (Request r : batch) {
            maxOffsets.merge(r.log(), r.offsetExclusive(), Math::max);
            byLog.computeIfAbsent(r.log(), l -> new ArrayList<>()).add(r);
        }
        if (maxOffsets.size() == 1) {
            maxOffsets.forEach((log, offset) -> flushAndComplete(log, offset, byLog.get(log)));
            return;
        }
        List<CompletableFuture<Void>> fsyncs = new ArrayList<>(maxOffsets.size());
        maxOffsets.forEach((log, offset) -> fsyncs.add(
                CompletableFuture.runAsync(() -> flushAndComplete(log, offset, byLog.get(log)), flushPool)));
        // The round ends when all its fsyncs have: a log is never fsynced by two rounds at once.
        CompletableFuture.allOf(fsyncs.toArray(CompletableFuture[]::new)).join();
    }

    private void flushAndComplete(PartitionLog log, long offsetExclusive, List<Request> requests) {
        Throwable failure = null;
        try {
            flushCalls.incrementAndGet();
            log.flush(offsetExclusive);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "Group commit flush of " + log.topicPartition() + " failed", t);
            failure = t;
        }
        for (Request r : requests) {
            if (failure == null) {
                r.future().complete(null);
            } else {
                r.future().completeExceptionally(failure);
            }
        }
    }

    private void failPending() {
        List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        for (Request r : left) {
            if (r != STOP) {
                r.future().completeExceptionally(closedError());
            }
        }
    }

    private static StrataException closedError() {
        return new StrataException(ErrorKind.KAFKA_STORAGE_ERROR, "The group commit flusher is closed");
    }

    /** Serves every request already queued, then stops the thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A request that slipped in between the closed check and STOP is failed rather than left hanging.
        failPending();
    }
}
