package io.strata.common;

/**
 * The one exception type that crosses package boundaries. It carries an {@link ErrorKind} so that
 * each front end (Kafka protocol, HTTP) maps it to its own error representation in one place.
 */
public class StrataException extends RuntimeException {

    private final ErrorKind kind;

    public StrataException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StrataException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
