package io.strata.http.dto;

import java.util.List;

/** The 207 answer of {@code records:batch}, each list in entry order. */
public record BatchProduceResponse(List<BatchSuccess> successes, List<BatchFailure> failures) {}
