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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The one place every front end appends to and reads from partitions. It owns the
 * {@link LogManager}, keeps the hosted logs in step with the metadata image, checks leadership and
 * applies the durability rule: the high watermark only covers what has been fsynced, and an
 * {@code acks=all} produce is answered only once its batch is durable.
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
                if (p.leader() == me && p.isr().equals(java.util.List.of(me))) {
                    commitWholeLogAsSoleReplica(log);
                }
            }
        }
        for (PartitionLog log : manager.allLogs()) {
            if (!hosted.contains(log.topicPartition())) {
                LOG.infof("Deleting log %s: its topic or partition no longer exists here", log.topicPartition());
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
            log.flush(logEndOffset);
            advanceHighWatermark(log, logEndOffset);
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
        if (acks == -1 && partition.isr().size() < log.config().minInsyncReplicas()) {
            throw new StrataException(ErrorKind.NOT_ENOUGH_REPLICAS, "The in-sync replicas of " + tp + " ("
                    + partition.isr().size() + ") are fewer than min.insync.replicas (" + log.config().minInsyncReplicas() + ")");
        }
        int bytes = batches.remaining();
        // A repeated batch of an idempotent producer is not appended twice, even across a restart.
        LogAppendInfo info = producerState.append(tp, log, batches, partition.leaderEpoch());
        metrics.recordsIn(tp.topic(), info.recordCount(), bytes);
        long endOffset = info.lastOffset() + 1;
        CompletableFuture<LogAppendInfo> durable = flusher.flush(log, endOffset).thenApply(v -> {
            advanceHighWatermark(log, endOffset);
            return info;
        });
        if (acks == -1) {
            // Hop off the flusher thread: whatever the caller chains (response encoding) must not
            // delay the next group commit.
            return durable.whenCompleteAsync((r, e) -> metrics.produceLatencyNanos(System.nanoTime() - startNanos),
                    acknowledgements);
        }
        metrics.produceLatencyNanos(System.nanoTime() - startNanos);
        return CompletableFuture.completedFuture(info);
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

    /** A single replica is its own ISR: what it has fsynced is committed. */
    private void advanceHighWatermark(PartitionLog log, long durableEndOffset) {
        boolean advanced = false;
        synchronized (log) {
            if (durableEndOffset > log.highWatermark()) {
                log.updateHighWatermark(durableEndOffset);
                advanced = true;
            }
        }
        if (advanced) {
            waiters.highWatermarkAdvanced(log.topicPartition());
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
