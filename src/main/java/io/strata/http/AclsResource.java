package io.strata.http;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.http.dto.AclData;
import io.strata.http.dto.CreateAclBatchRequest;
import io.strata.http.dto.AclFields;
import io.strata.http.dto.DeletedAcls;
import io.strata.http.dto.ResourceList;
import io.strata.http.dto.ResourceMetadata;
import io.strata.security.AclAdmin;
import io.strata.security.AclBinding;
import io.strata.security.AclBindingFilter;
import io.strata.security.AclPermission;
import io.strata.security.Operation;
import io.strata.security.PatternType;
import io.strata.security.ResourceType;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /v3/clusters/{cluster_id}/acls} in Confluent's v3 shape: search with filters (GET),
 * create one (POST) or several ({@code acls:batch}), delete by filter (DELETE, answering what was
 * deleted). Reading needs DESCRIBE on the cluster, changing needs ALTER, as Kafka's DescribeAcls,
 * CreateAcls and DeleteAcls do. Filter values are Kafka's names (case-insensitive, {@code ANY}
 * for everything); a value that is not one is 400/40002.
 */
@Path("/v3/clusters/{cluster_id}")
@Produces(MediaType.APPLICATION_JSON)
public class AclsResource {

    @Inject
    ApiContext api;

    @Inject
    ApiJson json;

    @Inject
    AclAdmin acls;

    @Context
    UriInfo uri;

    @GET
    @Path("acls")
    public ResourceList<AclData> search(@PathParam("cluster_id") String clusterId, @BeanParam FilterParams params) {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.DESCRIBE);
        return new ResourceList<>("KafkaAclList", Links.list(uri.getRequestUri().toString()),
                acls.describe(params.filter()).stream().map(b -> data(links, b)).toList());
    }

    /** 201 with an empty body, as Confluent answers. */
    @POST
    @Path("acls")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("cluster_id") String clusterId, InputStream body) throws IOException {
        authorizeChange(clusterId);
        return created(List.of(binding(json.read(body, AclFields.class))));
    }

    /** All or none: one invalid entry fails the batch with 400 before anything is stored. */
    @POST
    @Path("acls:batch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createBatch(@PathParam("cluster_id") String clusterId, InputStream body) throws IOException {
        authorizeChange(clusterId);
        CreateAclBatchRequest request = json.read(body, CreateAclBatchRequest.class);
        if (request.data() == null || request.data().isEmpty()) {
            throw ApiErrors.badRequestException("data must list at least one ACL");
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (AclFields entry : request.data()) {
            if (entry == null) {
                throw ApiErrors.badRequestException("data must not contain null entries");
            }
            bindings.add(binding(entry));
        }
        return created(bindings);
    }

    private void authorizeChange(String clusterId) {
        api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.ALTER);
    }

    private Response created(List<AclBinding> bindings) {
        acls.create(api.caller(), bindings);
        return Response.status(Response.Status.CREATED).build();
    }

    /** Deletes what the filter selects; {@code resource_type} is required so a bare DELETE cannot wipe everything. */
    @DELETE
    @Path("acls")
    public DeletedAcls delete(@PathParam("cluster_id") String clusterId, @BeanParam FilterParams params) {
        authorizeChange(clusterId);
        Links links = api.cluster(uri, clusterId);
        if (params.resourceType == null) {
            throw ApiErrors.badRequestException("resource_type is required (ANY selects every type)");
        }
        return new DeletedAcls(acls.delete(api.caller(), List.of(params.filter())).get(0).stream()
                .map(b -> data(links, b)).toList());
    }

    /** The filter query parameters of search and delete; absent or {@code ANY} selects everything. */
    public static class FilterParams {
        @QueryParam("resource_type")
        public String resourceType;
        @QueryParam("resource_name")
        public String resourceName;
        @QueryParam("pattern_type")
        public String patternType;
        @QueryParam("principal")
        public String principal;
        @QueryParam("host")
        public String host;
        @QueryParam("operation")
        public String operation;
        @QueryParam("permission")
        public String permission;

        AclBindingFilter filter() {
            return new AclBindingFilter(principal, host, parseOrAny(ResourceType.class, resourceType, "resource_type"),
                    parseOrAny(PatternType.class, patternType, "pattern_type"), resourceName,
                    parseOrAny(Operation.class, operation, "operation"),
                    parseOrAny(AclPermission.class, permission, "permission"));
        }
    }

    private static AclBinding binding(AclFields r) {
        return new AclBinding(r.principal(), r.host(), parse(ResourceType.class, r.resourceType(), "resource_type"),
                parse(PatternType.class, r.patternType(), "pattern_type"), r.resourceName(),
                parse(Operation.class, r.operation(), "operation"), parse(AclPermission.class, r.permission(), "permission"));
    }

    /** Null or {@code ANY} select everything (null in the filter). */
    private static <E extends Enum<E>> E parseOrAny(Class<E> type, String value, String field) {
        return value == null || value.equalsIgnoreCase("ANY") ? null : parse(type, value, field);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null) {
            throw new StrataException(ErrorKind.BAD_REQUEST, field + " is required");
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StrataException(ErrorKind.BAD_REQUEST, "Invalid " + field + " '" + value + "'");
        }
    }

    private static AclData data(Links links, AclBinding b) {
        String self = UriBuilder.fromUri(links.acls())
                .queryParam("resource_type", b.resourceType()).queryParam("resource_name", b.resourceName())
                .queryParam("pattern_type", b.patternType()).queryParam("principal", b.principal())
                .queryParam("host", b.host()).queryParam("operation", b.operation())
                .queryParam("permission", b.permission()).build().toString();
        return new AclData("KafkaAcl", new ResourceMetadata(self, null), links.clusterId(), new AclFields(
                b.resourceType().name(), b.resourceName(), b.patternType().name(), b.principal(), b.host(),
                b.operation().name(), b.permission().name()));
    }
}
