package io.strata.http.dto;

import java.util.List;

/** Body of {@code POST /acls:batch}: {@code {"data": [ {...}, ... ]}}. */
public record CreateAclBatchRequest(List<AclFields> data) {}
