package io.strata.http;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.http.dto.BrokerData;
import io.strata.http.dto.ResourceList;
import io.strata.metadata.BrokerInfo;
import io.strata.security.Operation;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v3/clusters/{cluster_id}/brokers}: every registered broker, live or not. */
@Path("/v3/clusters/{cluster_id}/brokers")
@Produces(MediaType.APPLICATION_JSON)
public class BrokersResource {

    @Inject
    ApiContext api;

    @Context
    UriInfo uri;

    @GET
    public ResourceList<BrokerData> list(@PathParam("cluster_id") String clusterId) {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.DESCRIBE);
        return new ResourceList<>("KafkaBrokerList", Links.list(links.brokers()),
                api.image().brokers().values().stream().map(b -> broker(links, b)).toList());
    }

    @GET
    @Path("{broker_id}")
    public BrokerData get(@PathParam("cluster_id") String clusterId, @PathParam("broker_id") String brokerId) {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.DESCRIBE);
        BrokerInfo broker;
        try {
            broker = api.image().broker(Integer.parseInt(brokerId)).orElse(null);
        } catch (NumberFormatException e) {
            broker = null;
        }
        if (broker == null) {
            throw new StrataException(ErrorKind.NOT_FOUND, "Broker " + brokerId + " cannot be found.");
        }
        return broker(links, broker);
    }

    private BrokerData broker(Links links, BrokerInfo b) {
        return new BrokerData("KafkaBroker", links.broker(b.nodeId()), links.clusterId(), b.nodeId(), b.host(),
                b.kafkaPort(), b.rack().orElse(null), b.httpPort(), b.alive());
    }
}
