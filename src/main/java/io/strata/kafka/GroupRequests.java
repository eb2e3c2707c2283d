package io.strata.kafka;

/** Small helpers shared by the group API handlers. Stateless. */
final class GroupRequests {

    private GroupRequests() {}

    /**
     * The client's host as Kafka reports it in DescribeGroups ({@code /127.0.0.1}), taken from the
     * connection id ({@code remote->local}, each {@code host:port}).
     */
    static String clientHost(RequestContext context) {
        String id = context.connectionId();
        int arrow = id.indexOf("->");
        String remote = arrow >= 0 ? id.substring(0, arrow) : id;
        int colon = remote.lastIndexOf(':');
        String host = colon > 0 ? remote.substring(0, colon) : remote;
        return host.startsWith("/") ? host : "/" + host;
    }

    static String clientId(RequestContext context) {
        String clientId = context.request().clientId();
        return clientId == null ? "" : clientId;
    }
}
