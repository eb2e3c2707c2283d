package io.strata.kafka;

import io.strata.security.AuditLog;
import io.strata.security.Authorizer;
import io.strata.security.Caller;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import java.util.Optional;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/** What the two SCRAM credential handlers share: the cluster permission check (audited when denied) and mechanism codes. */
final class ScramRequests {

    private ScramRequests() {}

    /** Whether {@code caller} may {@code operation} the cluster; a denial is written to the audit log as {@code action}. */
    static boolean authorizeCluster(Authorizer authorizer, AuditLog auditLog, Caller caller, Operation operation,
            String action) {
        if (authorizer.authorize(caller, operation, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME)) {
            return true;
        }
        auditLog.record(AuditLog.AuditEvent.denied(caller, action, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME));
        return false;
    }

    /** The mechanism of a wire code (Kafka's ScramMechanism type byte: 1 SHA-256, 2 SHA-512). */
    static Optional<ScramMechanism> mechanism(byte type) {
        for (ScramMechanism m : ScramMechanism.values()) {
            if (m.type() == type) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
