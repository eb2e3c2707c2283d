package io.strata.log;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.Time;
import io.strata.common.TopicPartition;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static io.strata.log.StorageErrors.io;
import static io.strata.log.StorageErrors.ioRun;

/**
 * All partition logs of one broker data directory.
 *
 * <p>Layout of the data dir (Kafka's names and formats):
 * <ul>
 *   <li>{@code <topic>-<partition>/} one {@link PartitionLog} each;</li>
 *   <li>{@code <topic>-<partition>.<uuid>-delete/} a deleted log awaiting asynchronous removal;</li>
 *   <li>{@code recovery-point-offset-checkpoint}, {@code log-start-offset-checkpoint},
 *       {@code replication-offset-checkpoint} (high watermarks): version line, count line, then
 *       "topic partition offset" lines, each file replaced atomically;</li>
 *   <li>{@code cleaner-offset-checkpoint}: first dirty offset per compacted log, see {@link LogCleaner};</li>
 *   <li>{@code .kafka_cleanshutdown}: present only between a clean {@link #shutdown()} and the next
 *       {@link #startup()}, which deletes it before loading anything. Without it every log is recovered
 *       from its checkpointed recovery point.</li>
 * </ul>
 * Directories whose names do not parse as {@code <topic>-<partition>} (e.g. an embedded database) are
 * left alone.
 *
 * <p>Thread-safety: all public methods are safe from any thread. Log creation and deletion are serialized;
 * checkpoints are serialized; lookups are lock-free. One daemon thread runs delayed file deletions and,
 * if started, the periodic maintenance tasks; the {@link LogCleaner} has its own threads.
 */
public final class LogManager {

    private static final System.Logger LOG = System.getLogger(LogManager.class.getName());

    public static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    public static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    public static final String HIGH_WATERMARK_CHECKPOINT = "replication-offset-checkpoint";
    static final String DELETE_DIR_SUFFIX = "-delete";

    private final Path dataDir;
    private final Time time;
    private final int recoveryThreads;
    private final ConcurrentHashMap<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final LogCleaner cleaner;
    private final Object createDeleteLock = new Object();
    private final Object checkpointLock = new Object();
    private volatile boolean started;
    private volatile boolean stopped;
    private volatile boolean hadCleanShutdown;

    public LogManager(Path dataDir, Time time, int recoveryThreads) {
        this(dataDir, time, recoveryThreads, LogCleaner.Settings.DEFAULT);
    }

