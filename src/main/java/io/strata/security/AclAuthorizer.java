package io.strata.security;

import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The {@link Authorizer} of {@code strata.auth.mode=oidc}: Kafka-model ACLs from PostgreSQL
 * ({@link AclIndex}, kept current by {@link AclCache}), bypassed by callers with the realm role
 * {@value Caller#ADMIN_ROLE}, by the configured super users ({@code strata.auth.super-users}) and by
 * the broker principal, the identity brokers authenticate as for replication and forwarding
 * ({@code User:<strata.kafka.inter-broker.username>}, {@code User:broker} by default).
 *
 * <p>Why the broker principal is implicit: followers fetch from leaders over the Kafka protocol
 * and need CLUSTER_ACTION; no client can be the broker principal without authenticating as it (on a
 * PLAINTEXT listener every caller is {@code User:ANONYMOUS}, which, as in Kafka, needs explicit ACLs).
 *
 * <p>Thread-safe: the index supplier returns immutable snapshots; everything else is final.
 */
public final class AclAuthorizer implements Authorizer {

    private static final Logger LOG = Logger.getLogger(AclAuthorizer.class);

    private final Supplier<AclIndex> index;
    private final Set<String> superUsers;
    private final Principal brokerPrincipal;

    /**
     * @param index           the current ACL snapshot, asked once per decision
     * @param superUsers      principals in {@code type:name} form that bypass ACLs
     * @param brokerPrincipal the principal brokers authenticate as towards each other
     */
    public AclAuthorizer(Supplier<AclIndex> index, Collection<String> superUsers, Principal brokerPrincipal) {
        this.index = index;
        this.superUsers = Set.copyOf(superUsers);
        this.brokerPrincipal = brokerPrincipal;
    }

    @Override
    public boolean authorize(Caller caller, Operation operation, ResourceType resourceType, String resourceName) {
        return bypasses(caller) || current().allows(caller, operation, resourceType, resourceName);
    }

    @Override
    public boolean authorizeAny(Caller caller, Operation operation, ResourceType resourceType) {
        return bypasses(caller) || current().allowsSome(caller, operation, resourceType);
    }

    /** Fails closed: without any ACL snapshot (PostgreSQL unreachable since start-up) nothing is allowed. */
    private AclIndex current() {
        try {
            return index.get();
        } catch (RuntimeException e) {
            LOG.warnf("No ACLs could be loaded, denying: %s", e.getMessage());
            return AclIndex.EMPTY;
        }
    }

    private boolean bypasses(Caller caller) {
        return caller.hasRole(Caller.ADMIN_ROLE) || caller.principal().equals(brokerPrincipal)
                || superUsers.contains(caller.principal().toString());
    }
}
