package io.strata.kafka;

import io.strata.security.AclAdmin;
import io.strata.security.AclBinding;
import io.strata.security.Operation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.message.DescribeAclsResponseData.AclDescription;
import org.apache.kafka.common.message.DescribeAclsResponseData.DescribeAclsResource;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeAcls: needs DESCRIBE on the cluster (else CLUSTER_AUTHORIZATION_FAILED); answers the
 * bindings the filter selects, grouped by resource pattern as Kafka does. A filter with unknown
 * codes is INVALID_REQUEST. Reads PostgreSQL on a worker. Stateless; thread-safe.
 */
@ApplicationScoped
public class DescribeAclsHandler implements ApiHandler {

    private final AclAdmin acls;
    private final KafkaAuthorization auth;

    @Inject
    public DescribeAclsHandler(AclAdmin acls, KafkaAuthorization auth) {
        this.acls = acls;
        this.auth = auth;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_ACLS;
    }

    @Override
    public CompletionStage<ApiMessage> handle(RequestContext context) {
        DescribeAclsRequestData r = context.body();
        return context.blocking(() -> {
            DescribeAclsResponseData response = new DescribeAclsResponseData();
            if (!auth.allowedOnCluster(context, Operation.DESCRIBE)) {
                return response.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                        .setErrorMessage(Errors.CLUSTER_AUTHORIZATION_FAILED.message());
            }
            List<AclBinding> found;
            try {
                found = acls.describe(KafkaAcls.filter(new KafkaAcls.WireFilter(r.resourceTypeFilter(),
                        r.resourceNameFilter(), r.patternTypeFilter(), r.principalFilter(), r.hostFilter(), r.operation(),
                        r.permissionType())));
            } catch (RuntimeException e) {
                return response.setErrorCode(KafkaErrors.code(e)).setErrorMessage(KafkaErrors.message(e));
            }
            Map<List<Object>, DescribeAclsResource> byResource = new LinkedHashMap<>();
            for (AclBinding b : found) {
                byResource.computeIfAbsent(List.of(b.resourceType(), b.patternType(), b.resourceName()),
                        k -> new DescribeAclsResource().setResourceType(KafkaAcls.code(b.resourceType()))
                                .setResourceName(b.resourceName()).setPatternType(KafkaAcls.code(b.patternType())))
                        .acls().add(new AclDescription().setPrincipal(b.principal()).setHost(b.host())
                                .setOperation(KafkaAcls.code(b.operation())).setPermissionType(KafkaAcls.code(b.permission())));
            }
            response.resources().addAll(byResource.values());
            return response;
        });
    }
}
