package io.strata.kafka;

import io.strata.common.StrataException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

/**
 * Maps failures to Kafka error codes in one place: a {@link StrataException} through its
 * {@code ErrorKind}, anything else as UNKNOWN_SERVER_ERROR (logged, since it is a bug or an outage).
 */
final class KafkaErrors {

    private static final Logger LOG = Logger.getLogger(KafkaErrors.class);

    private KafkaErrors() {}

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static short code(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof KafkaErrorException k) {
            return k.error().code();
        }
        if (t instanceof StrataException e) {
            return e.kind().kafkaCode();
        }
        if (t instanceof java.util.concurrent.TimeoutException) {
            return Errors.REQUEST_TIMED_OUT.code();
        }
        LOG.warn("Unexpected failure while serving a Kafka request", t);
        return Errors.UNKNOWN_SERVER_ERROR.code();
    }

    static String message(Throwable failure) {
        Throwable t = unwrap(failure);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
