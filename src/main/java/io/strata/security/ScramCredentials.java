package io.strata.security;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.config.StrataConfig;
import io.strata.metadata.DedicatedConnections;
import io.strata.metadata.MetadataNotifications;
import io.strata.metadata.ScramCredentialStore;
import io.strata.metadata.StoredScramCredential;
import io.strata.security.AuditLog.AuditEvent;
import io.strata.security.AuditLog.Outcome;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.jboss.logging.Logger;

/**
 * The SCRAM credentials of this cluster: an in-memory copy for authenticating (no database round
 * trip per login) that follows PostgreSQL through NOTIFY within a second and a slow periodic
 * re-read, and the one place that changes them (validation, storage, audit) for both front ends.
 *
 * <p>Invariants: only salts, StoredKeys, ServerKeys and iteration counts are held or returned, never
 * a password or salted password; every successful change is audited with the mechanisms and
 * iteration counts before and after.
 *
 * <p>Thread-safe: the cache is a volatile immutable map, replaced whole by serialized refreshes.
 */
@ApplicationScoped
public class ScramCredentials {

    private static final Logger LOG = Logger.getLogger(ScramCredentials.class);

    /** One mechanism's public facts about a credential, what Describe answers. */
    public record Info(ScramMechanism mechanism, int iterations) {}

    private record Key(String user, String mechanism) {}

    /** Iterations of credentials the broker salts itself (HTTP API, inter-broker user): Kafka's tools' default. */
    public static final int DEFAULT_ITERATIONS = 8192;

    private final ScramCredentialStore store;
    private final DedicatedConnections connections;
    private final AuditLog auditLog;
    private final StrataConfig config;
    private volatile Map<Key, ScramCredential> cache = Map.of();
    private volatile MetadataNotifications notifications;

    @Inject
    public ScramCredentials(ScramCredentialStore store, DedicatedConnections connections, AuditLog auditLog,
            StrataConfig config) {
        this.config = config;
        this.store = store;
        this.connections = connections;
        this.auditLog = auditLog;
    }

    /** Before the broker (10) and the Kafka listener (20): logins need the cache. */
    void onStart(@Observes @Priority(5) StartupEvent event) {
        refresh();
        MetadataNotifications listener = new MetadataNotifications(connections, ScramCredentialStore.CHANNEL,
                this::refreshQuietly);
        listener.start();
        notifications = listener;
        ensureInterBrokerCredential();
    }

