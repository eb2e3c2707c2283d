package io.strata.http;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.group.GroupQueries;
import io.strata.group.GroupQueries.GroupDescription;
import io.strata.group.GroupQueries.PartitionLag;
import io.strata.http.dto.AssignmentData;
import io.strata.http.dto.ConsumerData;
import io.strata.http.dto.ConsumerGroupData;
import io.strata.http.dto.ConsumerLagData;
import io.strata.http.dto.ConsumerLagSummaryData;
import io.strata.http.dto.ResourceList;
import io.strata.security.Operation;
import io.strata.security.ResourceType;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /v3/clusters/{cluster_id}/consumer-groups}: groups with their members and assignments,
 * and per-partition lag (log end offset minus committed offset). Groups the caller may not
 * describe are left out of the list and answered 403 when named.
 *
 * <p>Members live only in the group's coordinator: a request about one group that another broker
 * coordinates is answered by that broker ({@link CoordinatorForwarding}), and a listing asks each
 * group's coordinator for it, describing from PostgreSQL (committed offsets only) any group whose
 * coordinator does not answer.
 */
@Path("/v3/clusters/{cluster_id}/consumer-groups")
@Produces(MediaType.APPLICATION_JSON)
public class ConsumerGroupsResource {

    @Inject
    ApiContext api;

    @Inject
    GroupQueries groups;

    @Inject
    CoordinatorForwarding forwarding;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    @GET
    public ResourceList<ConsumerGroupData> list(@PathParam("cluster_id") String clusterId) {
        Links links = api.cluster(uri, clusterId);
        List<ConsumerGroupData> data = groups.listGroups().stream()
                .filter(g -> api.allowed(Operation.DESCRIBE, ResourceType.GROUP, g.groupId()))
                .map(g -> forwarding.remoteGroup(g.groupId(),
                                uri.getRequestUriBuilder().replaceQuery(null).path(g.groupId()).build().getRawPath(), headers)
                        .or(() -> groups.describeGroup(g.groupId()).map(d -> group(links, d))))
                .flatMap(Optional::stream)
                .toList();
        return new ResourceList<>("KafkaConsumerGroupList", Links.list(links.consumerGroups()), data);
    }

    @GET
    @Path("{group_id}")
    public Response get(@PathParam("cluster_id") String clusterId, @PathParam("group_id") String groupId) {
        Links links = api.cluster(uri, clusterId);
        return atCoordinator(groupId, () -> group(links, describe(groupId)));
    }

    @GET
    @Path("{group_id}/consumers")
    public Response consumers(@PathParam("cluster_id") String clusterId, @PathParam("group_id") String groupId) {
        Links links = api.cluster(uri, clusterId);
        return atCoordinator(groupId, () -> new ResourceList<>("KafkaConsumerList",
                Links.list(links.consumerGroups() + "/" + groupId + "/consumers"), consumers(links, describe(groupId))));
    }

    @GET
    @Path("{group_id}/lags")
    public Response lags(@PathParam("cluster_id") String clusterId, @PathParam("group_id") String groupId) {
        Links links = api.cluster(uri, clusterId);
        return atCoordinator(groupId, () -> lagList(links, groupId));
    }

    private ResourceList<ConsumerLagData> lagList(Links links, String groupId) {
        List<ConsumerLagData> data = lagsOf(groupId).stream()
                .map(l -> new ConsumerLagData("KafkaConsumerLag", links.lag(groupId, l.topic(), l.partition()),
                        links.clusterId(), groupId, l.topic(), l.partition(), l.committedOffset(), l.logEndOffset(),
                        l.lag(), l.memberId().orElse(null), l.clientId().orElse(null)))
                .toList();
        return new ResourceList<>("KafkaConsumerLagList", Links.list(links.consumerGroups() + "/" + groupId + "/lags"), data);
    }

    @GET
    @Path("{group_id}/lag-summary")
    public Response lagSummary(@PathParam("cluster_id") String clusterId, @PathParam("group_id") String groupId) {
        Links links = api.cluster(uri, clusterId);
        return atCoordinator(groupId, () -> lagSummary(links, groupId));
    }

    private ConsumerLagSummaryData lagSummary(Links links, String groupId) {
        List<PartitionLag> lags = lagsOf(groupId);
        PartitionLag max = lags.stream().max(Comparator.comparingLong(PartitionLag::lag)).orElse(null);
        long total = lags.stream().mapToLong(PartitionLag::lag).sum();
        return new ConsumerLagSummaryData("KafkaConsumerGroupLagSummary",
                new io.strata.http.dto.ResourceMetadata(links.consumerGroups() + "/" + groupId + "/lag-summary",
                        links.consumerGroup(groupId).resourceName() + "/lag-summary"),
                links.clusterId(), groupId, max == null ? null : max.topic(), max == null ? null : max.partition(),
                max == null ? 0 : max.lag(), total);
    }

    /** The coordinator's answer when another broker coordinates the group, else {@code local}'s, after the DESCRIBE check. */
    private Response atCoordinator(String groupId, Supplier<Object> local) {
        api.authorize(Operation.DESCRIBE, ResourceType.GROUP, groupId);
        return forwarding.forward(groupId, uri, headers).orElseGet(() -> Response.ok(local.get()).build());
    }

    private List<PartitionLag> lagsOf(String groupId) {
        api.authorize(Operation.DESCRIBE, ResourceType.GROUP, groupId);
        return groups.lags(groupId).orElseThrow(() -> notFound(groupId)).stream()
                .filter(l -> api.allowed(Operation.DESCRIBE, ResourceType.TOPIC, l.topic()))
                .toList();
    }

    private GroupDescription describe(String groupId) {
        api.authorize(Operation.DESCRIBE, ResourceType.GROUP, groupId);
        return groups.describeGroup(groupId).orElseThrow(() -> notFound(groupId));
    }

    private static StrataException notFound(String groupId) {
        return new StrataException(ErrorKind.GROUP_ID_NOT_FOUND, "Consumer group " + groupId + " cannot be found.");
    }

    private ConsumerGroupData group(Links links, GroupDescription g) {
        String self = links.consumerGroups() + "/" + g.groupId();
        return new ConsumerGroupData("KafkaConsumerGroup", links.consumerGroup(g.groupId()), links.clusterId(),
                g.groupId(), g.protocolType().isEmpty(), g.protocol().orElse(""),
                g.state().name().toUpperCase(Locale.ROOT), g.protocolType(), g.generationId(),
                Links.related(links.brokers() + "/" + forwarding.coordinatorFor(g.groupId())),
                Links.related(self + "/consumers"), Links.related(self + "/lag-summary"), consumers(links, g));
    }

    private static List<ConsumerData> consumers(Links links, GroupDescription g) {
        return g.members().stream()
                .map(m -> new ConsumerData("KafkaConsumer", links.consumer(g.groupId(), m.memberId()), links.clusterId(),
                        g.groupId(), m.memberId(), m.groupInstanceId().orElse(null), m.clientId(), m.clientHost(),
                        m.assignment().stream().map(tp -> new AssignmentData(tp.topic(), tp.partition())).toList()))
                .toList();
    }
}
