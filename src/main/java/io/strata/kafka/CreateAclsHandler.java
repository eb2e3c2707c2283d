package io.strata.kafka;

import io.strata.security.AclAdmin;
import io.strata.security.AclBinding;
import io.strata.security.Operation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * CreateAcls: needs ALTER on the cluster (else every creation is CLUSTER_AUTHORIZATION_FAILED). Each
 * creation is validated alone (INVALID_REQUEST with a message); the valid ones are stored in one
 * transaction. Database work runs on a worker. Stateless; thread-safe.
 */
@ApplicationScoped
public class CreateAclsHandler implements ApiHandler {

    private final AclAdmin acls;
    private final KafkaAuthorization auth;

    @Inject
    public CreateAclsHandler(AclAdmin acls, KafkaAuthorization auth) {
        this.acls = acls;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_ACLS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        CreateAclsRequestData request = context.body();
        return context.blocking(() -> {
            CreateAclsResponseData response = new CreateAclsResponseData();
            boolean allowed = auth.allowedOnCluster(context, Operation.ALTER);
            List<AclBinding> valid = new ArrayList<>();
            List<AclCreationResult> validResults = new ArrayList<>();
            for (CreateAclsRequestData.AclCreation c : request.creations()) {
                AclCreationResult result = new AclCreationResult();
                response.results().add(result);
                if (!allowed) {
                    result.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                            .setErrorMessage(Errors.CLUSTER_AUTHORIZATION_FAILED.message());
                    continue;
                }
                try {
                    valid.add(KafkaAcls.binding(c.resourceType(), c.resourceName(), c.resourcePatternType(), c.principal(),
                            c.host(), c.operation(), c.permissionType()));
                    validResults.add(result);
                } catch (RuntimeException e) {
                    result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e));
                }
            }
            if (!valid.isEmpty()) {
                try {
                    acls.create(context.caller(), valid);
                } catch (RuntimeException e) {
                    validResults.forEach(r -> r.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e)));
                }
            }
            return response;
        });
    }
}
