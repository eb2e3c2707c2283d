package io.strata.kafka;

import io.strata.security.Caller;
import io.strata.security.Principal;
import io.strata.security.TokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Test stand-in for the OIDC verifier (which lives on the OIDC branch): checks the RS256 signature
 * against {@link TestJwts#TRUSTED}, the issuer and expiry, and maps the token to a Caller the way
 * the broker does ({@code User:<preferred_username>}, realm roles). Enabled by a test profile only.
 */
@Alternative
@ApplicationScoped
public class JwtTestTokenVerifier implements TokenVerifier {

    private final JwtConsumer consumer = new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds(0)
            .setExpectedIssuer(TestJwts.ISSUER)
            .setVerificationKey(TestJwts.TRUSTED.getPublicKey())
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
            .build();

    @Override
    public VerifiedToken verify(String accessToken, String host) {
        try {
            JwtClaims claims = consumer.processToClaims(accessToken);
            Set<String> roles = new HashSet<>();
            if (claims.getClaimValue("realm_access") instanceof Map<?, ?> access && access.get("roles") instanceof List<?> list) {
                list.forEach(r -> roles.add(String.valueOf(r)));
            }
            Caller caller = new Caller(Principal.user(claims.getStringClaimValue("preferred_username")), host, roles);
            return new VerifiedToken(caller, claims.getExpirationTime().getValueInMillis());
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new TokenRejectedException(e.getMessage(), e);
        }
    }
}
