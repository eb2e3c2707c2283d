package io.strata.cluster;

import io.strata.config.StrataConfig;
import io.strata.config.StrataConfig.SecurityProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslClient;

/**
 * Opens broker-to-broker connections the way this cluster's listeners require: TLS (trusting
 * {@code strata.kafka.ssl.trust-certificate-file}, else the listener's own certificate file) for
 * SSL and SASL_SSL, then SCRAM as the inter-broker user ({@code strata.kafka.inter-broker.*},
 * kafka-clients' own {@link ScramSaslClient}) for SASL_PLAINTEXT and SASL_SSL. Every broker of a
 * cluster is assumed to run the same listener security protocol.
 *
 * <p>Immutable; thread-safe. The clients it returns are not.
 */
final class BrokerConnector {

    /** SaslHandshake v1 and SaslAuthenticate v2, what Kafka 4 clients use. */
    private static final short HANDSHAKE_VERSION = 1;
    private static final short AUTHENTICATE_VERSION = 2;

    private final SecurityProtocol protocol;
    private final SSLSocketFactory tls;
    private final String username;
    private final Optional<String> password;
    private final ScramMechanism mechanism;

    BrokerConnector(StrataConfig config) {
        this.protocol = config.kafka().effectiveSecurityProtocol(config.auth().mode());
        this.tls = protocol.ssl() ? tlsFactory(config.kafka().ssl()) : null;
        this.username = config.kafka().interBroker().username();
        this.password = config.kafka().interBroker().password();
        this.mechanism = ScramMechanism.forMechanismName(config.kafka().interBroker().mechanism());
    }

    /** A connected (and, on SASL listeners, authenticated) client; the caller owns and closes it. */
    KafkaBlockingClient connect(String host, int port, String clientId, int connectTimeoutMs, int readTimeoutMs)
            throws IOException {
        KafkaBlockingClient client = new KafkaBlockingClient(host, port, clientId, connectTimeoutMs, readTimeoutMs, tls);
        if (!protocol.sasl()) {
            return client;
        }
        try {
            authenticate(client);
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private void authenticate(KafkaBlockingClient client) throws IOException {
        if (password.isEmpty() || mechanism == null) {
            throw new IOException("The listener is " + protocol + " but strata.kafka.inter-broker.password is not set "
                    + "(or inter-broker.mechanism is not SCRAM-SHA-256/512): cannot authenticate to other brokers");
        }
        SaslHandshakeResponseData handshake = (SaslHandshakeResponseData) client.send(ApiKeys.SASL_HANDSHAKE,
                HANDSHAKE_VERSION, new SaslHandshakeRequestData().setMechanism(mechanism.mechanismName()));
        if (handshake.errorCode() != Errors.NONE.code()) {
            throw new IOException("Broker refused SASL mechanism " + mechanism.mechanismName() + ": "
                    + Errors.forCode(handshake.errorCode()) + " (offers " + handshake.mechanisms() + ")");
        }
        SaslClient sasl = scramClient();
        byte[] response = sasl.evaluateChallenge(new byte[0]);
        while (true) {
            SaslAuthenticateResponseData answer = (SaslAuthenticateResponseData) client.send(ApiKeys.SASL_AUTHENTICATE,
                    AUTHENTICATE_VERSION, new SaslAuthenticateRequestData().setAuthBytes(response));
            if (answer.errorCode() != Errors.NONE.code()) {
                throw new IOException("Inter-broker SASL authentication as " + username + " failed: " + answer.errorMessage());
            }
            response = sasl.evaluateChallenge(answer.authBytes());
            if (sasl.isComplete()) {
                client.sessionLifetime(answer.sessionLifetimeMs());
                return;
            }
        }
    }

    private SaslClient scramClient() throws SaslException {
        try {
            return new ScramSaslClient(mechanism, callbacks -> {
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(username);
                    } else if (callback instanceof PasswordCallback pw) {
                        pw.setPassword(password.orElseThrow().toCharArray());
                    } else if (!(callback instanceof ScramExtensionsCallback)) {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
        } catch (NoSuchAlgorithmException e) {
            throw new SaslException("The JDK lacks " + mechanism.hashAlgorithm(), e);
        }
    }

    /** Trusts the certificates of one PEM file (the cluster's CA, or the shared self-signed certificate). */
    private static SSLSocketFactory tlsFactory(StrataConfig.Ssl ssl) {
        String file = ssl.trustCertificateFile().or(ssl::certificateFile).orElseThrow(() -> new IllegalArgumentException(
                "An SSL listener needs strata.kafka.ssl.certificate-file (or ssl.trust-certificate-file for replication)"));
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("trusted-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the trusted certificates in " + file + ": " + e.getMessage(), e);
        }
    }
}
