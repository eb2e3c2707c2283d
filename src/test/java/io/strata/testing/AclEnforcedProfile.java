package io.strata.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * A broker that enforces ACLs ({@code strata.auth.mode=oidc}) on a PLAINTEXT Kafka listener, so every
 * Kafka caller is {@code User:ANONYMOUS} from its own address, and whose audit log is a
 * {@link RecordingAuditLog}. The one place for the settings of ACL-enforcing tests (Keycloak's
 * settings join here once HTTP tokens are validated).
 */
public class AclEnforcedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "strata.auth.mode", "oidc",
                "strata.kafka.security-protocol", "PLAINTEXT");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingAuditLog.class);
    }
}
