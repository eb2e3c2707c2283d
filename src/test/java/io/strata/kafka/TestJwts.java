package io.strata.kafka;

import java.util.List;
import java.util.Map;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Real RS256-signed JWTs for the OAUTHBEARER tests, shaped like Keycloak's access tokens
 * ({@code preferred_username}, {@code realm_access.roles}), signed by a key generated per test run
 * ({@link #TRUSTED}, the one {@link JwtTestTokenVerifier} accepts) or by a stranger's key.
 */
final class TestJwts {

    static final String ISSUER = "https://strata-test.invalid/realms/strata";
    static final RsaJsonWebKey TRUSTED = generate("trusted");
    static final RsaJsonWebKey STRANGER = generate("stranger");

    private TestJwts() {}

    private static RsaJsonWebKey generate(String keyId) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(keyId);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(RsaJsonWebKey signer, String username, long expiresAtMs, List<String> roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("id-" + username);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromMilliseconds(expiresAtMs));
        claims.setClaim("preferred_username", username);
        claims.setClaim("realm_access", Map.of("roles", roles));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
