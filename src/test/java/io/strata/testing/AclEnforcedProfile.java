package io.strata.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A broker that enforces ACLs ({@code strata.auth.mode=oidc}) on a PLAINTEXT Kafka listener, so every
 * Kafka caller is {@code User:ANONYMOUS} from its own address, and whose audit log is a
 * {@link RecordingAuditLog}; HTTP callers authenticate with tokens from the JVM's {@link KeycloakServer}.
 * The one place for the settings of ACL-enforcing tests.
 */
public class AclEnforcedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "strata.auth.mode", "oidc",
                "strata.kafka.security-protocol", "PLAINTEXT");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakTestResource.class));
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingAuditLog.class);
    }
}
