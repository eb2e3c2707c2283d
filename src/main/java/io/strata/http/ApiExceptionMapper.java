package io.strata.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The API's one exception mapper: every failure of every endpoint, including the framework's own
 * (unknown route, wrong Content-Type) and anything unexpected, becomes a JSON Confluent error body
 * through {@link ApiErrors}. Declared for {@link Throwable} and, because a mapper for a closer type
 * wins, for the framework and Jackson exceptions that have built-in mappers.
 */
public class ApiExceptionMapper {

    @ServerExceptionMapper({Throwable.class, jakarta.ws.rs.WebApplicationException.class,
            com.fasterxml.jackson.core.JsonProcessingException.class,
            com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            io.strata.common.StrataException.class,
            io.quarkus.security.AuthenticationFailedException.class,
            io.quarkus.security.AuthenticationCompletionException.class,
            io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.ForbiddenException.class})
    public Response map(Throwable failure) {
        ApiErrors.ApiError error = ApiErrors.of(failure);
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error.body());
        if (error.status() == 401) {
            // RFC 6750: tell the client which scheme to use.
            response.header("WWW-Authenticate", "Bearer realm=\"strata\"");
        }
        return response.build();
    }
}
