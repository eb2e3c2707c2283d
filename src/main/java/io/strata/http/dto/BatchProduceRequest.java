package io.strata.http.dto;

import java.util.List;

/** Body of {@code POST /topics/{topic}/records:batch}. */
public record BatchProduceRequest(List<BatchProduceEntry> entries) {}
