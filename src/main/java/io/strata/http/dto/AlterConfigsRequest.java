package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code POST /topics/{topic}/configs:alter}: all changes apply, or none. */
public record AlterConfigsRequest(List<AlterConfigEntry> data, @JsonProperty("validate_only") Boolean validateOnly) {}
