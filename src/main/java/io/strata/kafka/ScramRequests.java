package io.strata.kafka;

import java.util.Optional;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/** What the two SCRAM credential handlers share: Kafka's wire codes of the SCRAM mechanisms. */
final class ScramRequests {

    private ScramRequests() {}

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
