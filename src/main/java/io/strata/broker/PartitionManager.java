package io.strata.broker;

import io.quarkus.runtime.ShutdownEvent;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.Time;
import io.strata.common.TopicPartition;
import io.strata.config.StrataConfig;
import io.strata.log.GroupCommitFlusher;
import io.strata.log.LogAppendInfo;
import io.strata.log.LogConfig;
import io.strata.log.LogManager;
import io.strata.log.PartitionLog;
import io.strata.log.ReadResult;
import io.strata.log.TimestampAndOffset;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import io.strata.log.EpochEndOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The one place every front end appends to and reads from partitions. It owns the
 * {@link LogManager}, keeps the hosted logs in step with the metadata image, checks leadership and
 * applies the durability and replication rules: on a leader, the high watermark is the minimum log
 * end offset over the ISR, its own counting only up to what it has fsynced and each follower's being
 * the offset of its last fetch (a follower fetches again only once everything below is fsynced); an
 * {@code acks=all} produce is answered only once the high watermark covers its batch.
 *
 * <p>Invariants: a {@link LeaderReplicaState} exists only for partitions this broker leads, one per
 * leader epoch; becoming leader (a new state), following (the replica fetcher's appends and
 * truncations, see {@link #whileFollowing}) and dropping leadership all happen under the partition
 * log's monitor, so a follower append never lands in a log that has started leading.
 *
 * <p>Thread-safe: appends to one log are serialized by the log; everything else is concurrent.
 */
@ApplicationScoped
public class PartitionManager {

    private static final Logger LOG = Logger.getLogger(PartitionManager.class);

    private final StrataConfig config;
    private final MetadataCache metadata;
    private final BrokerMetrics metrics;
    private final Partitioner partitioner = new Partitioner();
    private final HighWatermarkWaiters waiters = new HighWatermarkWaiters();
    /** Replica fetches long-poll here: they wait for the log end offset, not the high watermark. */
    private final HighWatermarkWaiters logEndWaiters = new HighWatermarkWaiters();
    private final ConcurrentHashMap<TopicPartition, LeaderReplicaState> leaderStates = new ConcurrentHashMap<>();
    private final ProducerStateManager producerState = new ProducerStateManager();
    private volatile LogManager logManager;
    private volatile GroupCommitFlusher flusher;
    /** Runs what follows a durable append (acknowledgements), so the flusher thread only fsyncs. */
    private final ExecutorService acknowledgements = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), runnable -> {
                Thread thread = new Thread(runnable, "strata-ack");
                thread.setDaemon(true);
                return thread;
            });

    @Inject
    public PartitionManager(StrataConfig config, MetadataCache metadata, BrokerMetrics metrics) {
        this.config = config;
        this.metadata = metadata;
        this.metrics = metrics;
    }

    /** Opens (and if needed recovers) every partition directory on this broker's disk. */
    public void startup() {
        LogManager manager = new LogManager(Path.of(config.dataDir()), Time.SYSTEM, config.log().recoveryThreads());
        manager.startup();
        // Compaction of cleanup.policy=compact logs, on the cleaner's own thread (1 thread, no I/O limit).
        manager.startLogCleaner();
        metrics.bindCleaner(manager.cleaner());
        flusher = new GroupCommitFlusher();
        logManager = manager;
    }

    public boolean started() {
        return logManager != null;
    }

    public Partitioner partitioner() {
        return partitioner;
    }

    /** Long-poll readers wait here for a partition's high watermark to advance. */
    public HighWatermarkWaiters waiters() {
        return waiters;
    }

    /** Replica fetches wait here for a led partition's log end offset to advance. */
    public HighWatermarkWaiters logEndWaiters() {
        return logEndWaiters;
    }

    public LogManager logManager() {
        return logManager;
    }

    /** Creates logs for partitions newly assigned to this broker, and deletes logs of deleted topics. */
    void onMetadata(@Observes MetadataImage image) {
        LogManager manager = logManager;
        if (manager == null) {
            return; // startup() applies the image once the logs are loaded
        }
        applyImage(manager, image);
    }

    void applyImage(LogManager manager, MetadataImage image) {
        int me = config.nodeId();
        Set<TopicPartition> hosted = new HashSet<>();
        for (TopicInfo topic : image.allTopics()) {
            LogConfig logConfig = LogConfig.fromOverrides(topic.configs());
            for (PartitionInfo p : topic.partitions()) {
                if (!p.replicas().contains(me)) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                hosted.add(tp);
                Optional<PartitionLog> existing = manager.getLog(tp);
                PartitionLog log;
                if (existing.isPresent() && existing.get().topicId().equals(topic.topicId())) {
                    log = existing.get();
                    if (!log.config().equals(logConfig)) {
                        log.updateConfig(logConfig);
                    }
                } else {
                    log = manager.getOrCreateLog(tp, topic.topicId(), logConfig);
                }
                if (p.leader() == me) {
                    LeaderReplicaState state = leaderState(topic, p, log);
                    if (p.isr().equals(List.of(me))) {
                        commitWholeLogAsSoleReplica(log);
                    }
                    // The ISR may have shrunk: what the remaining members hold may now be committed.
                    advanceHighWatermark(state);
                } else {
                    dropLeadership(tp, log);
                }
            }
        }
        for (TopicPartition tp : List.copyOf(leaderStates.keySet())) {
            if (!hosted.contains(tp)) {
                manager.getLog(tp).ifPresentOrElse(log -> dropLeadership(tp, log), () -> dropLeadership(tp, null));
            }
        }
        for (PartitionLog log : manager.allLogs()) {
            if (!hosted.contains(log.topicPartition())) {
                LOG.infof("Deleting log %s: this broker is no longer one of its replicas (or it was deleted)",
                        log.topicPartition());
                manager.deleteLog(log.topicPartition());
            }
        }
    }

    /**
     * A sole in-sync replica that leads commits everything it holds, as Kafka's leader does with
     * an ISR of one. After an unclean stop the log may hold recovered batches that were never
     * acknowledged (they survived in the page cache): fsync them first, so that the high watermark
     * still covers only durable data.
     */
    private void commitWholeLogAsSoleReplica(PartitionLog log) {
        long logEndOffset = log.logEndOffset();
        if (log.highWatermark() < logEndOffset) {
            log.flush(logEndOffset); // the recovery point, hence the HW candidate, now reaches the log end
        }
    }

    /**
     * The leader state of {@code p}'s current leader epoch, created on the first call for that epoch:
     * becoming leader records the epoch in the leader epoch cache at the log end (so OffsetForLeaderEpoch
     * answers followers of older epochs with where those ended) and forgets producer state kept from an
     * earlier leadership (batches replicated since are only in the log).
     */
    private LeaderReplicaState leaderState(TopicInfo topic, PartitionInfo p, PartitionLog log) {
        TopicPartition tp = log.topicPartition();
        LeaderReplicaState current = leaderStates.get(tp);
        if (current != null && current.leaderEpoch() == p.leaderEpoch() && current.log() == log) {
            current.update(p);
            return current;
        }
        synchronized (log) {
            current = leaderStates.get(tp);
            if (current != null && current.leaderEpoch() == p.leaderEpoch() && current.log() == log) {
                current.update(p);
                return current;
            }
            if (current != null) {
                failWaiting(current, "leader epoch " + current.leaderEpoch() + " of " + tp + " ended");
            }
            if (p.leaderEpoch() >= 0 && log.latestEpoch().orElse(-1) < p.leaderEpoch()) {
                log.leaderEpochCache().assign(p.leaderEpoch(), log.logEndOffset());
            }
            producerState.forget(tp);
            LeaderReplicaState state = new LeaderReplicaState(tp, topic.topicId(), log, config.nodeId(), p, System.nanoTime());
            leaderStates.put(tp, state);
            LOG.infof("Leading %s in leader epoch %d from offset %d (ISR %s)", tp, p.leaderEpoch(), log.logEndOffset(), p.isr());
            return state;
        }
    }

    private void dropLeadership(TopicPartition tp, PartitionLog log) {
        if (!leaderStates.containsKey(tp)) {
            return;
        }
        LeaderReplicaState dropped;
        if (log == null) {
            dropped = leaderStates.remove(tp);
        } else {
            synchronized (log) {
                dropped = leaderStates.remove(tp);
            }
        }
        if (dropped != null) {
            failWaiting(dropped, "this broker no longer leads " + tp);
        }
    }

    private void failWaiting(LeaderReplicaState state, String why) {
        for (CompletableFuture<LogAppendInfo> f : state.abandon()) {
            acknowledgements.execute(() -> f.completeExceptionally(new StrataException(ErrorKind.NOT_LEADER_OR_FOLLOWER,
                    "Not acknowledged: " + why + " before the high watermark covered the batch")));
        }
    }

    /**
     * Appends wire-format batches to a partition this broker leads. The future completes when the
     * append is acknowledged: right away for {@code acks} 0 and 1, once durable for {@code acks=-1}.
     */
    public CompletableFuture<LogAppendInfo> append(TopicPartition tp, ByteBuffer batches, short acks) {
        long startNanos = System.nanoTime();
        if (acks != 0 && acks != 1 && acks != -1) {
            throw new StrataException(ErrorKind.INVALID_REQUIRED_ACKS, "acks must be -1, 0 or 1: " + acks);
        }
        TopicInfo topic = requireTopic(tp.topic());
        PartitionInfo partition = requireLeader(topic, tp);
        PartitionLog log = requireLog(tp);
        LeaderReplicaState state = leaderState(topic, partition, log);
        if (acks == -1 && partition.isr().size() < log.config().minInsyncReplicas()) {
            throw new StrataException(ErrorKind.NOT_ENOUGH_REPLICAS, "The in-sync replicas of " + tp + " ("
                    + partition.isr().size() + ") are fewer than min.insync.replicas (" + log.config().minInsyncReplicas() + ")");
        }
        int bytes = batches.remaining();
        // A repeated batch of an idempotent producer is not appended twice, even across a restart.
        LogAppendInfo info = producerState.append(tp, log, batches, partition.leaderEpoch());
        metrics.recordsIn(tp.topic(), info.recordCount(), bytes);
        long endOffset = info.lastOffset() + 1;
        logEndWaiters.highWatermarkAdvanced(tp); // wake followers long-polling for this data
        CompletableFuture<LogAppendInfo> committed = new CompletableFuture<>();
        flusher.flush(log, endOffset).whenComplete((v, e) -> {
            if (e != null) {
                committed.completeExceptionally(e);
                return;
            }
            if (acks == -1) {
                complete(state.awaitHighWatermark(endOffset, info, committed));
            }
            advanceHighWatermark(state);
        });
        if (acks == -1) {
            // Bounded even if the produce request's own timeout is not: a leadership that neither
            // commits nor ends must not keep the future forever.
            committed.orTimeout(ACK_WAIT_LIMIT_MS, TimeUnit.MILLISECONDS);
            // Hop off the flusher thread: whatever the caller chains (response encoding) must not
            // delay the next group commit.
            return committed.whenCompleteAsync((r, e) -> metrics.produceLatencyNanos(System.nanoTime() - startNanos),
                    acknowledgements);
        }
        metrics.produceLatencyNanos(System.nanoTime() - startNanos);
        return CompletableFuture.completedFuture(info);
    }

    /** Upper bound of an {@code acks=all} wait for the high watermark, whatever the produce timeout. */
    static final long ACK_WAIT_LIMIT_MS = 120_000;

    // ------------------------------------------------------------------ replication, leader side

    /**
     * A follower fetched {@code tp} at {@code fetchOffset}: records it as that follower's log end
     * offset and advances the high watermark if the ISR minimum moved.
     *
     * @throws StrataException NOT_LEADER_OR_FOLLOWER when this broker does not lead {@code tp};
     *         FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH when the follower's leader epoch is older /
     *         newer than this leader's; NOT_LEADER_OR_FOLLOWER for a broker that is not a replica
     */
    public void recordReplicaFetch(TopicPartition tp, int replicaId, long fetchOffset, int currentLeaderEpoch) {
        LeaderReplicaState state = requireLeaderState(tp, currentLeaderEpoch);
        if (!state.recordFetch(replicaId, fetchOffset, System.nanoTime())) {
            throw new StrataException(ErrorKind.NOT_LEADER_OR_FOLLOWER,
                    "Broker " + replicaId + " is not a replica of " + tp);
        }
        advanceHighWatermark(state);
    }

    /** Reads whole batches for a follower: up to the log end offset, not just the high watermark. */
    public ReadResult readForReplica(TopicPartition tp, long offset, int maxBytes) {
        PartitionLog log = requireLeaderLog(tp);
        return log.read(offset, maxBytes, log.logEndOffset(), true);
    }

    /**
     * OffsetForLeaderEpoch on the leader: the largest epoch at or below {@code requestedEpoch} and
     * where it ended. A consumer ({@code fromReplica} false) is never told of offsets above the high
     * watermark, as it can never have read them.
     */
    public EpochEndOffset endOffsetForEpoch(TopicPartition tp, int currentLeaderEpoch, int requestedEpoch,
            boolean fromReplica) {
        LeaderReplicaState state = requireLeaderState(tp, currentLeaderEpoch);
        PartitionLog log = state.log();
        EpochEndOffset answer = log.endOffsetForEpoch(requestedEpoch);
        if (!fromReplica && answer.endOffset() > log.highWatermark()) {
            return new EpochEndOffset(answer.leaderEpoch(), log.highWatermark());
        }
        return answer;
    }

    /** The ISR changes the partitions this broker leads call for now (see {@link LeaderReplicaState#proposeIsr}). */
    public List<IsrProposal> isrProposals(long lagNanos) {
        long now = System.nanoTime();
        List<IsrProposal> out = new ArrayList<>();
        for (LeaderReplicaState state : leaderStates.values()) {
            state.proposeIsr(now, lagNanos).ifPresent(out::add);
        }
        return out;
    }

    private LeaderReplicaState requireLeaderState(TopicPartition tp, int currentLeaderEpoch) {
        TopicInfo topic = requireTopic(tp.topic());
        PartitionInfo partition = requireLeader(topic, tp);
        if (currentLeaderEpoch >= 0 && currentLeaderEpoch < partition.leaderEpoch()) {
            throw new StrataException(ErrorKind.FENCED_LEADER_EPOCH, "Leader epoch " + currentLeaderEpoch + " of " + tp
                    + " is older than the current " + partition.leaderEpoch());
        }
        if (currentLeaderEpoch > partition.leaderEpoch()) {
            throw new StrataException(ErrorKind.UNKNOWN_LEADER_EPOCH, "Leader epoch " + currentLeaderEpoch + " of " + tp
                    + " is newer than this broker's " + partition.leaderEpoch());
        }
        return leaderState(topic, partition, requireLog(tp));
    }

    // ------------------------------------------------------------------ replication, follower side

    /**
     * Runs {@code work} on {@code tp}'s log while this broker follows {@code leader} in
     * {@code leaderEpoch} by its current image, under the log's monitor so it cannot interleave
     * with becoming leader. Empty when it no longer follows that leader epoch or hosts no such log.
     */
    public <T> Optional<T> whileFollowing(TopicPartition tp, int leader, int leaderEpoch, Function<PartitionLog, T> work) {
        LogManager manager = logManager;
        if (manager == null) {
            return Optional.empty();
        }
        Optional<PartitionLog> found = manager.getLog(tp);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PartitionLog log = found.get();
        synchronized (log) {
            Optional<PartitionInfo> p = metadata.image().topic(tp.topic())
                    .filter(t -> tp.partition() < t.partitionCount() && t.topicId().equals(log.topicId()))
                    .map(t -> t.partition(tp.partition()));
            if (p.isEmpty() || p.get().leader() != leader || p.get().leaderEpoch() != leaderEpoch
                    || leader == config.nodeId() || leaderStates.containsKey(tp) || log.isClosed()) {
                return Optional.empty();
            }
            return Optional.ofNullable(work.apply(log));
        }
    }

    /** Reads whole batches for a consumer: never beyond the high watermark. */
    public ReadResult readCommitted(TopicPartition tp, long offset, int maxBytes) {
        PartitionLog log = requireLeaderLog(tp);
        ReadResult result = log.read(offset, maxBytes, log.highWatermark(), true);
        return result;
    }

    /**
     * DeleteRecords: makes every offset below {@code offset} unreadable by moving the log start offset
     * up (never down), and deletes the segments wholly below it. {@code -1} means the high watermark.
     * The log start offsets are checkpointed before returning, so an acknowledged deletion survives a
     * crash instead of reappearing at the next start-up.
     *
     * @return the new log start offset (Kafka's low watermark)
     * @throws StrataException OFFSET_OUT_OF_RANGE for an offset beyond the high watermark or below -1
     */
    public long deleteRecordsBefore(TopicPartition tp, long offset) {
        PartitionLog log = requireLeaderLog(tp);
        long target = offset == -1 ? log.highWatermark() : offset;
        if (target < 0) {
            throw new StrataException(ErrorKind.OFFSET_OUT_OF_RANGE, "Cannot delete records of " + tp + " before offset " + offset);
        }
        log.maybeIncrementLogStartOffset(target);
        LogManager manager = logManager;
        if (manager != null) {
            manager.checkpointRecoveryPoints();
        }
        return log.logStartOffset();
    }

    public PartitionState state(TopicPartition tp) {
        PartitionLog log = requireLog(tp);
        return new PartitionState(log.logStartOffset(), log.highWatermark(), log.logEndOffset(), log.sizeInBytes());
    }

    public Optional<PartitionState> stateIfHosted(TopicPartition tp) {
        LogManager manager = logManager;
        return manager == null ? Optional.empty() : manager.getLog(tp).map(log -> new PartitionState(
                log.logStartOffset(), log.highWatermark(), log.logEndOffset(), log.sizeInBytes()));
    }

    public Optional<TimestampAndOffset> offsetForTimestamp(TopicPartition tp, long timestampMs) {
        return requireLeaderLog(tp).offsetForTimestamp(timestampMs);
    }

    public BrokerMetrics metrics() {
        return metrics;
    }

    /** Raises the high watermark to the ISR minimum, then wakes readers and acknowledges what it covers. */
    private void advanceHighWatermark(LeaderReplicaState state) {
        long before = state.log().highWatermark();
        List<LeaderReplicaState.Completion> done = state.maybeAdvanceHighWatermark();
        if (state.log().highWatermark() > before) {
            waiters.highWatermarkAdvanced(state.log().topicPartition());
        }
        complete(done);
    }

    private void complete(List<LeaderReplicaState.Completion> done) {
        for (LeaderReplicaState.Completion c : done) {
            c.future().complete(c.info());
        }
    }

    public int retentionPass() {
        LogManager manager = logManager;
        return manager == null ? 0 : manager.cleanupLogs();
    }

    public void checkpoint() {
        LogManager manager = logManager;
        if (manager != null) {
            manager.checkpointRecoveryPoints();
        }
    }

    void onShutdown(@Observes @Priority(100) ShutdownEvent event) {
        LogManager manager = logManager;
        if (manager == null) {
            return;
        }
        logManager = null;
        try {
            flusher.close();
        } catch (Exception e) {
            LOG.warn("Group commit flusher did not stop cleanly", e);
        }
        manager.shutdown();
        acknowledgements.shutdown();
        LOG.info("All logs flushed and closed cleanly");
    }

    private TopicInfo requireTopic(String topic) {
        return metadata.image().topic(topic).orElseThrow(() -> new StrataException(
                ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic: " + topic));
    }

    private PartitionInfo requireLeader(TopicInfo topic, TopicPartition tp) {
        if (tp.partition() >= topic.partitionCount()) {
            throw new StrataException(ErrorKind.UNKNOWN_PARTITION, "This server does not host this topic-partition: " + tp);
        }
        PartitionInfo partition = topic.partition(tp.partition());
        if (!partition.hasLeader()) {
            throw new StrataException(ErrorKind.LEADER_NOT_AVAILABLE, "Partition " + tp + " has no leader");
        }
        if (partition.leader() != config.nodeId()) {
            throw new StrataException(ErrorKind.NOT_LEADER_OR_FOLLOWER,
                    "This broker is not the leader of " + tp + "; broker " + partition.leader() + " is");
        }
        return partition;
    }

    private PartitionLog requireLeaderLog(TopicPartition tp) {
        requireLeader(requireTopic(tp.topic()), tp);
        return requireLog(tp);
    }

    private PartitionLog requireLog(TopicPartition tp) {
        LogManager manager = logManager;
        if (manager == null) {
            throw new StrataException(ErrorKind.LEADER_NOT_AVAILABLE, "The broker is starting or stopping");
        }
        return manager.getLog(tp).orElseThrow(() -> new StrataException(
                ErrorKind.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition: " + tp));
    }
}
