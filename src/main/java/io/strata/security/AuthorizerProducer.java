package io.strata.security;

import io.quarkus.arc.DefaultBean;
import io.strata.config.StrataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * Chooses the {@link Authorizer} from {@code strata.auth.mode}: {@code none} allows everything;
 * {@code oidc} denies everything until the ACL authorizer lands. It is a {@link DefaultBean}, so any
 * other {@code Authorizer} bean (the ACL authorizer, a test's) replaces it without touching this.
 */
@ApplicationScoped
public class AuthorizerProducer {

    private static final Logger LOG = Logger.getLogger(AuthorizerProducer.class);

    @Produces
    @DefaultBean
    @ApplicationScoped
    Authorizer authorizer(StrataConfig config) {
        if (config.auth().mode() == StrataConfig.AuthMode.none) {
            return new AllowAllAuthorizer();
        }
        LOG.warn("strata.auth.mode=oidc but no ACL authorizer is installed yet: every request is denied");
        return new DenyAllAuthorizer();
    }
}
