package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The fields of one ACL, enum values as Kafka names them: the body of {@code POST /acls}, an entry
 * of {@code acls:batch} (every field required there), and the flat part of a {@link AclData}.
 */
public record AclFields(
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_name") String resourceName,
        @JsonProperty("pattern_type") String patternType,
        String principal,
        String host,
        String operation,
        String permission) {}
