package io.strata.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies strictly: unknown fields, fractional numbers for integers and trailing
 * content are errors (400), an empty body is 422. Endpoints take the body as a stream and read it
 * here rather than letting the framework bind it, so every body error has exactly these answers.
 * The application's shared ObjectMapper stays as Quarkus configures it.
 */
@ApplicationScoped
class ApiJson {

    private final ObjectMapper strict;

    @Inject
    ApiJson(ObjectMapper mapper) {
        this.strict = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        this.strict.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    ObjectMapper mapper() {
        return strict;
    }

    /** One JSON object of {@code type}: 422 for an empty body, 400 for anything malformed. */
    <T> T read(InputStream body, Class<T> type) throws IOException {
        try (JsonParser parser = strict.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw emptyBody();
            }
            if (first != JsonToken.START_OBJECT) {
                throw new StrataException(ErrorKind.BAD_REQUEST, "The request body must be a JSON object");
            }
            T value = strict.readValue(parser, type);
            if (parser.nextToken() != null) {
                throw new StrataException(ErrorKind.BAD_REQUEST, "Unexpected content after the JSON object");
            }
            return value;
        }
    }

    <T> T convert(JsonNode tree, Class<T> type) throws IOException {
        return strict.treeToValue(tree, type);
    }

    static StrataException emptyBody() {
        return new StrataException(ErrorKind.UNPROCESSABLE_ENTITY, "The request body is empty");
    }
}
