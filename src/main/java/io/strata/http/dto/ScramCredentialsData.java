package io.strata.http.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A user's SCRAM credentials as the API shows them: mechanisms and iteration counts, never salts or keys. */
public record ScramCredentialsData(String kind, ResourceMetadata metadata, @JsonProperty("user_name") String userName,
        List<Credential> credentials) {

    public record Credential(String mechanism, int iterations) {}
}
