package io.strata.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets {@code records:batch} and {@code configs:alter} match when a client percent-encodes the
 * colon ({@code records%3Abatch}, as some HTTP libraries do): route matching works on the raw path.
 * Topic and config names cannot contain a colon, so decoding every {@code %3A} under {@code /v3/}
 * changes nothing else.
 */
public class ActionPathFilter {

    @ServerRequestFilter(preMatching = true)
    public void decodeEncodedColons(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/v3/") || path.indexOf('%') < 0) {
            return;
        }
        String decoded = path.replace("%3A", ":").replace("%3a", ":");
        if (!decoded.equals(path)) {
            String query = uri.getRawQuery();
            request.setRequestUri(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + decoded
                    + (query == null ? "" : "?" + query)));
        }
    }
}
