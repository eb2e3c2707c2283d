package io.strata.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.http.dto.ErrorResponse;
import jakarta.ws.rs.WebApplicationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns any failure into the HTTP status and Confluent error body a client sees. Used by
 * {@link ApiExceptionMapper} for whole requests and by the produce endpoints for the per-record
 * errors of streams and batches, so both always agree. Never exposes a stack trace or an internal
 * exception message: unexpected failures are logged here and answered with a generic message.
 */
final class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    /** An answer to a failure: the HTTP status and the body. */
    record ApiError(int status, ErrorResponse body) {}

    private ApiErrors() {}

    static ApiError of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StrataException e) {
            return new ApiError(e.kind().httpStatus(), new ErrorResponse(e.kind().restErrorCode(), e.getMessage()));
        }
        if (t instanceof io.quarkus.security.AuthenticationException || t instanceof io.quarkus.security.UnauthorizedException) {
            return error(ErrorKind.UNAUTHORIZED, "Authentication required: send a valid access token as 'Authorization: Bearer <token>'.");
        }
        if (t instanceof io.quarkus.security.ForbiddenException) {
            return error(ErrorKind.FORBIDDEN, "Not authorized.");
        }
        if (t instanceof UnrecognizedPropertyException e) {
            return badRequest("Unrecognized field \"" + e.getPropertyName() + "\"" + at(e)
                    + "; known fields: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", ")));
        }
        if (t instanceof JsonMappingException e) {
            return badRequest("Invalid request body" + at(e) + ": " + e.getOriginalMessage());
        }
        if (t instanceof JsonProcessingException e) {
            return badRequest("Malformed JSON: " + e.getOriginalMessage());
        }
        if (t instanceof WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 415) {
                return error(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type: send application/json");
            }
            if (status == 404) {
                return error(ErrorKind.NOT_FOUND, "HTTP 404 Not Found");
            }
            if (status >= 500) {
                LOG.error("Request failed", e);
                return error(ErrorKind.UNKNOWN_SERVER_ERROR, "Internal server error");
            }
            String reason = e.getResponse().getStatusInfo().getReasonPhrase();
            return new ApiError(status, new ErrorResponse(status * 100 + 1, "HTTP " + status + " " + reason));
        }
        LOG.error("Unexpected failure while serving a request", t);
        return error(ErrorKind.UNKNOWN_SERVER_ERROR, "Internal server error");
    }

    static StrataException badRequestException(String message) {
        return new StrataException(ErrorKind.BAD_REQUEST, message);
    }

    private static ApiError badRequest(String message) {
        return error(ErrorKind.BAD_REQUEST, message);
    }

    private static ApiError error(ErrorKind kind, String message) {
        return new ApiError(kind.httpStatus(), new ErrorResponse(kind.restErrorCode(), message));
    }

    /** " at entries[3].key.type", or "" for the document itself. */
    private static String at(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " at " + path;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
