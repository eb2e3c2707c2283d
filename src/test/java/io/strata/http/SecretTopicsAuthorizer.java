package io.strata.http;

import io.strata.security.Authorizer;
import io.strata.security.Operation;
import io.strata.security.Caller;
import io.strata.security.ResourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * Test authorizer: denies everything on topics named {@code secret-*}; on {@code readonly-*} topics
 * allows only CREATE, DESCRIBE and READ. On the cluster it allows DESCRIBE. Enabled only by
 * {@link AuthorizationApiTest}'s profile.
 */
@Alternative
@ApplicationScoped
public class SecretTopicsAuthorizer implements Authorizer {

    @Override
    public boolean authorize(Caller caller, Operation operation, ResourceType resourceType, String resourceName) {
        if (resourceType != ResourceType.TOPIC) {
            return resourceType == ResourceType.CLUSTER && operation == Operation.DESCRIBE;
        }
        if (resourceName.startsWith("secret-")) {
            return false;
        }
        if (resourceName.startsWith("readonly-")) {
            return operation == Operation.DESCRIBE || operation == Operation.READ || operation == Operation.CREATE;
        }
        return true;
    }
}
