package io.strata.cluster;

import io.strata.broker.PartitionManager;
import io.strata.common.TopicPartition;
import io.strata.log.EpochEndOffset;
import io.strata.log.PartitionLog;
import io.strata.log.RecordBatches;
import io.strata.metadata.BrokerInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

/**
 * Replicates the partitions this broker follows from one leader broker, on its own thread, over
 * one blocking Kafka connection. Each partition of a new leader epoch is first reconciled with
 * OffsetForLeaderEpoch: the log is truncated to where the leader says this broker's latest epoch
 * ended (never blindly to the high watermark), then fetched from its log end offset. Fetched batches
 * are appended with their leader's offsets and epochs and fsynced before the next fetch, whose offset
 * is therefore what this broker has made durable: the leader counts it toward the high watermark.
 *
 * <p>Invariants: every read or write of a log happens in {@link PartitionManager#whileFollowing} for
 * the assignment's leader and leader epoch, so nothing is appended once the image names another leader
 * or epoch, or once this broker leads. A partition is fetched only after its epoch reconciliation.
 *
 * <p>Thread-safety: {@link #assign}, {@link #endpoint} and {@link #shutdown} may be called from any
 * thread; everything else runs on the fetcher thread.
 */
final class ReplicaFetcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(ReplicaFetcher.class);
    private static final short FETCH_VERSION = 12; // topics by name, replica id in the request
    private static final short OFFSET_FOR_LEADER_EPOCH_VERSION = 4;

    /** What this broker follows for one partition: who leads it, in which epoch. */
    record Assignment(String topicId, int leader, int leaderEpoch) {}

    /** Progress of one followed partition; fields other than the assignment only touched by the fetcher thread. */
    private static final class PartitionFetch {
        final Assignment assignment;
        volatile boolean reconciled;
        long retryAfterNanos;

        PartitionFetch(Assignment assignment) {
            this.assignment = assignment;
        }
    }

    private final int sourceNodeId;
    private final int me;
    private final PartitionManager partitions;
    private final Duration maxWait;
    private final int maxBytesPerPartition;
    private final long backoffNanos;
    private final ConcurrentHashMap<TopicPartition, PartitionFetch> fetches = new ConcurrentHashMap<>();
    private final Object wakeup = new Object();
    private volatile BrokerInfo endpoint;
    private volatile boolean running = true;
    private KafkaBlockingClient client;
    private BrokerInfo connectedTo;
    private final Thread thread;
    private final BrokerConnector connector;

    ReplicaFetcher(int sourceNodeId, int me, PartitionManager partitions, Duration maxWait, int maxBytesPerPartition,
            Duration backoff, BrokerConnector connector) {
        this.connector = connector;
        this.sourceNodeId = sourceNodeId;
        this.me = me;
        this.partitions = partitions;
        this.maxWait = maxWait;
        this.maxBytesPerPartition = maxBytesPerPartition;
        this.backoffNanos = backoff.toNanos();
        this.thread = new Thread(this, "strata-replica-fetcher-" + sourceNodeId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Where the leader listens, from the latest image (null while unknown). */
    void endpoint(BrokerInfo broker) {
        this.endpoint = broker;
    }

    /**
     * Replaces the followed partitions. A partition whose leader epoch changed starts over with
     * reconciliation; one that kept its assignment keeps its progress.
     */
    void assign(Map<TopicPartition, Assignment> wanted) {
        fetches.keySet().removeIf(tp -> !wanted.containsKey(tp));
        wanted.forEach((tp, a) -> fetches.compute(tp, (k, current) ->
                current != null && current.assignment.equals(a) ? current : new PartitionFetch(a)));
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    boolean isIdle() {
        return fetches.isEmpty();
    }

    void shutdown() {
        running = false;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        KafkaBlockingClient c = client;
        if (c != null) {
            c.close(); // unblocks a fetch waiting on the socket
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (fetches.isEmpty()) {
                    pause(backoffNanos);
                    continue;
                }
                ensureConnected();
                boolean didWork = reconcile();
                didWork |= fetch();
                if (!didWork) {
                    pause(backoffNanos);
                }
            } catch (IOException e) {
                if (running) {
                    LOG.debugf("Replica fetcher for broker %d: %s; reconnecting", sourceNodeId, e.toString());
                }
                disconnect();
                pause(backoffNanos);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf(e, "Replica fetcher for broker %d failed; retrying", sourceNodeId);
                }
                disconnect();
                pause(backoffNanos);
            }
        }
        disconnect();
    }

    private void ensureConnected() throws IOException {
        BrokerInfo target = endpoint;
        if (target == null) {
            throw new IOException("broker " + sourceNodeId + " is not in the metadata");
        }
        if (client != null && target.equals(connectedTo) && !client.sessionExpired()) {
            return;
        }
        disconnect();
        int readTimeoutMs = (int) Math.min(Integer.MAX_VALUE, maxWait.toMillis() + 30_000);
        client = connector.connect(target.host(), target.kafkaPort(), "strata-replica-" + me, 5_000, readTimeoutMs);
        connectedTo = target;
    }

    private void disconnect() {
        if (client != null) {
            client.close();
            client = null;
            connectedTo = null;
        }
    }

    private void pause(long nanos) {
        synchronized (wakeup) {
            if (!running) {
                return;
            }
            try {
                wakeup.wait(Math.max(1, nanos / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    // ------------------------------------------------------------------ reconciliation by leader epoch

    /** Sends OffsetForLeaderEpoch for partitions of a new leader epoch and truncates. True if it sent one. */
    private boolean reconcile() throws IOException {
        long now = System.nanoTime();
        Map<TopicPartition, PartitionFetch> pending = new LinkedHashMap<>();
        Map<TopicPartition, Integer> latestEpochs = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, PartitionFetch> e : fetches.entrySet()) {
            PartitionFetch f = e.getValue();
            if (f.reconciled || now < f.retryAfterNanos) {
                continue;
            }
            TopicPartition tp = e.getKey();
            Optional<OptionalInt> latest = partitions.whileFollowing(tp, f.assignment.leader(), f.assignment.leaderEpoch(),
                    PartitionLog::latestEpoch);
            if (latest.isEmpty()) {
                f.retryAfterNanos = now + backoffNanos; // the log is not there yet, or the image moved on
                continue;
            }
            pending.put(tp, f);
            latestEpochs.put(tp, latest.get().orElse(EpochEndOffset.UNDEFINED_EPOCH));
        }
        if (pending.isEmpty()) {
            return false;
        }
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
        pending.forEach((tp, f) -> {
            OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic = topics.find(tp.topic());
            if (topic == null) {
                topic = new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(tp.topic());
                topics.add(topic);
            }
            topic.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(tp.partition())
                    .setCurrentLeaderEpoch(f.assignment.leaderEpoch()).setLeaderEpoch(latestEpochs.get(tp)));
        });
        OffsetForLeaderEpochResponseData response = (OffsetForLeaderEpochResponseData) client.send(
                ApiKeys.OFFSET_FOR_LEADER_EPOCH, OFFSET_FOR_LEADER_EPOCH_VERSION,
                new OffsetForLeaderEpochRequestData().setReplicaId(me).setTopics(topics));
        for (OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult topic : response.topics()) {
            for (OffsetForLeaderEpochResponseData.EpochEndOffset p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.topic(), p.partition());
                PartitionFetch f = pending.get(tp);
                if (f == null || fetches.get(tp) != f) {
                    continue;
                }
                Errors error = Errors.forCode(p.errorCode());
                if (error != Errors.NONE) {
                    // The leader's image and ours disagree (or it is not leading yet): both converge via NOTIFY.
                    LOG.debugf("OffsetForLeaderEpoch for %s from broker %d: %s", tp, sourceNodeId, error);
                    f.retryAfterNanos = System.nanoTime() + backoffNanos;
                    continue;
                }
                Optional<Boolean> done = partitions.whileFollowing(tp, f.assignment.leader(), f.assignment.leaderEpoch(),
                        log -> {
                            truncateByEpoch(tp, log, latestEpochs.get(tp), p.leaderEpoch(), p.endOffset());
                            return true;
                        });
                if (done.isPresent()) {
                    f.reconciled = true;
                }
            }
        }
        return true;
    }

    /**
     * Kafka's truncation rule (KIP-101/279): with the leader's answer (largest epoch at or below ours
     * and where it ended), keep only what both logs agree on. When the leader's epoch is older than
     * our latest, our own end of that epoch bounds what is shared. Only a log with no epochs at all
     * (nothing the leader could compare) falls back to the high watermark.
     */
    private void truncateByEpoch(TopicPartition tp, PartitionLog log, int ourLatestEpoch, int leaderEpoch,
            long leaderEndOffset) {
        long before = log.logEndOffset();
        long target;
        if (ourLatestEpoch == EpochEndOffset.UNDEFINED_EPOCH) {
            target = log.logEndOffset() == log.logStartOffset() ? before : log.highWatermark();
        } else if (leaderEpoch == EpochEndOffset.UNDEFINED_EPOCH || leaderEndOffset < 0) {
            LOG.warnf("Leader %d knows no epoch at or below %d for %s; truncating to the high watermark %d",
                    sourceNodeId, ourLatestEpoch, tp, log.highWatermark());
            target = log.highWatermark();
        } else if (leaderEpoch == ourLatestEpoch) {
            target = Math.min(leaderEndOffset, before);
        } else {
            EpochEndOffset ours = log.endOffsetForEpoch(leaderEpoch);
            long ourEnd = ours.endOffset() < 0 ? log.logStartOffset() : ours.endOffset();
            target = Math.min(leaderEndOffset, Math.min(ourEnd, before));
        }
        if (target < before) {
            log.truncateTo(target);
            LOG.infof("Truncated %s from %d to %d by leader epoch (leader %d: epoch %d ends at %d; ours was %d)", tp,
                    before, log.logEndOffset(), sourceNodeId, leaderEpoch, leaderEndOffset, ourLatestEpoch);
        }
    }

    // ------------------------------------------------------------------ fetching

    /** One fetch for every reconciled partition. True if it sent one. */
    private boolean fetch() throws IOException {
        long now = System.nanoTime();
        Map<TopicPartition, PartitionFetch> sent = new LinkedHashMap<>();
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        Map<String, FetchRequestData.FetchTopic> topics = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, PartitionFetch> e : fetches.entrySet()) {
            PartitionFetch f = e.getValue();
            if (!f.reconciled || now < f.retryAfterNanos) {
                continue;
            }
            TopicPartition tp = e.getKey();
            // Fsync anything not yet durable (recovered after a crash) first: the fetch offset acknowledges it.
            Optional<long[]> position = partitions.whileFollowing(tp, f.assignment.leader(), f.assignment.leaderEpoch(), log -> {
                log.flush(log.logEndOffset());
                return new long[] {log.logEndOffset(), log.logStartOffset()};
            });
            if (position.isEmpty()) {
                f.retryAfterNanos = now + backoffNanos;
                continue;
            }
            sent.put(tp, f);
            offsets.put(tp, position.get()[0]);
            topics.computeIfAbsent(tp.topic(), name -> new FetchRequestData.FetchTopic().setTopic(name)
                    .setPartitions(new ArrayList<>())).partitions().add(new FetchRequestData.FetchPartition()
                    .setPartition(tp.partition()).setCurrentLeaderEpoch(f.assignment.leaderEpoch())
                    .setFetchOffset(position.get()[0]).setLogStartOffset(position.get()[1])
                    .setPartitionMaxBytes(maxBytesPerPartition));
        }
        if (sent.isEmpty()) {
            return false;
        }
        FetchRequestData request = new FetchRequestData().setReplicaId(me).setMaxWaitMs((int) maxWait.toMillis())
                .setMinBytes(1).setMaxBytes(Integer.MAX_VALUE).setIsolationLevel((byte) 0).setSessionId(0)
                .setSessionEpoch(-1).setTopics(new ArrayList<>(topics.values()));
        FetchResponseData response = (FetchResponseData) client.send(ApiKeys.FETCH, FETCH_VERSION, request);
        if (response.errorCode() != Errors.NONE.code()) {
            throw new IOException("Fetch from broker " + sourceNodeId + " failed: " + Errors.forCode(response.errorCode()));
        }
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponseData.PartitionData p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.topic(), p.partitionIndex());
                PartitionFetch f = sent.get(tp);
                if (f != null && fetches.get(tp) == f) {
                    handle(tp, f, offsets.get(tp), p);
                }
            }
        }
        return true;
    }

    private void handle(TopicPartition tp, PartitionFetch f, long fetchOffset, FetchResponseData.PartitionData p) {
        Errors error = Errors.forCode(p.errorCode());
        try {
            switch (error) {
                case NONE -> partitions.whileFollowing(tp, f.assignment.leader(), f.assignment.leaderEpoch(), log -> {
                    if (log.logEndOffset() != fetchOffset) {
                        return null; // the log moved meanwhile (truncated): fetch again from where it is
                    }
                    Optional<ByteBuffer> batches = RecordBatches.wireBytes(p.records());
                    if (batches.isPresent() && batches.get().hasRemaining()) {
                        log.appendAsFollower(batches.get());
                        log.flush(log.logEndOffset());
                    }
                    log.maybeIncrementHighWatermark(Math.min(p.highWatermark(), log.logEndOffset()));
                    if (p.logStartOffset() > log.logStartOffset()) {
                        log.maybeIncrementLogStartOffset(Math.min(p.logStartOffset(), log.highWatermark()));
                    }
                    return null;
                });
                case OFFSET_OUT_OF_RANGE -> partitions.whileFollowing(tp, f.assignment.leader(), f.assignment.leaderEpoch(),
                        log -> {
                            if (p.logStartOffset() >= 0 && log.logEndOffset() < p.logStartOffset()) {
                                LOG.infof("%s is behind the leader's log start %d: restarting the log there", tp,
                                        p.logStartOffset());
                                log.truncateFullyAndStartAt(p.logStartOffset());
                            } else {
                                f.reconciled = false; // ahead of the leader: reconcile by epoch again
                            }
                            return null;
                        });
                default -> {
                    LOG.debugf("Fetch of %s from broker %d: %s", tp, sourceNodeId, error);
                    f.retryAfterNanos = System.nanoTime() + backoffNanos;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Replicating %s from broker %d failed (%s); reconciling by leader epoch again", tp, sourceNodeId,
                    e.getMessage());
            f.reconciled = false;
            f.retryAfterNanos = System.nanoTime() + backoffNanos;
        }
    }
}
