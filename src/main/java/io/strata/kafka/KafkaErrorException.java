package io.strata.kafka;

import org.apache.kafka.common.protocol.Errors;

/** A protocol-level error decided in this package (not by the broker), carried through futures. */
final class KafkaErrorException extends RuntimeException {

    private final Errors error;

    KafkaErrorException(Errors error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    Errors error() {
        return error;
    }
}
