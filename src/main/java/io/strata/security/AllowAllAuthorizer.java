package io.strata.security;

/** Allows everything: the authorizer of {@code strata.auth.mode=none}, for trusted networks only. */
public final class AllowAllAuthorizer implements Authorizer {

    @Override
    public boolean authorize(Caller caller, Operation operation, ResourceType resourceType, String resourceName) {
        return true;
    }
}
