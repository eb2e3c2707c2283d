package io.strata.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link EmbeddedPostgresResource} for every {@code @QuarkusTest} in the module, so all
 * of them share one broker instance (Quarkus starts the application once per resource set).
 */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public final class StrataTestResources {

    private StrataTestResources() {}
}
