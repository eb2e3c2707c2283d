package io.strata.broker;

import io.strata.common.TopicPartition;
import io.strata.log.LogAppendInfo;
import io.strata.log.PartitionLog;
import io.strata.metadata.PartitionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the leader of one partition knows about its replicas during one leader epoch: each follower's
 * log end offset (the offset of its last fetch, which it only sends once everything below is fsynced),
 * when it was last caught up, the ISR from the metadata image, ISR additions proposed but not yet seen
 * in an image, and the {@code acks=all} appends waiting for the high watermark.
 *
 * <p>Invariants: the high watermark candidate is the minimum log end offset over the ISR plus the
 * pending additions (Kafka's "maximal ISR"), the leader's own counting only up to its fsynced offset
 * (the log's recovery point), so the high watermark never covers data that some in-sync replica could
 * lose in a crash. A follower that has not fetched yet in this epoch has an unknown (-1) log end offset
 * and holds the high watermark where it is until it fetches or leaves the ISR.
 *
 * <p>Thread-safety: every method is synchronized on this object; the high watermark is raised and the
 * waiting acknowledgements are drained under the same monitor, so an acknowledgement registered
 * concurrently with an advance is never missed.
 */
final class LeaderReplicaState {

    /** One follower as the leader sees it; guarded by the enclosing state's monitor. */
    private static final class Follower {
        long logEndOffset = -1;
        long lastCaughtUpNanos;
        long lastFetchLeaderLogEndOffset = -1;
        long lastFetchNanos;
    }

    /** An {@code acks=all} append waiting for the high watermark to reach {@code endOffset}. */
    private record PendingAck(long endOffset, LogAppendInfo info, CompletableFuture<LogAppendInfo> future) {}

    /** A completion to run outside the monitor. */
    record Completion(CompletableFuture<LogAppendInfo> future, LogAppendInfo info) {}

    private final TopicPartition topicPartition;
    private final String topicId;
    private final PartitionLog log;
    private final int me;
    private final int leaderEpoch;
    private final long epochStartOffset;
    private PartitionInfo partition;
    private final Map<Integer, Follower> followers = new HashMap<>();
    /** replica id -> the partition epoch its addition was proposed at; dropped once the epoch moved past it. */
    private final Map<Integer, Integer> pendingAdditions = new HashMap<>();
    private final PriorityQueue<PendingAck> pendingAcks =
            new PriorityQueue<>((a, b) -> Long.compare(a.endOffset(), b.endOffset()));

    LeaderReplicaState(TopicPartition topicPartition, String topicId, PartitionLog log, int me, PartitionInfo partition,
            long nowNanos) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.me = me;
        this.leaderEpoch = partition.leaderEpoch();
        this.epochStartOffset = log.logEndOffset();
        this.partition = partition;
        for (int replica : partition.replicas()) {
            if (replica != me) {
                Follower f = new Follower();
                // As Kafka: every follower gets a full lag period from the start of the epoch to fetch.
                f.lastCaughtUpNanos = nowNanos;
                followers.put(replica, f);
            }
        }
    }

    int leaderEpoch() {
        return leaderEpoch;
    }

    PartitionLog log() {
        return log;
    }

    synchronized PartitionInfo partition() {
        return partition;
    }

    /** A newer image of the same leader epoch: the ISR (and partition epoch) may have changed. */
    synchronized void update(PartitionInfo newer) {
        partition = newer;
        pendingAdditions.values().removeIf(proposedAt -> newer.partitionEpoch() > proposedAt);
        for (int replica : newer.replicas()) {
            if (replica != me && !followers.containsKey(replica)) {
                Follower f = new Follower();
                f.lastCaughtUpNanos = System.nanoTime();
                followers.put(replica, f);
            }
        }
    }

    /**
     * A follower fetched at {@code fetchOffset}: that is its log end offset. As Kafka, it counts as
     * caught up now if it reached the leader's log end offset, or as of its previous fetch if it
     * reached what was the leader's log end offset then. False for a broker that is not a replica.
     */
    synchronized boolean recordFetch(int replicaId, long fetchOffset, long nowNanos) {
        Follower f = followers.get(replicaId);
        if (f == null) {
            return false;
        }
        long leaderLogEndOffset = log.logEndOffset();
        f.logEndOffset = Math.min(fetchOffset, leaderLogEndOffset);
        if (fetchOffset >= leaderLogEndOffset) {
            f.lastCaughtUpNanos = nowNanos;
        } else if (f.lastFetchLeaderLogEndOffset >= 0 && fetchOffset >= f.lastFetchLeaderLogEndOffset) {
            f.lastCaughtUpNanos = Math.max(f.lastCaughtUpNanos, f.lastFetchNanos);
        }
        f.lastFetchLeaderLogEndOffset = leaderLogEndOffset;
        f.lastFetchNanos = nowNanos;
        return true;
    }

    /**
     * Raises the log's high watermark to the ISR minimum if that is higher, and returns the
     * acknowledgements it now covers (to complete outside the monitor).
     */
    synchronized List<Completion> maybeAdvanceHighWatermark() {
        long candidate = log.recoveryPoint();
        Set<Integer> members = new LinkedHashSet<>(partition.isr());
        members.addAll(pendingAdditions.keySet());
        for (int replica : members) {
            if (replica == me) {
                continue;
            }
            Follower f = followers.get(replica);
            candidate = Math.min(candidate, f == null ? -1 : f.logEndOffset);
        }
        if (candidate >= 0) {
            log.maybeIncrementHighWatermark(candidate);
        }
        return drainCovered();
    }

    /** Completes {@code future} once the high watermark reaches {@code endOffset} (now, if it has). */
    synchronized List<Completion> awaitHighWatermark(long endOffset, LogAppendInfo info,
            CompletableFuture<LogAppendInfo> future) {
        pendingAcks.add(new PendingAck(endOffset, info, future));
        return drainCovered();
    }

    private List<Completion> drainCovered() {
        List<Completion> done = new ArrayList<>();
        long hw = log.highWatermark();
        while (!pendingAcks.isEmpty() && (pendingAcks.peek().endOffset() <= hw || pendingAcks.peek().future().isDone())) {
            PendingAck ack = pendingAcks.poll();
            done.add(new Completion(ack.future(), ack.info()));
        }
        return done;
    }

    /** Leadership of this epoch ended: every waiting acknowledgement fails with {@code failure}. */
    synchronized List<CompletableFuture<LogAppendInfo>> abandon() {
        List<CompletableFuture<LogAppendInfo>> waiting = pendingAcks.stream().map(PendingAck::future).toList();
        pendingAcks.clear();
        return waiting;
    }

    /**
     * The ISR this leader wants now, if different from the image's: followers that have not been
     * caught up for {@code lagNanos} leave; replicas whose log end offset reached the high watermark
     * (and the start of this leader epoch) join, and count for the high watermark from now on.
     */
    synchronized java.util.Optional<IsrProposal> proposeIsr(long nowNanos, long lagNanos) {
        List<Integer> isr = partition.isr();
        List<Integer> next = new ArrayList<>();
        for (int replica : isr) {
            Follower f = followers.get(replica);
            boolean lagging = replica != me && (f == null || nowNanos - f.lastCaughtUpNanos > lagNanos);
            if (!lagging) {
                next.add(replica);
            }
        }
        if (!next.contains(me)) {
            next.add(0, me); // the leader is always in its own ISR
        }
        long hw = log.highWatermark();
        for (int replica : partition.replicas()) {
            Follower f = followers.get(replica);
            if (replica != me && !isr.contains(replica) && f != null && f.logEndOffset >= hw
                    && f.logEndOffset >= epochStartOffset && nowNanos - f.lastCaughtUpNanos <= lagNanos) {
                next.add(replica);
                pendingAdditions.put(replica, partition.partitionEpoch());
            }
        }
        if (next.equals(isr)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new IsrProposal(topicPartition, topicId, me, leaderEpoch, partition.partitionEpoch(),
                isr, next));
    }
}
