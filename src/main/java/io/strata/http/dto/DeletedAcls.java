package io.strata.http.dto;

import java.util.List;

/** Answer of {@code DELETE /acls}: the ACLs the filter deleted. */
public record DeletedAcls(List<AclData> data) {}
