package io.strata.http.dto;

/** A link to a related resource, Confluent style: {@code {"related": "<url>"}}. */
public record Related(String related) {}
