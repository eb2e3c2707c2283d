package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A resource's own link and its Confluent resource name ({@code crn:///kafka=<id>/topic=<name>}). */
public record ResourceMetadata(String self, @JsonProperty("resource_name") String resourceName) {}