    /** @param cleanerSettings threads, I/O rate limit and memory of the {@link LogCleaner} (started by {@link #startLogCleaner()}) */
    public LogManager(Path dataDir, Time time, int recoveryThreads, LogCleaner.Settings cleanerSettings) {
        this.dataDir = dataDir;
        this.time = time;
        this.recoveryThreads = Math.max(1, recoveryThreads);
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("strata-log-scheduler"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.cleaner = new LogCleaner(dataDir, time, cleanerSettings, this::allLogs);
    }

    // ================================================================== startup

    /** Loads every log with default configs; see {@link #startup(Function)}. */
    public void startup() {
        startup(tp -> LogConfig.DEFAULT);
    }

    /**
     * Loads every {@code <topic>-<partition>} directory in parallel ({@code recoveryThreads} at a time),
     * recovering each unless the previous shutdown was clean, and resumes deletion of {@code -delete}
     * directories.
     *
     * @param configs the config to load each partition with (the broker's view of the topic's configs)
     * @throws StrataException KAFKA_STORAGE_ERROR when the data directory cannot be read; a torn or corrupt
     *                         log tail never fails start-up
     */
    public void startup(Function<TopicPartition, LogConfig> configs) {
        synchronized (createDeleteLock) {
            if (started) {
                throw new IllegalStateException("LogManager for " + dataDir + " already started");
            }
            started = true;
        }
        Path marker = dataDir.resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = io("prepare " + dataDir, () -> {
            Files.createDirectories(dataDir);
            // Consume the marker before touching any log: a crash from here on must trigger recovery.
            boolean existed = Files.deleteIfExists(marker);
            if (existed) {
                StorageErrors.fsyncDirectory(dataDir);
            }
            return existed;
        });
        hadCleanShutdown = clean;
        Map<TopicPartition, Long> recoveryPoints = readCheckpoint(RECOVERY_POINT_CHECKPOINT);
        Map<TopicPartition, Long> startOffsets = readCheckpoint(LOG_START_OFFSET_CHECKPOINT);
        Map<TopicPartition, Long> highWatermarks = readCheckpoint(HIGH_WATERMARK_CHECKPOINT);

        List<Path> toLoad = new ArrayList<>();
        ioRun("list " + dataDir, () -> {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
                for (Path d : dirs) {
                    String name = d.getFileName().toString();
                    if (name.endsWith(DELETE_DIR_SUFFIX)) {
                        scheduler.execute(() -> deleteRecursively(d));
                    } else if (parseDirName(name).isPresent()) {
                        toLoad.add(d);
                    }
                }
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(Math.min(recoveryThreads, Math.max(1, toLoad.size())),
                daemonThreads("strata-log-recovery"));
        try {
            List<Future<PartitionLog>> futures = new ArrayList<>(toLoad.size());
            for (Path d : toLoad) {
                TopicPartition tp = parseDirName(d.getFileName().toString()).orElseThrow();
                PartitionLog.LoadState state = new PartitionLog.LoadState(clean,
                        recoveryPoints.getOrDefault(tp, 0L), startOffsets.getOrDefault(tp, 0L),
                        highWatermarks.getOrDefault(tp, -1L));
                futures.add(pool.submit(() -> {
                    String topicId = io("read " + d, () -> PartitionMetadataFile.read(d).orElse(""));
                    return PartitionLog.open(d, tp, topicId, configs.apply(tp), time, state, scheduler);
                }));
            }
            RuntimeException failure = null;
            for (Future<PartitionLog> f : futures) {
                try {
                    PartitionLog log = f.get();
                    logs.put(log.topicPartition(), log);
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                            : new StrataException(ErrorKind.KAFKA_STORAGE_ERROR, "Loading a log failed", e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StrataException(ErrorKind.KAFKA_STORAGE_ERROR, "Interrupted while loading logs", e);
                }
            }
            if (failure != null) {
                logs.values().forEach(PartitionLog::close);
                logs.clear();
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
        LOG.log(System.Logger.Level.INFO, "Loaded {0} log(s) from {1} after {2} shutdown", logs.size(), dataDir,
                clean ? "a clean" : "an unclean");
    }

    /** Whether the last {@link #startup()} found the clean-shutdown marker. */
    public boolean hadCleanShutdown() {
        return hadCleanShutdown;
    }

    // ================================================================== logs

    /**
     * The log of {@code tp}, created if needed. When the directory on disk belongs to another incarnation
     * of the topic (a different topic id: the topic was deleted and re-created while this broker was away),
     * the old log is deleted and an empty one started.
     */
    public PartitionLog getOrCreateLog(TopicPartition tp, String topicId, LogConfig config) {
        ensureRunning();
        synchronized (createDeleteLock) {
            PartitionLog existing = logs.get(tp);
            if (existing != null) {
                boolean known = topicId != null && !topicId.isEmpty();
                if (known && !existing.topicId().isEmpty() && !existing.topicId().equals(topicId)) {
                    LOG.log(System.Logger.Level.WARNING, "{0} on disk belongs to topic id {1}, not {2}: deleting the old log",
                            tp, existing.topicId(), topicId);
                    deleteLog(tp);
                } else {
                    if (known && existing.topicId().isEmpty()) {
                        ioRun("write topic id of " + tp, () -> PartitionMetadataFile.write(existing.dir(), topicId));
                        existing.topicId(topicId);
                    }
                    if (!existing.config().equals(config)) {
                        existing.updateConfig(config);
                    }
                    return existing;
                }
            }
            Path dir = dataDir.resolve(tp.dirName());
            boolean fresh = !Files.exists(dir);
            ioRun("create " + dir, () -> {
                Files.createDirectories(dir);
                if (topicId != null && !topicId.isEmpty()) {
                    PartitionMetadataFile.write(dir, topicId);
                }
                StorageErrors.fsyncDirectory(dataDir);
            });
            PartitionLog.LoadState state = fresh ? new PartitionLog.LoadState(true, 0L, 0L, -1L) : PartitionLog.LoadState.UNKNOWN;
            PartitionLog log = PartitionLog.open(dir, tp, topicId, config, time, state, scheduler);
            logs.put(tp, log);
            return log;
        }
    }

    public Optional<PartitionLog> getLog(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<PartitionLog> allLogs() {
        return List.copyOf(logs.values());
    }

    /**
     * Deletes a log as Kafka does: closes it, renames its directory to
     * {@code <topic>-<partition>.<uuid>-delete} (atomic, so a crash leaves either the live log or a directory
     * startup will finish deleting), then removes the files in the background. No-op for an unknown log.
     */
    public void deleteLog(TopicPartition tp) {
        synchronized (createDeleteLock) {
            PartitionLog log = logs.remove(tp);
            if (log == null) {
                return;
            }
            log.closeForDeletion();
            cleaner.forget(tp);
            Path target = dataDir.resolve(deleteDirName(tp));
            ioRun("rename " + log.dir() + " for deletion", () -> {
                Files.move(log.dir(), target, StandardCopyOption.ATOMIC_MOVE);
                StorageErrors.fsyncDirectory(dataDir);
            });
            scheduleOrRun(() -> deleteRecursively(target));
        }
    }

    // ================================================================== maintenance

    /** Applies retention to every log; returns the number of segments deleted. */
    public int cleanupLogs() {
        int deleted = 0;
        for (PartitionLog log : logs.values()) {
            try {
                deleted += log.deleteRetentionSegments();
            } catch (StrataException e) {
                LOG.log(System.Logger.Level.ERROR, "Retention of " + log.topicPartition() + " failed", e);
            }
        }
        return deleted;
    }

    /** Flushes logs whose flush.ms has expired with unflushed data. */
    public void flushDirtyLogs() {
        for (PartitionLog log : logs.values()) {
            try {
                log.maybeFlushByTime();
            } catch (StrataException e) {
                LOG.log(System.Logger.Level.ERROR, "Periodic flush of " + log.topicPartition() + " failed", e);
            }
        }
    }

    /**
     * Persists every log's recovery point, and with it (same cadence, same format) the log start offsets
     * and high watermarks, each file replaced atomically.
     */
    public void checkpointRecoveryPoints() {
        synchronized (checkpointLock) {
            List<PartitionLog> all = new ArrayList<>(logs.values());
            writeCheckpoint(RECOVERY_POINT_CHECKPOINT, all, PartitionLog::recoveryPoint);
            writeCheckpoint(LOG_START_OFFSET_CHECKPOINT, all, PartitionLog::logStartOffset);
            writeCheckpoint(HIGH_WATERMARK_CHECKPOINT, all, PartitionLog::highWatermark);
        }
    }

    /**
     * Compaction: runs one {@link LogCleaner} pass synchronously on the dirtiest eligible compacted log.
     *
     * @return what the pass did, or empty when no log needed cleaning
     */
    public Optional<LogCleaner.PassResult> cleanOnce() {
        ensureRunning();
        return cleaner.cleanOnce();
    }

    /** Starts the background cleaner threads (idempotent); stopped by {@link #shutdown()}. */
    public void startLogCleaner() {
        ensureRunning();
        cleaner.startup();
    }

    /** The cleaner, for its metrics. */
    public LogCleaner cleaner() {
        return cleaner;
    }

    /**
     * Runs retention, flush.ms checks and checkpoints periodically on the manager's thread, and starts the log
     * cleaner. Optional: the broker may call {@link #cleanupLogs()} and {@link #checkpointRecoveryPoints()}
     * itself instead.
     */
    public void startBackgroundTasks(long retentionCheckIntervalMs, long flushCheckIntervalMs, long checkpointIntervalMs) {
        ensureRunning();
        startLogCleaner();
        scheduler.scheduleWithFixedDelay(guarded("retention", this::cleanupLogs), retentionCheckIntervalMs,
                retentionCheckIntervalMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded("flush", this::flushDirtyLogs), flushCheckIntervalMs,
                flushCheckIntervalMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded("checkpoint", this::checkpointRecoveryPoints), checkpointIntervalMs,
                checkpointIntervalMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Clean shutdown: flushes and closes every log, writes the checkpoints, finishes pending file
     * deletions and writes the clean-shutdown marker (only if every log closed cleanly).
     */
    public void shutdown() {
        synchronized (createDeleteLock) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        // Stop compaction first: a pass must not race the logs closing under it.
        cleaner.close();
        boolean allClean = true;
        for (PartitionLog log : logs.values()) {
            try {
                log.close();
            } catch (RuntimeException e) {
                allClean = false;
                LOG.log(System.Logger.Level.ERROR, "Closing " + log.topicPartition() + " failed", e);
            }
        }
        try {
            checkpointRecoveryPoints();
        } catch (RuntimeException e) {
            allClean = false;
            LOG.log(System.Logger.Level.ERROR, "Final checkpoint of " + dataDir + " failed", e);
        }
        // Delayed segment deletions would outlive us: run them now, no reader is left.
        for (Runnable pending : scheduler.shutdownNow()) {
            pending.run();
        }
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (allClean) {
            ioRun("write " + CLEAN_SHUTDOWN_FILE, () -> {
                Path marker = dataDir.resolve(CLEAN_SHUTDOWN_FILE);
                Files.deleteIfExists(marker);
                Files.createFile(marker);
                StorageErrors.fsyncDirectory(dataDir);
            });
        }
        logs.clear();
    }

    // ================================================================== helpers

    /** Parses {@code <topic>-<partition>}; the topic itself may contain dashes. */
    static Optional<TopicPartition> parseDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return Optional.empty();
        }
        String partition = name.substring(dash + 1);
        if (!partition.chars().allMatch(Character::isDigit) || partition.length() > 9) {
            return Optional.empty();
        }
        return Optional.of(new TopicPartition(name.substring(0, dash), Integer.parseInt(partition)));
    }

    private Map<TopicPartition, Long> readCheckpoint(String fileName) {
        Path file = dataDir.resolve(fileName);
        try {
            return CheckpointFile.readOffsets(file);
        } catch (CheckpointFile.CorruptCheckpointException e) {
            // Falling back to "unknown" means recovering from the start: slower, never wrong.
            LOG.log(System.Logger.Level.WARNING, "Ignoring unreadable checkpoint " + file + ": " + e.getMessage());
            return new HashMap<>();
        } catch (IOException e) {
            throw StorageErrors.storageError("read " + file, e);
        }
    }

    private void writeCheckpoint(String fileName, List<PartitionLog> all, java.util.function.ToLongFunction<PartitionLog> value) {
        Map<TopicPartition, Long> offsets = new java.util.LinkedHashMap<>(all.size());
        for (PartitionLog log : all) {
            offsets.put(log.topicPartition(), value.applyAsLong(log));
        }
        Path file = dataDir.resolve(fileName);
        ioRun("write " + file, () -> CheckpointFile.writeOffsets(file, offsets));
    }

    private void scheduleOrRun(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run();
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            if (!Files.exists(root)) {
                return;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete " + root + " (startup will retry): " + e);
        }
    }

    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Log " + what + " task failed", e);
            }
        };
    }

    private void ensureRunning() {
        if (stopped) {
            throw new StrataException(ErrorKind.KAFKA_STORAGE_ERROR, "The log manager for " + dataDir + " is shut down");
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * {@code <topic>-<partition>.<uuid>-delete}, with the topic cut short (as Kafka does) so that the
     * name fits the file system's 255-byte limit even for a 249-character topic name.
     */
    static String deleteDirName(TopicPartition tp) {
        String suffix = "-" + tp.partition() + "." + UUID.randomUUID().toString().replace("-", "") + DELETE_DIR_SUFFIX;
        String topic = tp.topic();
        int maxTopicLength = 255 - suffix.length();
        return (topic.length() > maxTopicLength ? topic.substring(0, maxTopicLength) : topic) + suffix;
    }
}
