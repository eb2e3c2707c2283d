package io.strata.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest}'s broker at the JVM's {@link KeycloakServer} with
 * {@code strata.auth.mode=oidc}. Use it restricted to the classes that need it:
 * {@code @QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = true)}.
 * Its order is after {@link EmbeddedPostgresResource}'s, so its {@code strata.auth.mode} wins.
 * Stopping it leaves Keycloak running for the next class; the server stops with the JVM.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return KeycloakServer.get().brokerConfig();
    }

    @Override
    public void stop() {
        // Keycloak is shared by every class of this JVM; its shutdown hook stops it.
    }

    @Override
    public int order() {
        return 100;
    }
}
