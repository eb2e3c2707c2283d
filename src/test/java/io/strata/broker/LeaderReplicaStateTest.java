package io.strata.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strata.common.Time;
import io.strata.common.TopicPartition;
import io.strata.log.LogAppendInfo;
import io.strata.log.LogConfig;
import io.strata.log.PartitionLog;
import io.strata.log.RecordBatches;
import io.strata.log.SimpleRecordData;
import io.strata.metadata.PartitionInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's replica bookkeeping on a real log: the high watermark is the ISR minimum of fsynced
 * log ends, acks wait for it, and ISR proposals follow the lag rule. Time is passed in explicitly.
 */
class LeaderReplicaStateTest {

    private static final TopicPartition TP = new TopicPartition("replicated", 0);
    private static final long LAG_NANOS = 10_000_000_000L;

    @TempDir
    Path dir;
    private PartitionLog log;

    @BeforeEach
    void open() {
        log = PartitionLog.open(dir.resolve("replicated-0"), TP, LogConfig.DEFAULT, Time.SYSTEM);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private LeaderReplicaState leaderOf(List<Integer> isr, long nowNanos) {
        return new LeaderReplicaState(TP, "00000000-0000-0000-0000-000000000001", log, 1,
                new PartitionInfo(0, List.of(1, 2, 3), isr, 1, 0, 0), nowNanos);
    }

    private long appendDurably(int records) {
        List<SimpleRecordData> data = new java.util.ArrayList<>();
        for (int i = 0; i < records; i++) {
            data.add(new SimpleRecordData(1L, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        LogAppendInfo info = log.appendAsLeader(RecordBatches.build(data), 0);
        log.flush(info.lastOffset() + 1);
        return info.lastOffset() + 1;
    }

    @Test
    void shouldHoldHighWatermarkAtSlowestIsrFollowerWhenLeaderIsAhead() {
        LeaderReplicaState state = leaderOf(List.of(1, 2, 3), 0);
        long end = appendDurably(10);

        state.recordFetch(2, end, 1);
        state.maybeAdvanceHighWatermark();
        assertEquals(0, log.highWatermark(), "follower 3 has not fetched yet: nothing is committed");

        state.recordFetch(3, 4, 2);
        state.maybeAdvanceHighWatermark();
        assertEquals(4, log.highWatermark());

        state.recordFetch(3, end, 3);
        state.maybeAdvanceHighWatermark();
        assertEquals(end, log.highWatermark());
    }

    @Test
    void shouldCompleteAcknowledgementOnlyWhenHighWatermarkCoversBatch() {
        LeaderReplicaState state = leaderOf(List.of(1, 2), 0);
        long end = appendDurably(5);
        CompletableFuture<LogAppendInfo> ack = new CompletableFuture<>();
        LogAppendInfo info = new LogAppendInfo(0, end - 1, 1, -1, 0, 5, 100);

        List<LeaderReplicaState.Completion> now = state.awaitHighWatermark(end, info, ack);
        assertTrue(now.isEmpty(), "follower 2 has not fetched the batch");

        state.recordFetch(2, end, 1);
        List<LeaderReplicaState.Completion> later = state.maybeAdvanceHighWatermark();
        assertEquals(1, later.size());
        assertEquals(info, later.get(0).info());
    }

    @Test
    void shouldProposeShrinkWhenFollowerHasNotCaughtUpWithinLagTime() {
        LeaderReplicaState state = leaderOf(List.of(1, 2, 3), 0);
        long end = appendDurably(3);
        state.recordFetch(2, end, LAG_NANOS);
        state.recordFetch(3, 0, LAG_NANOS);

        Optional<IsrProposal> proposal = state.proposeIsr(LAG_NANOS + 1, LAG_NANOS);

        assertTrue(proposal.isPresent());
        assertEquals(List.of(1, 2), proposal.get().proposedIsr());
        assertEquals(0, proposal.get().partitionEpoch(), "a compare-and-set on the epoch it was decided on");
    }

    @Test
    void shouldProposeExpansionAndCountJoiningFollowerWhenItReachesHighWatermark() {
        LeaderReplicaState state = leaderOf(List.of(1, 2), 0);
        long end = appendDurably(6);
        state.recordFetch(2, end, 1);
        state.maybeAdvanceHighWatermark();
        assertEquals(end, log.highWatermark());
        state.recordFetch(3, 2, 2);
        assertFalse(state.proposeIsr(3, LAG_NANOS).isPresent(), "follower 3 is below the high watermark");

        state.recordFetch(3, end, 4);
        Optional<IsrProposal> proposal = state.proposeIsr(5, LAG_NANOS);

        assertEquals(List.of(1, 2, 3), proposal.orElseThrow().proposedIsr());
        long more = appendDurably(2);
        state.recordFetch(2, more, 6);
        state.maybeAdvanceHighWatermark();
        assertEquals(end, log.highWatermark(), "the joining follower holds the high watermark before the image has it");
    }
}
