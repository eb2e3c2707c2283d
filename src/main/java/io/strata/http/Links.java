package io.strata.http;

import io.strata.http.dto.ListMetadata;
import io.strata.http.dto.Related;
import io.strata.http.dto.ResourceMetadata;
import jakarta.ws.rs.core.UriInfo;

/** Absolute links ({@code self}, {@code related}) and Confluent resource names for one cluster. */
final class Links {

    private final String clusterId;
    private final String cluster;
    private final String crn;

    Links(UriInfo uri, String clusterId) {
        String base = uri.getBaseUri().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.clusterId = clusterId;
        this.cluster = base + "/v3/clusters/" + clusterId;
        this.crn = "crn:///kafka=" + clusterId;
    }

    String clusterId() {
        return clusterId;
    }

    static ListMetadata list(String self) {
        return new ListMetadata(self, null);
    }

    static Related related(String url) {
        return new Related(url);
    }

    String clusters() {
        return cluster.substring(0, cluster.lastIndexOf('/'));
    }

    String cluster() {
        return cluster;
    }

    ResourceMetadata clusterMetadata() {
        return new ResourceMetadata(cluster, crn);
    }

    /** A user's SCRAM credentials (a Strata extension of the v3 API). */
    ResourceMetadata scramCredentials(String user) {
        return new ResourceMetadata(cluster + "/users/" + user + "/scram-credentials", crn + "/user=" + user);
    }

    String brokers() {
        return cluster + "/brokers";
    }

    ResourceMetadata broker(int brokerId) {
        return new ResourceMetadata(brokers() + "/" + brokerId, crn + "/broker=" + brokerId);
    }

    String acls() {
        return cluster + "/acls";
    }

    String topics() {
        return cluster + "/topics";
    }

    String topicUrl(String topic) {
        return topics() + "/" + topic;
    }

    ResourceMetadata topic(String topic) {
        return new ResourceMetadata(topicUrl(topic), crn + "/topic=" + topic);
    }

    String configs(String topic) {
        return topicUrl(topic) + "/configs";
    }

    ResourceMetadata config(String topic, String name) {
        return new ResourceMetadata(configs(topic) + "/" + name, crn + "/topic=" + topic + "/config=" + name);
    }

    String partitions(String topic) {
        return topicUrl(topic) + "/partitions";
    }

    ResourceMetadata partition(String topic, int partition) {
        return new ResourceMetadata(partitions(topic) + "/" + partition,
                crn + "/topic=" + topic + "/partition=" + partition);
    }

    String replicas(String topic, int partition) {
        return partitions(topic) + "/" + partition + "/replicas";
    }

    ResourceMetadata replica(String topic, int partition, int brokerId) {
        return new ResourceMetadata(replicas(topic, partition) + "/" + brokerId,
                crn + "/topic=" + topic + "/partition=" + partition + "/replica=" + brokerId);
    }

    String reassignments(String topic) {
        return partitions(topic) + "/-/reassignment";
    }

    ResourceMetadata reassignment(String topic, int partition) {
        return new ResourceMetadata(partitions(topic) + "/" + partition + "/reassignment",
                crn + "/topic=" + topic + "/partition=" + partition + "/reassignment");
    }

    ResourceMetadata replicationFactorProposal(String topic) {
        return new ResourceMetadata(topicUrl(topic) + "/replication-factor-proposal",
                crn + "/topic=" + topic + "/replication-factor-proposal");
    }

    String consumerGroups() {
        return cluster + "/consumer-groups";
    }

    ResourceMetadata consumerGroup(String groupId) {
        return new ResourceMetadata(consumerGroups() + "/" + groupId, crn + "/consumer-group=" + groupId);
    }

    ResourceMetadata consumer(String groupId, String consumerId) {
        return new ResourceMetadata(consumerGroups() + "/" + groupId + "/consumers/" + consumerId,
                crn + "/consumer-group=" + groupId + "/consumer=" + consumerId);
    }

    ResourceMetadata lag(String groupId, String topic, int partition) {
        return new ResourceMetadata(consumerGroups() + "/" + groupId + "/lags/" + topic + "/partitions/" + partition,
                crn + "/consumer-group=" + groupId + "/lag=" + topic + "/partition=" + partition);
    }
}
