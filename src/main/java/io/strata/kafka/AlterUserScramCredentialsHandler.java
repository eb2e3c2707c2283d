package io.strata.kafka;

import io.strata.security.Operation;
import io.strata.security.ScramCredentials;
import io.strata.security.ScramUpsertion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * AlterUserScramCredentials (v0), what {@code Admin.alterUserScramCredentials} and
 * {@code kafka-configs --alter --entity-type users --add-config SCRAM-SHA-256=[...]} send: needs
 * ALTER on the cluster; each user's deletions and upsertions apply atomically and get one result.
 * The client sends salt and salted password; only the derived keys are stored. Stateless.
 */
@ApplicationScoped
public class AlterUserScramCredentialsHandler implements ApiHandler {

    static final String ACTION = "AlterUserScramCredentials";

    private final ScramCredentials credentials;
    private final KafkaAuthorization authorization;

    @Inject
    public AlterUserScramCredentialsHandler(ScramCredentials credentials, KafkaAuthorization authorization) {
        this.credentials = credentials;
        this.authorization = authorization;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_USER_SCRAM_CREDENTIALS;
    }

    private static final class UserChanges {
        final List<ScramMechanism> deletions = new ArrayList<>();
        final List<ScramUpsertion> upsertions = new ArrayList<>();
        boolean unknownMechanism;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        AlterUserScramCredentialsRequestData request = context.body();
        Map<String, UserChanges> byUser = new LinkedHashMap<>();
        for (ScramCredentialDeletion d : request.deletions()) {
            UserChanges changes = byUser.computeIfAbsent(d.name(), u -> new UserChanges());
            Optional<ScramMechanism> m = ScramRequests.mechanism(d.mechanism());
            m.ifPresent(changes.deletions::add);
            changes.unknownMechanism |= m.isEmpty();
        }
        for (ScramCredentialUpsertion u : request.upsertions()) {
            UserChanges changes = byUser.computeIfAbsent(u.name(), n -> new UserChanges());
            Optional<ScramMechanism> m = ScramRequests.mechanism(u.mechanism());
            m.ifPresent(mechanism -> changes.upsertions.add(
                    new ScramUpsertion(mechanism, u.iterations(), u.salt(), u.saltedPassword())));
            changes.unknownMechanism |= m.isEmpty();
        }
        return context.blocking(() -> {
            AlterUserScramCredentialsResponseData response = new AlterUserScramCredentialsResponseData();
            boolean allowed = authorization.allowedOnCluster(context, Operation.ALTER);
            byUser.forEach((user, changes) -> {
                AlterUserScramCredentialsResult result = new AlterUserScramCredentialsResult().setUser(user);
                response.results().add(result);
                if (!allowed) {
                    result.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
                } else if (changes.unknownMechanism) {
                    result.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()).setErrorMessage("Unknown SCRAM mechanism");
                } else {
                    try {
                        credentials.alter(context.caller(), ACTION, user, changes.deletions, changes.upsertions);
                    } catch (RuntimeException e) {
                        result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e));
                    }
                }
            });
            return response;
        });
    }
}
