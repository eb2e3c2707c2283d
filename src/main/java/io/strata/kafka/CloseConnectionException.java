package io.strata.kafka;

/** Thrown (or completed exceptionally) by a handler to close the client's connection instead of answering. */
public class CloseConnectionException extends RuntimeException {

    public CloseConnectionException(String message) {
        super(message, null, false, false);
    }
}
