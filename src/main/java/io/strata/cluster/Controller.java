package io.strata.cluster;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.common.TopicPartition;
import io.strata.config.StrataConfig;
import io.strata.log.LogConfig;
import io.strata.metadata.BrokerLiveness;
import io.strata.metadata.ControllerSession;
import io.strata.metadata.ControllerStore;
import io.strata.metadata.DedicatedConnections;
import io.strata.metadata.MetadataCache;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.PartitionChange;
import io.strata.metadata.PartitionInfo;
import io.strata.metadata.TopicInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The controller role on this broker. Every broker runs one; the one whose {@link ControllerSession}
 * holds the PostgreSQL advisory lock is the controller, bumps the controller epoch and from then on
 * moves leadership off dead and shutting-down brokers, brings offline partitions back when an ISR
 * member returns, completes partition reassignments once their new replicas are in sync
 * ({@link Reassignments#complete}), and runs preferred-leader election (periodically, and on request).
 *
 * <p>Invariants: {@link #epoch} is -1 unless this broker won the lock and bumped the epoch; every
 * write goes through {@link ControllerStore} fenced by that epoch, so a deposed controller's write
 * is refused by PostgreSQL even if this broker has not noticed its deposition yet. A lost lock
 * session or a fenced write steps down at once.
 *
 * <p>A new controller gives every registered broker one full session timeout from its election
 * before judging it dead (as Kafka's active controller does): heartbeats that could not reach
 * PostgreSQL while it was away, or while no controller ran, must not cost live brokers their
 * leaderships. Until then it defers reconciling while any broker looks dead, and reconciles as soon
 * as the grace ends.
 *
 * <p>Thread-safety: all controller work (lock, polling, decisions, writes) runs on one daemon thread;
 * other threads only submit tasks to it or read the volatile epoch.
 */
@ApplicationScoped
public class Controller {

    private static final Logger LOG = Logger.getLogger(Controller.class);

    /** Per-partition outcome of a requested preferred election. */
    public enum ElectionResult {
        ELECTED,
        NOT_NEEDED,
        PREFERRED_NOT_AVAILABLE,
        UNKNOWN_PARTITION
    }

    private final StrataConfig config;
    private final ControllerStore store;
    private final MetadataCache metadata;
    private final DedicatedConnections connections;
    private final AtomicBoolean reconcilePending = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private ControllerSession session;
    private volatile long epoch = -1;
    private volatile boolean stopped;
    /** Last liveness poll; only touched on the controller thread. */
    private List<BrokerLiveness> lastLiveness = List.of();
    private long lastPreferredElectionNanos;
    /** When this broker last became controller; only touched on the controller thread. */
    private long electedNanos;
    /** A reconcile skipped during the grace after election; only touched on the controller thread. */
    private boolean reconcileDeferred;

    @Inject
    public Controller(StrataConfig config, ControllerStore store, MetadataCache metadata, DedicatedConnections connections) {
        this.config = config;
        this.store = store;
        this.metadata = metadata;
        this.connections = connections;
    }

    /** Starts competing for the role; called once the broker is registered and its image loaded. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        session = new ControllerSession(() -> connections.open("controller"));
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "strata-controller");
            thread.setDaemon(true);
            return thread;
        });
        lastPreferredElectionNanos = System.nanoTime();
        long intervalMs = config.controller().livenessCheckInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    public boolean isController() {
        return epoch >= 0;
    }

    /** The epoch this broker controls, or -1. */
    public long epoch() {
        return epoch;
    }

    /** Any new image (another broker registered, a topic created, ...) may need decisions. */
    void onImage(@Observes MetadataImage image) {
        if (isController()) {
            requestReconcile();
        }
    }

    private void requestReconcile() {
        ScheduledExecutorService ex = executor;
        if (ex != null && reconcilePending.compareAndSet(false, true)) {
            ex.execute(() -> {
                reconcilePending.set(false);
                guarded(this::reconcile);
            });
        }
    }

    private void tick() {
        guarded(() -> {
            if (stopped) {
                return;
            }
            if (epoch < 0) {
                if (session.tryAcquire()) {
                    becomeController();
                }
                return;
            }
            if (!session.held()) {
                stepDown("its PostgreSQL session was lost");
                return;
            }
            boolean livenessChanged = pollLiveness();
            if (livenessChanged || (reconcileDeferred && !inElectionGrace())) {
                reconcile();
            } else if (config.controller().autoLeaderRebalanceEnable() && System.nanoTime() - lastPreferredElectionNanos
                    >= config.controller().preferredLeaderElectionInterval().toNanos()) {
                lastPreferredElectionNanos = System.nanoTime();
                electPreferredLeaders(Optional.empty());
            }
        });
    }

    private void becomeController() {
        try {
            epoch = session.elect(config.nodeId());
        } catch (SQLException e) {
            LOG.warnf("Won the controller lock but could not bump the epoch: %s", e.getMessage());
            epoch = -1;
            return;
        }
        LOG.infof("Broker %d is now the controller (controller epoch %d)", config.nodeId(), epoch);
        electedNanos = System.nanoTime();
        lastLiveness = List.of();
        pollLiveness();
        reconcile();
    }

    private void stepDown(String reason) {
        if (epoch >= 0) {
            LOG.logf(stopped ? Logger.Level.INFO : Logger.Level.WARN, "Broker %d stops being the controller (epoch %d): %s",
                    config.nodeId(), epoch, reason);
        }
        epoch = -1;
        session.close();
    }

    /** Runs controller work; a fenced write steps down, anything else waits for the next tick. */
    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (StrataException e) {
            if (e.kind() == ErrorKind.NOT_CONTROLLER) {
                stepDown(e.getMessage());
            } else {
                LOG.debugf("Controller work failed, retrying on the next tick: %s", e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("Controller work failed, retrying on the next tick", e);
        }
    }

    /** Polls liveness; on a change, tells every broker (a fenced version bump). True when it changed. */
    private boolean pollLiveness() {
        List<BrokerLiveness> now = store.brokerLiveness(config.metadata().sessionTimeout());
        if (now.equals(lastLiveness)) {
            return false;
        }
        logLivenessChanges(lastLiveness, now);
        lastLiveness = now;
        store.announceLivenessChange(epoch);
        return true;
    }

    private void logLivenessChanges(List<BrokerLiveness> before, List<BrokerLiveness> now) {
        Map<Integer, BrokerLiveness> old = new HashMap<>();
        before.forEach(b -> old.put(b.nodeId(), b));
        for (BrokerLiveness b : now) {
            BrokerLiveness was = old.get(b.nodeId());
            if (was != null && !was.equals(b)) {
                LOG.infof("Broker %d is now %s", b.nodeId(), b.alive() ? (b.shuttingDown() ? "shutting down" : "alive") : "dead");
            }
        }
    }

    private LeaderElection.Liveness liveness() {
        Map<Integer, BrokerLiveness> byNode = new HashMap<>();
        lastLiveness.forEach(b -> byNode.put(b.nodeId(), b));
        return new LeaderElection.Liveness() {
            @Override
            public boolean alive(int nodeId) {
                BrokerLiveness b = byNode.get(nodeId);
                return b != null && b.alive();
            }

            @Override
            public boolean shuttingDown(int nodeId) {
                BrokerLiveness b = byNode.get(nodeId);
                return b != null && b.shuttingDown();
            }
        };
    }

    /** Moves leadership where liveness requires it, on a freshly read image. */
    private void reconcile() {
        if (epoch < 0) {
            return;
        }
        reconcileDeferred = inElectionGrace() && lastLiveness.stream().anyMatch(b -> !b.alive() && !b.shuttingDown());
        if (reconcileDeferred) {
            LOG.debugf("Deferring leader moves: brokers %s have not heartbeated since this controller was elected",
                    lastLiveness.stream().filter(b -> !b.alive() && !b.shuttingDown()).map(BrokerLiveness::nodeId).toList());
            return;
        }
        MetadataImage image = metadata.refresh();
        LeaderElection.Liveness brokers = liveness();
        List<PartitionChange> changes = new ArrayList<>();
        Map<PartitionChange, PartitionInfo> before = new HashMap<>();
        for (TopicInfo topic : image.allTopics()) {
            boolean unclean = LogConfig.fromOverrides(topic.configs()).uncleanLeaderElectionEnable();
            for (PartitionInfo p : topic.partitions()) {
                // One change per partition and round (both are compare-and-sets on its epoch): leadership
                // first; a reassignment completes on the image that change produces.
                LeaderElection.onBrokerChange(topic.topicId(), topic.name(), p, brokers, unclean)
                        .or(() -> Reassignments.complete(topic.topicId(), topic.name(), p, brokers))
                        .ifPresent(c -> {
                            changes.add(c);
                            before.put(c, p);
                        });
            }
        }
        apply(changes, before, "broker change or reassignment");
    }

    private boolean inElectionGrace() {
        return System.nanoTime() - electedNanos < config.metadata().sessionTimeout().toNanos();
    }

    private List<PartitionChange> apply(List<PartitionChange> changes, Map<PartitionChange, PartitionInfo> before,
            String reason) {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<PartitionChange> applied = store.applyPartitionChanges(epoch, changes);
        for (PartitionChange c : applied) {
            PartitionInfo was = before.get(c);
            if (LeaderElection.isUnclean(was, c)) {
                // The controller knows no offsets: the new leader logs the offset it leads from, and
                // records the last ISR held beyond that offset are gone.
                LOG.warnf("UNCLEAN leader election for %s-%d: broker %d was not in the ISR %s; leader %d -> %d, "
                        + "leader epoch %d -> %d; POSSIBLE DATA LOSS: acknowledged records it lacks are lost",
                        c.topicName(), c.partition(), c.leader(), was.isr(), was.leader(), c.leader(), was.leaderEpoch(),
                        c.leaderEpoch());
            }
            LOG.infof("%s-%d (%s): leader %d -> %d, leader epoch %d, ISR %s -> %s", c.topicName(), c.partition(), reason,
                    was.leader(), c.leader(), c.leaderEpoch(), was.isr(), c.isr());
            c.assignment().ifPresent(a -> LOG.infof("%s-%d: reassignment completed, replicas %s -> %s", c.topicName(),
                    c.partition(), was.replicas(), a.replicas()));
        }
        if (applied.size() < changes.size()) {
            LOG.debugf("%d partition changes lost their compare-and-set; the next image retries them",
                    changes.size() - applied.size());
        }
        metadata.refresh();
        return applied;
    }

    /**
     * Preferred-leader election for the given partitions (all when empty), run on the controller
     * thread. Fails with NOT_CONTROLLER on a broker that is not the controller.
     */
    public CompletableFuture<Map<TopicPartition, ElectionResult>> electPreferred(Optional<Collection<TopicPartition>> partitions) {
        ScheduledExecutorService ex = executor;
        if (ex == null || !isController()) {
            return CompletableFuture.failedFuture(notController());
        }
        return CompletableFuture.supplyAsync(() -> {
            if (!isController()) {
                throw notController();
            }
            try {
                return electPreferredLeaders(partitions);
            } catch (StrataException e) {
                if (e.kind() == ErrorKind.NOT_CONTROLLER) {
                    stepDown(e.getMessage());
                }
                throw e;
            }
        }, ex);
    }

    private StrataException notController() {
        return new StrataException(ErrorKind.NOT_CONTROLLER, "Broker " + config.nodeId() + " is not the controller");
    }

    private Map<TopicPartition, ElectionResult> electPreferredLeaders(Optional<Collection<TopicPartition>> wanted) {
        MetadataImage image = metadata.refresh();
        LeaderElection.Liveness brokers = liveness();
        Map<TopicPartition, ElectionResult> results = new LinkedHashMap<>();
        List<PartitionChange> changes = new ArrayList<>();
        Map<PartitionChange, PartitionInfo> before = new HashMap<>();
        Map<PartitionChange, TopicPartition> keys = new HashMap<>();
        Collection<TopicPartition> targets = wanted.orElseGet(() -> allPartitions(image));
        for (TopicPartition tp : targets) {
            Optional<TopicInfo> topic = image.topic(tp.topic());
            if (topic.isEmpty() || tp.partition() < 0 || tp.partition() >= topic.get().partitionCount()) {
                results.put(tp, ElectionResult.UNKNOWN_PARTITION);
                continue;
            }
            PartitionInfo p = topic.get().partition(tp.partition());
            LeaderElection.Preferred outcome = LeaderElection.preferred(topic.get().topicId(), tp.topic(), p, brokers);
            switch (outcome.outcome()) {
                case NOT_NEEDED -> results.put(tp, ElectionResult.NOT_NEEDED);
                case PREFERRED_NOT_AVAILABLE -> results.put(tp, ElectionResult.PREFERRED_NOT_AVAILABLE);
                case ELECTED -> {
                    PartitionChange c = outcome.change().orElseThrow();
                    changes.add(c);
                    before.put(c, p);
                    keys.put(c, tp);
                    results.put(tp, ElectionResult.PREFERRED_NOT_AVAILABLE); // until applied
                }
            }
        }
        for (PartitionChange c : apply(changes, before, "preferred leader election")) {
            results.put(keys.get(c), ElectionResult.ELECTED);
        }
        return results;
    }

    private static List<TopicPartition> allPartitions(MetadataImage image) {
        List<TopicPartition> all = new ArrayList<>();
        for (TopicInfo t : image.allTopics()) {
            for (PartitionInfo p : t.partitions()) {
                all.add(new TopicPartition(t.name(), p.partition()));
            }
        }
        return all;
    }

    /**
     * Controlled shutdown of the controller itself: one last reconcile (its own leaderships move
     * away), run synchronously, bounded by {@code timeoutMs}.
     */
    public void reconcileNow(long timeoutMs) {
        ScheduledExecutorService ex = executor;
        if (ex == null || !isController()) {
            return;
        }
        try {
            CompletableFuture.runAsync(() -> guarded(() -> {
                pollLiveness();
                reconcile();
            }), ex).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Final reconcile before shutdown did not finish: %s", e.getMessage());
        }
    }

    /** Gives up the role (ending the lock's session) and stops competing for it. */
    public void stop() {
        stopped = true;
        ScheduledExecutorService ex;
        synchronized (this) {
            ex = executor;
        }
        if (ex == null) {
            return;
        }
        try {
            ex.submit(() -> stepDown("the broker is shutting down")).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("Controller did not step down cleanly: %s", e.getMessage());
        }
        ex.shutdownNow();
    }
}
