package io.strata.security;

import io.strata.metadata.AclStore;
import io.strata.metadata.StoredAcl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * ACL management shared by the Kafka handlers (CreateAcls, DescribeAcls, DeleteAcls) and the HTTP
 * API, so both front ends store, match and audit bindings the same way. Callers authorize first
 * (CLUSTER ALTER to change, CLUSTER DESCRIBE to read); bindings are valid by construction.
 * Changes are read back into this broker's {@link AclCache} at once; other brokers follow through
 * NOTIFY. Describe reads PostgreSQL, so it shows every broker's latest writes.
 *
 * <p>Thread-safe: stateless besides its collaborators.
 */
@ApplicationScoped
public class AclAdmin {

    private final AclStore store;
    private final AclCache cache;
    private final AuditLog audit;

    @Inject
    public AclAdmin(AclStore store, AclCache cache, AuditLog audit) {
        this.store = store;
        this.cache = cache;
        this.audit = audit;
    }

    /** Stores the bindings (existing ones are kept, not an error); all or none. */
    public void create(Caller caller, List<AclBinding> bindings) {
        store.create(bindings.stream().map(AclBinding::toStored).toList());
        cache.reload();
        for (AclBinding binding : bindings) {
            audit.record(new AuditLog.AuditEvent(caller, "CreateAcls", resource(binding), AuditLog.Outcome.SUCCESS, null,
                    binding));
        }
    }

    public List<AclBinding> describe(AclBindingFilter filter) {
        List<AclBinding> out = new ArrayList<>();
        for (StoredAcl row : store.load().acls()) {
            AclBinding binding = AclBinding.fromStored(row);
            if (filter.matches(binding)) {
                out.add(binding);
            }
        }
        return out;
    }

    /** Deletes what the filters select, in one transaction; per filter, the bindings it deleted. */
    public List<List<AclBinding>> delete(Caller caller, List<AclBindingFilter> filters) {
        List<Predicate<StoredAcl>> predicates = new ArrayList<>();
        for (AclBindingFilter filter : filters) {
            predicates.add(row -> readable(row) && filter.matches(AclBinding.fromStored(row)));
        }
        List<List<AclBinding>> deleted = new ArrayList<>();
        for (List<StoredAcl> rows : store.delete(predicates)) {
            deleted.add(rows.stream().map(AclBinding::fromStored).toList());
        }
        cache.reload();
        deleted.stream().flatMap(List::stream).distinct().forEach(binding -> audit.record(new AuditLog.AuditEvent(
                caller, "DeleteAcls", resource(binding), AuditLog.Outcome.SUCCESS, binding, null)));
        return deleted;
    }

    private static boolean readable(StoredAcl row) {
        try {
            AclBinding.fromStored(row);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String resource(AclBinding binding) {
        return binding.resourceType() + ":" + binding.patternType() + ":" + binding.resourceName();
    }
}
