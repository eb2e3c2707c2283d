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
            io.strata.common.StrataException.class})
    public Response map(Throwable failure) {
        ApiErrors.ApiError error = ApiErrors.of(failure);
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error.body()).build();
    }
}
