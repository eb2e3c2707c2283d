package io.strata.http;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.http.dto.ScramCredentialsData;
import io.strata.http.dto.UpsertScramCredentialRequest;
import io.strata.security.Operation;
import io.strata.security.ScramCredentials;
import io.strata.security.ScramUpsertion;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * {@code /v3/clusters/{cluster_id}/users/{user}/scram-credentials} (a Strata extension): read, set
 * and delete a user's SCRAM credentials, with the same rules, storage and audit as Kafka's
 * AlterUserScramCredentials. Reading needs DESCRIBE on the cluster, changing needs ALTER. No answer
 * ever carries a password, salt or key.
 */
@Path("/v3/clusters/{cluster_id}/users/{user_name}/scram-credentials")
@Produces(MediaType.APPLICATION_JSON)
public class ScramCredentialsResource {

    @Inject
    ApiContext api;

    @Inject
    ApiJson json;

    @Inject
    ScramCredentials credentials;

    @Context
    UriInfo uri;

    /** 404 when the user has no credential. */
    @GET
    public ScramCredentialsData get(@PathParam("cluster_id") String clusterId, @PathParam("user_name") String user) {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.DESCRIBE);
        List<ScramCredentials.Info> infos = credentials.describe(user);
        if (infos.isEmpty()) {
            throw new StrataException(ErrorKind.RESOURCE_NOT_FOUND, "User " + user + " has no SCRAM credential.");
        }
        return data(links, user, infos);
    }

    /** Creates or replaces the credential of one mechanism: 200 with the user's credentials. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ScramCredentialsData put(@PathParam("cluster_id") String clusterId, @PathParam("user_name") String user,
            InputStream body) throws IOException {
        Links links = api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.ALTER);
        UpsertScramCredentialRequest request = json.read(body, UpsertScramCredentialRequest.class);
        if (request.password() == null || request.password().isEmpty()) {
            throw ApiErrors.badRequestException("password is required");
        }
        ScramMechanism mechanism = mechanism(request.mechanism());
        int iterations = request.iterations() == null ? ScramCredentials.DEFAULT_ITERATIONS : request.iterations();
        if (iterations < mechanism.minIterations() || iterations > mechanism.maxIterations()) {
            // Checked before hashing: a huge count would otherwise cost the broker before validation.
            throw new StrataException(ErrorKind.UNACCEPTABLE_CREDENTIAL, "iterations must be between "
                    + mechanism.minIterations() + " and " + mechanism.maxIterations());
        }
        return data(links, user, credentials.alter(api.caller(), "http:PUT scram-credentials", user, List.of(),
                List.of(ScramUpsertion.fromPassword(mechanism, request.password(), iterations))));
    }

    /** Deletes the credential of {@code mechanism}, or every credential of the user without it: 204. */
    @DELETE
    public void delete(@PathParam("cluster_id") String clusterId, @PathParam("user_name") String user,
            @QueryParam("mechanism") String mechanismName) {
        api.cluster(uri, clusterId);
        api.authorizeCluster(Operation.ALTER);
        List<ScramMechanism> deletions = mechanismName == null
                ? credentials.describe(user).stream().map(ScramCredentials.Info::mechanism).toList()
                : List.of(mechanism(mechanismName));
        if (deletions.isEmpty()) {
            throw new StrataException(ErrorKind.RESOURCE_NOT_FOUND, "User " + user + " has no SCRAM credential.");
        }
        credentials.alter(api.caller(), "http:DELETE scram-credentials", user, deletions, List.of());
    }

    private static ScramMechanism mechanism(String name) {
        ScramMechanism mechanism = name == null ? null : ScramMechanism.forMechanismName(name);
        if (mechanism == null) {
            throw ApiErrors.badRequestException("mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        return mechanism;
    }

    private static ScramCredentialsData data(Links links, String user, List<ScramCredentials.Info> infos) {
        return new ScramCredentialsData("KafkaUserScramCredentials", links.scramCredentials(user), user, infos.stream()
                .map(i -> new ScramCredentialsData.Credential(i.mechanism().mechanismName(), i.iterations())).toList());
    }
}
