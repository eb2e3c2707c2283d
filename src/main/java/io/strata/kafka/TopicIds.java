package io.strata.kafka;

import java.util.UUID;
import org.apache.kafka.common.Uuid;

/**
 * Converts between the metadata's topic ids (UUID strings) and Kafka's {@link Uuid} (the same 128
 * bits, printed in base64 by Kafka). Only the bits matter on the wire.
 */
final class TopicIds {

    private TopicIds() {}

    static Uuid toKafka(String topicId) {
        UUID uuid = UUID.fromString(topicId);
        return new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    static String fromKafka(Uuid topicId) {
        return new UUID(topicId.getMostSignificantBits(), topicId.getLeastSignificantBits()).toString();
    }
}
