package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One ACL in Confluent's v3 shape ({@code KafkaAcl}): its link, cluster and the ACL's fields, flat. */
public record AclData(String kind, ResourceMetadata metadata, @JsonProperty("cluster_id") String clusterId,
        @JsonUnwrapped AclFields acl) {}
