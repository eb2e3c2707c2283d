package io.strata.http.dto;

/** A collection's own link; {@code next} is always null (lists are not paginated yet). */
public record ListMetadata(String self, String next) {}
