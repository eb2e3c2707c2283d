package io.strata.security;

import io.quarkus.arc.DefaultBean;
import io.strata.config.StrataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;

/**
 * Chooses the {@link Authorizer} from {@code strata.auth.mode}: {@code none} allows everything;
 * {@code oidc} decides by the ACLs in PostgreSQL ({@link AclAuthorizer}). It is a {@link DefaultBean},
 * so another {@code Authorizer} bean (a test's) replaces it without touching this.
 */
@ApplicationScoped
public class AuthorizerProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Authorizer authorizer(StrataConfig config, AclCache acls) {
        if (config.auth().mode() == StrataConfig.AuthMode.none) {
            return new AllowAllAuthorizer();
        }
        return new AclAuthorizer(acls::index, config.auth().superUsers().orElse(List.of()),
                Principal.user(config.kafka().interBroker().username()));
    }
}
