package io.strata.http.dto;

/** Body of {@code PUT /topics/{topic}/configs/{name}}. */
public record UpdateConfigRequest(String value) {}
