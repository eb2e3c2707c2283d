package io.strata.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.group.CoordinatorPlacement;
import io.strata.http.dto.ConsumerGroupData;
import io.strata.metadata.BrokerInfo;
import io.strata.metadata.MetadataCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks a group's coordinator for the consumer-group endpoints, because a group's membership lives
 * only in its coordinator's memory (committed offsets are in PostgreSQL, members are not). A
 * request about a group another broker coordinates is sent on, as the same GET with the caller's
 * {@code Authorization} header, to that broker's HTTP port, and its answer is relayed unchanged
 * (so links in it name the coordinator's address). A request that was forwarded once is never
 * forwarded again, so two brokers whose images briefly disagree cannot bounce it between them.
 *
 * <p>Thread-safe: the HTTP client is shared and thread-safe; blocking, so call it on a worker.
 */
@ApplicationScoped
class CoordinatorForwarding {

    /** Marks a forwarded request; its value is the forwarding broker's node id. */
    static final String FORWARDED_BY = "Strata-Forwarded-By";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CoordinatorPlacement placement;
    private final MetadataCache metadata;
    private final ObjectMapper mapper;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Inject
    CoordinatorForwarding(CoordinatorPlacement placement, MetadataCache metadata, ObjectMapper mapper) {
        this.placement = placement;
        this.metadata = metadata;
        this.mapper = mapper;
    }

    /** The coordinator's node id: this broker's when the request must be served here. */
    int coordinatorFor(String groupId) {
        return placement.coordinatorFor(groupId);
    }

    /** The coordinator's answer to this request, or empty when this broker is to answer it itself. */
    Optional<Response> forward(String groupId, UriInfo uri, HttpHeaders headers) {
        if (placement.isLocal(groupId) || headers.getHeaderString(FORWARDED_BY) != null) {
            return Optional.empty();
        }
        HttpResponse<String> answer = get(groupId, uri.getRequestUri().getRawPath(), headers);
        String type = answer.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON);
        return Optional.of(Response.status(answer.statusCode()).type(type).entity(answer.body()).build());
    }

    /**
     * The group as its coordinator describes it, for listings; empty when this broker coordinates
     * it or the coordinator does not answer 200 (the caller then describes what it knows itself).
     */
    Optional<ConsumerGroupData> remoteGroup(String groupId, String groupPath, HttpHeaders headers) {
        if (placement.isLocal(groupId) || headers.getHeaderString(FORWARDED_BY) != null) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> answer = get(groupId, groupPath, headers);
            return answer.statusCode() == 200 ? Optional.of(mapper.readValue(answer.body(), ConsumerGroupData.class))
                    : Optional.empty();
        } catch (IOException | StrataException e) {
            return Optional.empty();
        }
    }

    private HttpResponse<String> get(String groupId, String rawPath, HttpHeaders headers) {
        int owner = placement.coordinatorFor(groupId);
        BrokerInfo broker = metadata.image().broker(owner).filter(b -> b.alive() && b.httpPort() > 0)
                .orElseThrow(() -> notAvailable(groupId, owner, "it is not alive"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + broker.host() + ":" + broker.httpPort() + rawPath))
                .timeout(TIMEOUT).header("Accept", MediaType.APPLICATION_JSON)
                .header(FORWARDED_BY, Integer.toString(placement.nodeId())).GET();
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw notAvailable(groupId, owner, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notAvailable(groupId, owner, "interrupted");
        }
    }

    private static StrataException notAvailable(String groupId, int owner, String why) {
        return new StrataException(ErrorKind.COORDINATOR_NOT_AVAILABLE,
                "The coordinator of consumer group " + groupId + ", broker " + owner + ", cannot be asked: " + why);
    }
}
