package io.strata.http;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.http.dto.AuditLogEntryData;
import io.strata.http.dto.ListMetadata;
import io.strata.http.dto.ResourceList;
import io.strata.http.dto.ResourceMetadata;
import io.strata.metadata.AuditQuery;
import io.strata.metadata.AuditStore;
import io.strata.metadata.StoredAuditRow;
import io.strata.security.AuditLog;
import io.strata.security.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code /v3/clusters/{cluster_id}/audit-log} (a Strata extension): the audit log newest first, in
 * pages of {@code page_size} rows (default {@value #DEFAULT_PAGE_SIZE}, at most {@value #MAX_PAGE_SIZE});
 * {@code metadata.next} links to the next page ({@code before_id} = the last id shown, the other
 * parameters kept) and is null on the last page. Filters: {@code principal}, {@code action} and
 * {@code outcome} (exact), {@code resource} (prefix), {@code from} (inclusive) and {@code to}
 * (exclusive) as ISO-8601 instants. A bad parameter is 400. Readable by whoever may DESCRIBE the cluster.
 */
@Path("/v3/clusters/{cluster_id}/audit-log")
@Produces(MediaType.APPLICATION_JSON)
public class AuditLogResource {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    @Inject
    ApiContext api;

    @Inject
    AuditStore store;

    @Context
    UriInfo uri;

    @GET
    public ResourceList<AuditLogEntryData> list(@PathParam("cluster_id") String clusterId,
            @QueryParam("page_size") String pageSize, @QueryParam("before_id") String beforeId,
            @QueryParam("principal") String principal, @QueryParam("action") String action,
            @QueryParam("resource") String resource, @QueryParam("outcome") String outcome,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.DESCRIBE);
        int limit = pageSize == null ? DEFAULT_PAGE_SIZE : (int) number("page_size", pageSize, 1, MAX_PAGE_SIZE);
        Instant fromTime = instant("from", from);
        Instant toTime = instant("to", to);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw ApiErrors.badRequestException("from must be before to");
        }
        AuditQuery query = new AuditQuery(blankToNull(principal), blankToNull(action), blankToNull(resource),
                outcome(outcome), fromTime, toTime,
                beforeId == null ? null : number("before_id", beforeId, 1, Long.MAX_VALUE), limit + 1);
        List<StoredAuditRow> rows = store.query(query);
        boolean more = rows.size() > limit;
        List<StoredAuditRow> page = more ? rows.subList(0, limit) : rows;
        String next = more
                ? uri.getRequestUriBuilder().replaceQueryParam("before_id", page.get(page.size() - 1).id()).build().toString()
                : null;
        return new ResourceList<>("StrataAuditLogEntryList", new ListMetadata(self(links), next),
                page.stream().map(r -> entry(links, r)).toList());
    }

    @GET
    @Path("{id}")
    public AuditLogEntryData get(@PathParam("cluster_id") String clusterId, @PathParam("id") String id) {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.DESCRIBE);
        StrataException notFound = new StrataException(ErrorKind.NOT_FOUND, "Audit log entry " + id + " cannot be found.");
        long rowId;
        try {
            rowId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw notFound;
        }
        return store.find(rowId).map(r -> entry(links, r)).orElseThrow(() -> notFound);
    }

    private static String self(Links links) {
        return links.cluster() + "/audit-log";
    }

    private static AuditLogEntryData entry(Links links, StoredAuditRow stored) {
        var row = stored.row();
        return new AuditLogEntryData("StrataAuditLogEntry",
                new ResourceMetadata(self(links) + "/" + stored.id(),
                        links.clusterMetadata().resourceName() + "/audit-log=" + stored.id()),
                links.clusterId(), stored.id(), row.at().toString(), row.principal(), row.client(), row.action(),
                row.resource(), row.outcome(), row.beforeJson(), row.afterJson());
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiErrors.badRequestException(name + " must be an integer from " + min + " to " + max + ": " + value);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiErrors.badRequestException(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z: " + value);
        }
    }

    private static String outcome(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if (Arrays.stream(AuditLog.Outcome.values()).noneMatch(o -> o.name().equals(upper))) {
            throw ApiErrors.badRequestException("outcome must be one of " + Arrays.toString(AuditLog.Outcome.values())
                    + ": " + value);
        }
        return upper;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
