package io.strata.http.dto;

/** One {@code {"name", "value"}} pair of a topic creation request. */
public record ConfigEntry(String name, String value) {}
