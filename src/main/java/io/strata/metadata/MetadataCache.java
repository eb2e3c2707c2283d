package io.strata.metadata;

import io.strata.config.StrataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * This broker's current {@link MetadataImage}. Writers call {@link #refresh()} after their own
 * change; a timer (and, in a cluster, NOTIFY) refreshes it for everyone else's. Each new image is
 * published as a CDI event so the partition manager can open and close logs.
 *
 * <p>Thread-safe: the image is a volatile immutable snapshot; refreshes are serialized.
 */
@ApplicationScoped
public class MetadataCache {

    private static final Logger LOG = Logger.getLogger(MetadataCache.class);

    private final MetadataStore store;
    private final StrataConfig config;
    private final Event<MetadataImage> changes;
    private volatile MetadataImage image = MetadataImage.EMPTY;

    @Inject
    public MetadataCache(MetadataStore store, StrataConfig config, Event<MetadataImage> changes) {
        this.store = store;
        this.config = config;
        this.changes = changes;
    }

    public MetadataImage image() {
        return image;
    }

    public boolean loaded() {
        return image.version() >= 0;
    }

    /** Reads the metadata again and publishes it when anything (including broker liveness) changed. */
    public synchronized MetadataImage refresh() {
        MetadataImage next = store.load(config.metadata().sessionTimeout());
        if (!next.equals(image)) {
            LOG.debugf("Metadata version %d -> %d", image.version(), next.version());
            image = next;
            changes.fire(next);
        }
        return image;
    }
}
