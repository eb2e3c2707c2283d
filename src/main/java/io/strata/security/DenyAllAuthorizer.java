package io.strata.security;

/**
 * Denies everything. Used for {@code strata.auth.mode=oidc} until the OIDC/ACL authorizer exists,
 * so that a broker told to require authentication fails closed rather than open.
 */
public final class DenyAllAuthorizer implements Authorizer {

    @Override
    public boolean authorize(Caller caller, Operation operation, ResourceType resourceType, String resourceName) {
        return false;
    }
}
