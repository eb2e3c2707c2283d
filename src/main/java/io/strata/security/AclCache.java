package io.strata.security;

import io.strata.common.StrataException;
import io.strata.metadata.AclStore;
import io.strata.metadata.MetadataImage;
import io.strata.metadata.StoredAcl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * This broker's {@link AclIndex}, following PostgreSQL. It rides on the metadata flow rather than
 * keeping its own listener: every ACL write bumps {@code metadata_version} and NOTIFYs, every broker's
 * {@code MetadataCache} then publishes a new {@link MetadataImage}, and this cache reloads the ACLs
 * when that image's version is newer than its snapshot's. So a change reaches every broker as fast
 * as any metadata change (NOTIFY, with the periodic full re-read as fallback).
 *
 * <p>Loaded lazily on first use, so a broker that never authorizes by ACL ({@code auth.mode=none})
 * never reads them. A failed reload keeps the last snapshot; with none at all, {@link #index()} throws.
 *
 * <p>Thread-safe: the snapshot is an immutable object in a volatile field; reloads are serialized.
 */
@ApplicationScoped
public class AclCache {

    private static final Logger LOG = Logger.getLogger(AclCache.class);

    private final AclStore store;
    private volatile Snapshot snapshot;

    private record Snapshot(long version, AclIndex index) {}

    @Inject
    public AclCache(AclStore store) {
        this.store = store;
    }

    /** The current snapshot, loaded on first use. */
    public AclIndex index() {
        Snapshot current = snapshot;
        return current != null ? current.index() : reload();
    }

    /** Reads every ACL again (after this broker's own writes, so it reads them at once). */
    public synchronized AclIndex reload() {
        AclStore.Loaded loaded = store.load();
        List<AclBinding> bindings = new ArrayList<>(loaded.acls().size());
        for (StoredAcl row : loaded.acls()) {
            try {
                bindings.add(AclBinding.fromStored(row));
            } catch (StrataException e) {
                LOG.warnf("Ignoring an ACL this broker cannot read: %s", e.getMessage());
            }
        }
        Snapshot next = new Snapshot(loaded.version(), new AclIndex(bindings));
        Snapshot current = snapshot;
        if (current == null || next.version() >= current.version()) {
            snapshot = next;
        }
        return snapshot.index();
    }

    void onMetadata(@Observes MetadataImage image) {
        Snapshot current = snapshot;
        if (current == null || image.version() <= current.version()) {
            return;
        }
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warnf("Could not reload the ACLs, keeping the snapshot of version %d: %s", current.version(), e.getMessage());
        }
    }
}
