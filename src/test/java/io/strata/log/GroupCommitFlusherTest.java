package io.strata.log;

import io.strata.common.TopicPartition;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.strata.log.TestBatches.TP;
import static io.strata.log.TestBatches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitFlusherTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void shouldCompleteEveryRequestAfterItsFsyncWithFewerFsyncsThanRequestsWhenManyThreadsAppend() throws Exception {
        PartitionLog log = PartitionLog.open(tmp.resolve(TP.dirName()), TP, LogConfig.DEFAULT, new MockTime(NOW));
        int threads = 8;
        int appendsPerThread = 100;
        AtomicInteger completedBeforeDurable = new AtomicInteger();
        List<CompletableFuture<Void>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (GroupCommitFlusher flusher = new GroupCommitFlusher()) {
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread producer = new Thread(() -> {
                    for (int i = 0; i < appendsPerThread; i++) {
                        long end = log.appendAsLeader(batch(2, NOW, "p" + id + "-" + i), 0).lastOffset() + 1;
                        CompletableFuture<Void> durable = flusher.flush(log, end);
                        // The recovery point moves only after the fsync: it must cover us when we hear back.
                        futures.add(durable.thenRun(() -> {
                            if (log.recoveryPoint() < end) {
                                completedBeforeDurable.incrementAndGet();
                            }
                        }));
                        if (i % 10 == 9) {
                            durable.join(); // like a producer with a bounded number of in-flight requests
                        }
                    }
                });
                producers.add(producer);
                producer.start();
            }
            for (Thread p : producers) {
                p.join();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            int total = threads * appendsPerThread;
            assertEquals(total, futures.size());
            assertEquals(0, completedBeforeDurable.get());
            assertEquals(log.logEndOffset(), log.recoveryPoint());
            assertTrue(flusher.flushCount() < flusher.requestCount(),
                    "flushes " + flusher.flushCount() + " vs requests " + flusher.requestCount());
            assertTrue(log.fsyncCount() < total, "fsyncs " + log.fsyncCount() + " for " + total + " appends");
        } finally {
            log.close();
        }
    }

    @Test
    void shouldMakeEveryLogDurableWhenOneRoundCoversManyLogs() throws Exception {
        List<PartitionLog> logs = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            TopicPartition tp = new TopicPartition(TP.topic(), p);
            logs.add(PartitionLog.open(tmp.resolve(tp.dirName()), tp, LogConfig.DEFAULT, new MockTime(NOW)));
        }
        AtomicInteger completedBeforeDurable = new AtomicInteger();
        try (GroupCommitFlusher flusher = new GroupCommitFlusher("test-flusher", 3)) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (PartitionLog log : logs) {
                    long end = log.appendAsLeader(batch(3, NOW, "r" + round), 0).lastOffset() + 1;
                    futures.add(flusher.flush(log, end).thenRun(() -> {
                        if (log.recoveryPoint() < end) {
                            completedBeforeDurable.incrementAndGet();
                        }
                    }));
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(0, completedBeforeDurable.get());
            for (PartitionLog log : logs) {
                assertEquals(log.logEndOffset(), log.recoveryPoint(), log.topicPartition() + " is durable to its end");
            }
            assertTrue(flusher.flushCount() <= flusher.requestCount());
        } finally {
            for (PartitionLog log : logs) {
                log.close();
            }
        }
    }

    @Test
    void shouldCompleteAtOnceWhenOffsetIsAlreadyDurable() {
        PartitionLog log = PartitionLog.open(tmp.resolve(TP.dirName()), TP, LogConfig.DEFAULT, new MockTime(NOW));
        try (GroupCommitFlusher flusher = new GroupCommitFlusher()) {
            log.appendAsLeader(batch(1, NOW, "a"), 0);
            log.flush(1);
            assertTrue(flusher.flush(log, 1).isDone());
            assertEquals(0, flusher.requestCount());
        } finally {
            log.close();
        }
    }

    @Test
    void shouldFailFutureWhenFlushFails() {
        PartitionLog log = PartitionLog.open(tmp.resolve(TP.dirName()), TP, LogConfig.DEFAULT, new MockTime(NOW));
        log.appendAsLeader(batch(1, NOW, "a"), 0);
        log.closeAbruptly();
        try (GroupCommitFlusher flusher = new GroupCommitFlusher()) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> flusher.flush(log, 1).get(10, TimeUnit.SECONDS));
            assertInstanceOf(StrataException.class, e.getCause());
            assertEquals(ErrorKind.KAFKA_STORAGE_ERROR, ((StrataException) e.getCause()).kind());
        }
    }

    @Test
    void shouldRejectRequestsWhenClosed() {
        PartitionLog log = PartitionLog.open(tmp.resolve(TP.dirName()), TP, LogConfig.DEFAULT, new MockTime(NOW));
        try {
            GroupCommitFlusher flusher = new GroupCommitFlusher();
            log.appendAsLeader(batch(1, NOW, "a"), 0);
            CompletableFuture<Void> before = flusher.flush(log, 1);
            flusher.close();
            before.join();
            assertEquals(1L, log.recoveryPoint(), "requests queued before close are served");
            log.appendAsLeader(batch(1, NOW, "b"), 0);
            assertTrue(flusher.flush(log, 2).isCompletedExceptionally());
        } finally {
            log.close();
        }
    }
}
