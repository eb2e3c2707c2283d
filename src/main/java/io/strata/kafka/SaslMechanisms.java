package io.strata.kafka;

import io.strata.config.StrataConfig;
import io.strata.config.StrataConfig.SecurityProtocol;
import io.strata.security.AuditLog;
import io.strata.security.ScramCredentials;
import io.strata.security.TokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerExtensionsValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerSaslServer;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.jboss.logging.Logger;

/**
 * The SASL mechanisms this listener offers ({@code strata.kafka.sasl-mechanisms}) and the factory
 * of their servers: kafka-clients' own {@link ScramSaslServer} over {@link ScramCredentials}, and
 * its {@link OAuthBearerSaslServer} over the shared {@link TokenVerifier}. Building a server never
 * blocks; evaluating one may (token verification can fetch JWKS), so callers do that off the event
 * loop.
 *
 * <p>Immutable after construction; thread-safe. Each {@link SaslServer} it makes belongs to one
 * connection.
 */
@ApplicationScoped
public class SaslMechanisms {

    static final String OAUTHBEARER = "OAUTHBEARER";

    private static final Logger LOG = Logger.getLogger(SaslMechanisms.class);

    private final List<String> enabled;
    private final SecurityProtocol protocol;
    private final long maxReauthMs;
    private final int maxReceiveBytes;
    private final ScramCredentials credentials;
    private final TokenVerifier tokens;
    private final AuditLog auditLog;

    @Inject
    public SaslMechanisms(StrataConfig config, ScramCredentials credentials, TokenVerifier tokens, AuditLog auditLog) {
        this(config.kafka().effectiveSecurityProtocol(config.auth().mode()), config.kafka().saslMechanisms(),
                config.kafka().connectionsMaxReauthMs(), config.kafka().saslServerMaxReceiveSize(), credentials, tokens,
                auditLog);
    }

    SaslMechanisms(SecurityProtocol protocol, List<String> enabled, long maxReauthMs, int maxReceiveBytes,
            ScramCredentials credentials, TokenVerifier tokens, AuditLog auditLog) {
        this.protocol = protocol;
        this.enabled = List.copyOf(enabled);
        for (String name : enabled) {
            if (!OAUTHBEARER.equals(name) && !ScramMechanism.isScram(name)) {
                throw new IllegalArgumentException("strata.kafka.sasl-mechanisms: unsupported mechanism " + name
                        + " (supported: OAUTHBEARER, SCRAM-SHA-256, SCRAM-SHA-512)");
            }
        }
        if (protocol.sasl() && enabled.isEmpty()) {
            throw new IllegalArgumentException("A " + protocol + " listener needs at least one SASL mechanism");
        }
        this.maxReauthMs = maxReauthMs;
        this.maxReceiveBytes = maxReceiveBytes;
        this.credentials = credentials;
        this.tokens = tokens;
        this.auditLog = auditLog;
    }

    /** A new connection's authentication state: already complete unless the listener is SASL. */
    SaslAuthenticator newAuthenticator(String host) {
        return new SaslAuthenticator(this, protocol.sasl(), host);
    }

    List<String> enabled() {
        return enabled;
    }

    boolean isEnabled(String mechanism) {
        return enabled.contains(mechanism);
    }

    long maxReauthMs() {
        return maxReauthMs;
    }

    int maxReceiveBytes() {
        return maxReceiveBytes;
    }

    AuditLog auditLog() {
        return auditLog;
    }

    /** A fresh server for one exchange of an enabled {@code mechanism} with a client at {@code host}. */
    SaslServer newServer(String mechanism, String host) {
        if (OAUTHBEARER.equals(mechanism)) {
            return new OAuthBearerSaslServer(new TokenValidation(host));
        }
        ScramMechanism scram = ScramMechanism.forMechanismName(mechanism);
        try {
            return new ScramSaslServer(scram, Map.of(), callbacks -> {
                String user = null;
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        user = name.getDefaultName();
                    } else if (callback instanceof ScramCredentialCallback credential) {
                        // null (unknown user) makes the server fail with Kafka's "Invalid user credentials".
                        credential.scramCredential(user == null ? null : credentials.lookup(user, scram).orElse(null));
                    } else {
                        throw new UnsupportedCallbackException(callback); // delegation tokens: not supported
                    }
                }
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + scram.hashAlgorithm(), e);
        }
    }

    /**
     * Answers OAuthBearerSaslServer's callbacks with the {@link TokenVerifier} (the server insists on
     * an {@link AuthenticateCallbackHandler}; there is nothing to configure or close here).
     */
    private final class TokenValidation implements AuthenticateCallbackHandler {

        private final String host;

        TokenValidation(String host) {
            this.host = host;
        }

        @Override
        public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
            // configured by construction
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            for (Callback callback : callbacks) {
                if (callback instanceof OAuthBearerValidatorCallback validation) {
                    validate(validation);
                } else if (!(callback instanceof OAuthBearerExtensionsValidatorCallback)) {
                    // Extensions are neither required nor trusted: leaving them unvalidated ignores them.
                    throw new UnsupportedCallbackException(callback);
                }
            }
        }

        private void validate(OAuthBearerValidatorCallback callback) {
            try {
                callback.token(new VerifiedBearerToken(callback.tokenValue(), tokens.verify(callback.tokenValue(), host)));
            } catch (TokenVerifier.TokenRejectedException e) {
                LOG.debugf("OAUTHBEARER token from %s rejected: %s", host, e.getMessage());
                callback.error("invalid_token", null, null);
            }
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