    /**
     * With {@code strata.kafka.inter-broker.password} set on a SASL listener, creates the inter-broker
     * user's credential when it has none for the mechanism. An existing credential is never
     * overwritten, so one misconfigured broker cannot lock the others out (or take the identity over
     * with a password of its choosing); a mismatch is logged, and the password is rotated with
     * AlterUserScramCredentials like any other.
     */
    private void ensureInterBrokerCredential() {
        StrataConfig.Kafka kafka = config.kafka();
        Optional<String> password = kafka.interBroker().password();
        if (!kafka.effectiveSecurityProtocol(config.auth().mode()).sasl() || password.isEmpty()) {
            return;
        }
        String user = kafka.interBroker().username();
        ScramMechanism mechanism = ScramMechanism.forMechanismName(kafka.interBroker().mechanism());
        if (mechanism == null) {
            throw new IllegalArgumentException("strata.kafka.inter-broker.mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        if (lookup(user, mechanism).isPresent()) {
            if (!matches(user, mechanism, password.get())) {
                LOG.errorf("strata.kafka.inter-broker.password does not match the stored %s credential of %s: this "
                        + "broker's replica fetchers cannot authenticate. Fix the password or change the credential "
                        + "with AlterUserScramCredentials.", mechanism.mechanismName(), user);
            }
            return;
        }
        Caller self = new Caller(Principal.user(user), "localhost", Set.of());
        try {
            alter(self, "InterBrokerCredential", user, List.of(),
                    List.of(ScramUpsertion.fromPassword(mechanism, password.get(), DEFAULT_ITERATIONS)));
            LOG.infof("Created the %s credential of inter-broker user %s", mechanism.mechanismName(), user);
        } catch (StrataException e) {
            LOG.warnf("Could not create the credential of inter-broker user %s: %s", user, e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        MetadataNotifications listener = notifications;
        if (listener != null) {
            listener.close();
        }
    }

    @Scheduled(every = "${strata.metadata.refresh-interval:PT10S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodicRefresh() {
        refreshQuietly();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.debugf("SCRAM credential refresh failed, keeping the last copy: %s", e.getMessage());
        }
    }

    /** Re-reads every credential from PostgreSQL. */
    public synchronized void refresh() {
        Map<Key, ScramCredential> next = new HashMap<>();
        for (StoredScramCredential c : store.loadAll()) {
            next.put(new Key(c.user(), c.mechanism()),
                    new ScramCredential(c.salt(), c.storedKey(), c.serverKey(), c.iterations()));
        }
        cache = Map.copyOf(next);
    }

    /** The credential a login is checked against, from memory. */
    public Optional<ScramCredential> lookup(String user, ScramMechanism mechanism) {
        return Optional.ofNullable(cache.get(new Key(user, mechanism.mechanismName())));
    }

    /** Every user with at least one credential, with what may be shown about each; read from PostgreSQL. */
    public Map<String, List<Info>> describeAll() {
        Map<String, List<Info>> out = new LinkedHashMap<>();
        for (StoredScramCredential c : store.loadAll()) {
            out.computeIfAbsent(c.user(), u -> new ArrayList<>()).add(info(c));
        }
        return out;
    }

    /** One user's credentials (empty when it has none); read from PostgreSQL. */
    public List<Info> describe(String user) {
        return store.load(user).stream().map(ScramCredentials::info).toList();
    }

    /**
     * Deletes and upserts one user's credentials atomically, after validating all of it, then
     * audits the change as {@code action} by {@code caller}. Kafka's rules and messages: an empty
     * user name or an iteration count outside the mechanism's bounds is UNACCEPTABLE_CREDENTIAL,
     * one mechanism twice is DUPLICATE_RESOURCE, deleting a missing credential RESOURCE_NOT_FOUND.
     *
     * @return the user's credentials after the change
     */
    public List<Info> alter(Caller caller, String action, String user, Collection<ScramMechanism> deletions,
            Collection<ScramUpsertion> upsertions) {
        if (user == null || user.isEmpty()) {
            throw new StrataException(ErrorKind.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
        }
        List<String> mechanisms = new ArrayList<>();
        deletions.forEach(m -> mechanisms.add(m.mechanismName()));
        upsertions.forEach(u -> mechanisms.add(u.mechanism().mechanismName()));
        if (Set.copyOf(mechanisms).size() != mechanisms.size()) {
            throw new StrataException(ErrorKind.DUPLICATE_RESOURCE, "A user credential cannot be altered twice in the same request");
        }
        List<StoredScramCredential> upserts = new ArrayList<>();
        for (ScramUpsertion u : upsertions) {
            upserts.add(derive(user, u));
        }
        List<StoredScramCredential> before = store.alter(user, deletions.stream().map(ScramMechanism::mechanismName).toList(),
                upserts, (existing) -> {
                    for (ScramMechanism m : deletions) {
                        if (existing.stream().noneMatch(c -> c.mechanism().equals(m.mechanismName()))) {
                            throw new StrataException(ErrorKind.RESOURCE_NOT_FOUND,
                                    "Attempt to delete a user credential that does not exist");
                        }
                    }
                });
        refreshQuietly();
        List<Info> after = describe(user);
        auditLog.record(new AuditEvent(caller, action, "USER:" + user, Outcome.SUCCESS,
                auditView(before.stream().map(ScramCredentials::info).toList()), auditView(after)));
        return after;
    }

    /** Whether {@code user}'s stored credential for {@code mechanism} accepts {@code password}. */
    public boolean matches(String user, ScramMechanism mechanism, String password) {
        Optional<StoredScramCredential> stored = store.load(user).stream()
                .filter(c -> c.mechanism().equals(mechanism.mechanismName())).findFirst();
        if (stored.isEmpty()) {
            return false;
        }
        try {
            ScramFormatter formatter = new ScramFormatter(mechanism);
            byte[] salted = formatter.saltedPassword(password, stored.get().salt(), stored.get().iterations());
            return java.security.MessageDigest.isEqual(formatter.storedKey(formatter.clientKey(salted)),
                    stored.get().storedKey());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StoredScramCredential derive(String user, ScramUpsertion u) {
        ScramMechanism m = u.mechanism();
        if (u.iterations() < m.minIterations()) {
            throw new StrataException(ErrorKind.UNACCEPTABLE_CREDENTIAL, "Too few iterations");
        }
        if (u.iterations() > m.maxIterations()) {
            throw new StrataException(ErrorKind.UNACCEPTABLE_CREDENTIAL, "Too many iterations");
        }
        if (u.salt() == null || u.salt().length == 0 || u.saltedPassword() == null || u.saltedPassword().length == 0) {
            throw new StrataException(ErrorKind.UNACCEPTABLE_CREDENTIAL, "Salt and salted password must not be empty");
        }
        try {
            ScramCredential c = new ScramFormatter(m).generateCredential(u.salt(), u.saltedPassword(), u.iterations());
            return new StoredScramCredential(user, m.mechanismName(), c.salt(), c.storedKey(), c.serverKey(), c.iterations());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + m.hashAlgorithm(), e);
        }
    }

    /** What the audit log keeps of a user's credentials: mechanism names and iteration counts only. */
    private static List<Map<String, Object>> auditView(List<Info> infos) {
        return infos.stream().map(i -> Map.<String, Object>of("mechanism", i.mechanism().mechanismName(),
                "iterations", i.iterations())).toList();
    }

    private static Info info(StoredScramCredential c) {
        return new Info(ScramMechanism.forMechanismName(c.mechanism()), c.iterations());
    }
}
