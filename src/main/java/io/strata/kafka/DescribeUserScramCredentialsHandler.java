package io.strata.kafka;

import io.strata.security.Operation;
import io.strata.security.ScramCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData.UserName;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeUserScramCredentials (v0): mechanisms and iteration counts per user, never salts or keys.
 * Needs DESCRIBE on the cluster. No users named means every user with a credential. Stateless.
 */
@ApplicationScoped
public class DescribeUserScramCredentialsHandler implements ApiHandler {

    private final ScramCredentials credentials;
    private final KafkaAuthorization authorization;

    @Inject
    public DescribeUserScramCredentialsHandler(ScramCredentials credentials, KafkaAuthorization authorization) {
        this.credentials = credentials;
        this.authorization = authorization;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DescribeUserScramCredentialsRequestData request = context.body();
        return context.blocking(() -> {
            DescribeUserScramCredentialsResponseData response = new DescribeUserScramCredentialsResponseData();
            if (!authorization.allowedOnCluster(context, Operation.DESCRIBE)) {
                return response.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                        .setErrorMessage("Cluster authorization failed");
            }
            try {
                if (request.users() == null || request.users().isEmpty()) {
                    credentials.describeAll().forEach((user, infos) -> response.results().add(result(user, infos)));
                } else {
                    describeNamed(request.users(), response);
                }
            } catch (RuntimeException e) {
                response.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e));
            }
            return response;
        });
    }

    private void describeNamed(List<UserName> users, DescribeUserScramCredentialsResponseData response) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new HashSet<>();
        users.forEach(u -> {
            if (!seen.add(u.name())) {
                duplicates.add(u.name());
            }
        });
        for (String user : seen) {
            if (duplicates.contains(user)) {
                response.results().add(new DescribeUserScramCredentialsResult().setUser(user)
                        .setErrorCode(Errors.DUPLICATE_RESOURCE.code())
                        .setErrorMessage("Cannot describe SCRAM credentials for the same user twice in a single request"));
                continue;
            }
            List<ScramCredentials.Info> infos = credentials.describe(user);
            if (infos.isEmpty()) {
                response.results().add(new DescribeUserScramCredentialsResult().setUser(user)
                        .setErrorCode(Errors.RESOURCE_NOT_FOUND.code())
                        .setErrorMessage("Attempt to describe a user credential that does not exist"));
            } else {
                response.results().add(result(user, infos));
            }
        }
    }

    private static DescribeUserScramCredentialsResult result(String user, List<ScramCredentials.Info> infos) {
        DescribeUserScramCredentialsResult result = new DescribeUserScramCredentialsResult().setUser(user);
        for (ScramCredentials.Info info : infos) {
            result.credentialInfos().add(new CredentialInfo().setMechanism(info.mechanism().type())
                    .setIterations(info.iterations()));
        }
        return result;
    }
}
