package io.strata.kafka;

import io.strata.security.AclAdmin;
import io.strata.security.AclBinding;
import io.strata.security.AclBindingFilter;
import io.strata.security.Operation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsFilterResult;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsMatchingAcl;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DeleteAcls: needs ALTER on the cluster (else every filter is CLUSTER_AUTHORIZATION_FAILED). Each
 * filter answers the bindings it deleted; an invalid filter answers INVALID_REQUEST alone; the valid
 * ones are applied in one transaction. Database work runs on a worker. Stateless; thread-safe.
 */
@ApplicationScoped
public class DeleteAclsHandler implements ApiHandler {

    private final AclAdmin acls;
    private final KafkaAuthorization auth;

    @Inject
    public DeleteAclsHandler(AclAdmin acls, KafkaAuthorization auth) {
        this.acls = acls;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_ACLS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DeleteAclsRequestData request = context.body();
        return context.blocking(() -> {
            DeleteAclsResponseData response = new DeleteAclsResponseData();
            boolean allowed = auth.allowedOnCluster(context, Operation.ALTER);
            List<AclBindingFilter> valid = new ArrayList<>();
            List<DeleteAclsFilterResult> validResults = new ArrayList<>();
            for (DeleteAclsRequestData.DeleteAclsFilter f : request.filters()) {
                DeleteAclsFilterResult result = new DeleteAclsFilterResult();
                response.filterResults().add(result);
                if (!allowed) {
                    result.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                            .setErrorMessage(Errors.CLUSTER_AUTHORIZATION_FAILED.message());
                    continue;
                }
                try {
                    valid.add(KafkaAcls.filter(new KafkaAcls.WireFilter(f.resourceTypeFilter(), f.resourceNameFilter(),
                            f.patternTypeFilter(), f.principalFilter(), f.hostFilter(), f.operation(), f.permissionType())));
                    validResults.add(result);
                } catch (RuntimeException e) {
                    result.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e));
                }
            }
            if (valid.isEmpty()) {
                return response;
            }
            try {
                List<List<AclBinding>> deleted = acls.delete(context.caller(), valid);
                for (int i = 0; i < deleted.size(); i++) {
                    for (AclBinding b : deleted.get(i)) {
                        validResults.get(i).matchingAcls().add(new DeleteAclsMatchingAcl()
                                .setResourceType(KafkaAcls.code(b.resourceType())).setResourceName(b.resourceName())
                                .setPatternType(KafkaAcls.code(b.patternType())).setPrincipal(b.principal())
                                .setHost(b.host()).setOperation(KafkaAcls.code(b.operation()))
                                .setPermissionType(KafkaAcls.code(b.permission())));
                    }
                }
            } catch (RuntimeException e) {
                validResults.forEach(r -> r.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e)));
            }
            return response;
        });
    }
}
