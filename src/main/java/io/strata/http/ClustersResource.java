package io.strata.http;

import io.strata.http.dto.ClusterData;
import io.strata.http.dto.ResourceList;
import io.strata.metadata.MetadataImage;
import io.strata.security.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** {@code /v3/clusters}: the one cluster this broker belongs to. */
@Path("/v3/clusters")
@Produces(MediaType.APPLICATION_JSON)
public class ClustersResource {

    @Inject
    ApiContext api;

    @Context
    UriInfo uri;

    @GET
    public ResourceList<ClusterData> list() {
        api.authorizeCluster(Operation.DESCRIBE);
        Links links = new Links(uri, api.clusterId());
        return new ResourceList<>("KafkaClusterList", Links.list(links.clusters()), List.of(cluster(links)));
    }

    @GET
    @Path("{cluster_id}")
    public ClusterData get(@PathParam("cluster_id") String clusterId) {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.DESCRIBE);
        return cluster(links);
    }

    private ClusterData cluster(Links links) {
        MetadataImage image = api.image();
        int controller = image.controllerId();
        return new ClusterData("KafkaCluster", links.clusterMetadata(), links.clusterId(),
                controller < 0 ? null : Links.related(links.brokers() + "/" + controller),
                Links.related(links.brokers()), Links.related(links.topics()));
    }
}
