package io.strata.http.dto;

import java.util.List;

/** A Confluent v3 collection: {@code {"kind": "Kafka...List", "metadata": {...}, "data": [...]}}. */
public record ResourceList<T>(String kind, ListMetadata metadata, List<T> data) {}
