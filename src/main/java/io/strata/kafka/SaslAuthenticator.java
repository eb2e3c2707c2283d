package io.strata.kafka;

import io.strata.security.AuditLog.AuditEvent;
import io.strata.security.AuditLog.Outcome;
import io.strata.security.Caller;
import io.strata.security.Principal;
import io.strata.security.ResourceType;
import java.util.Set;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

/**
 * One connection's SASL state machine, as Kafka's server runs it (KIP-43, KIP-152, KIP-368):
 *
 * <pre>
 *   HANDSHAKE --SaslHandshake(ok)--> AUTHENTICATE --SaslAuthenticate(complete)--> AUTHENTICATED
 *   AUTHENTICATED --SaslHandshake(same mechanism)--> AUTHENTICATE (re-authentication, old identity kept meanwhile)
 *   any failure --> FAILED (the connection closes once the error response is written)
 * </pre>
 *
 * <p>Invariants: on a SASL listener no request but ApiVersions, SaslHandshake and SaslAuthenticate
 * is admitted before the first authentication completes, and frames are capped at
 * {@code sasl-server-max-receive-size} until then; a session past its lifetime admits nothing but
 * re-authentication; re-authentication may not change the mechanism or the principal. On a
 * non-SASL listener it is complete from the start and the SASL requests get ILLEGAL_SASL_STATE.
 *
 * <p>Thread-safe: state changes happen under this object's lock, never held while a SASL server
 * evaluates a response (token verification may block). The connection calls {@link #admit} and
 * reads {@link #caller} on its event loop; the handlers run exchanges on the connection's serial
 * worker, one at a time.
 */
public final class SaslAuthenticator {

    private static final Logger LOG = Logger.getLogger(SaslAuthenticator.class);

    private enum State { HANDSHAKE, AUTHENTICATE, AUTHENTICATED, FAILED }

    private final SaslMechanisms mechanisms;
    private final boolean required;
    private final String host;
    private State state;
    private Caller caller;
    private boolean everAuthenticated;
    private String mechanism;
    private SaslServer server;
    /** System.nanoTime() after which the session admits only re-authentication; MAX_VALUE for never. */
    private long sessionExpiresAtNanos = Long.MAX_VALUE;

    SaslAuthenticator(SaslMechanisms mechanisms, boolean required, String host) {
        this.mechanisms = mechanisms;
        this.required = required;
        this.host = host;
        this.caller = Caller.anonymous(host);
        this.state = required ? State.HANDSHAKE : State.AUTHENTICATED;
        this.everAuthenticated = !required;
    }

    /** Who the connection's requests run as: anonymous until the first authentication completes. */
    synchronized Caller caller() {
        return caller;
    }

    /** Whether ordinary requests may flow (always on a non-SASL listener). */
    synchronized boolean authenticated() {
        return everAuthenticated && state != State.FAILED;
    }

    /** Whether the connection must close once the response in progress is written. */
    synchronized boolean failed() {
        return state == State.FAILED;
    }

    /** The largest frame to accept now: the SASL cap until the first authentication, else {@code authenticatedMaxBytes}. */
    synchronized int maxFrameBytes(int authenticatedMaxBytes) {
        return everAuthenticated ? authenticatedMaxBytes : Math.min(authenticatedMaxBytes, mechanisms.maxReceiveBytes());
    }

    /** Null to serve a request of {@code key}, else why the connection must close instead. */
    synchronized String admit(ApiKeys key, long nowNanos) {
        if (!required) {
            return null;
        }
        boolean saslRequest = key == ApiKeys.SASL_HANDSHAKE || key == ApiKeys.SASL_AUTHENTICATE;
        if (state == State.FAILED) {
            return "authentication failed";
        }
        if (!everAuthenticated) {
            return saslRequest || key == ApiKeys.API_VERSIONS ? null : "unexpected " + key + " request before SASL authentication";
        }
        if (nowNanos - sessionExpiresAtNanos >= 0 && !saslRequest) {
            return "SASL session of " + caller + " expired without re-authentication";
        }
        return null;
    }

    /** A v0 handshake (raw SASL tokens follow it, which this broker does not read): refused, then closed. */
    synchronized SaslHandshakeResponseData refuseRawTokenHandshake() {
        fail("SaslHandshake v0 (unframed SASL tokens) is not supported; use v1 with SaslAuthenticate");
        return new SaslHandshakeResponseData().setMechanisms(mechanisms.enabled())
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code());
    }

    synchronized SaslHandshakeResponseData handshake(String requested) {
        SaslHandshakeResponseData response = new SaslHandshakeResponseData().setMechanisms(mechanisms.enabled());
        if (!required) {
            return response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code());
        }
        if (state != State.HANDSHAKE && state != State.AUTHENTICATED) {
            fail("unexpected SaslHandshake");
            return response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code());
        }
        if (!mechanisms.isEnabled(requested)) {
            fail("unsupported mechanism " + requested);
            return response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code());
        }
        if (everAuthenticated && !requested.equals(mechanism)) {
            fail("re-authentication with " + requested + " instead of " + mechanism);
            return response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code());
        }
        mechanism = requested;
        server = mechanisms.newServer(requested, host);
        state = State.AUTHENTICATE;
        return response.setErrorCode(Errors.NONE.code());
    }

    /**
     * Runs one step of the exchange. May block (token verification), so the evaluation itself runs
     * outside this object's lock: the event loop asking {@link #caller} or {@link #admit} meanwhile
     * must never wait for a JWKS fetch.
     */
    SaslAuthenticateResponseData authenticate(short version, byte[] clientBytes, long nowMs, long nowNanos) {
        SaslAuthenticateResponseData response = new SaslAuthenticateResponseData().setAuthBytes(new byte[0]);
        SaslServer exchange;
        String exchangeMechanism;
        synchronized (this) {
            if (!required || state != State.AUTHENTICATE) {
                if (required) {
                    fail("unexpected SaslAuthenticate");
                }
                return response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                        .setErrorMessage("Unexpected SaslAuthenticate request");
            }
            exchange = server;
            exchangeMechanism = mechanism;
        }
        byte[] challenge;
        try {
            challenge = exchange.evaluateResponse(clientBytes);
        } catch (SaslAuthenticationException e) {
            return authenticationFailed(response, e.getMessage());
        } catch (SaslException | RuntimeException e) {
            LOG.debugf(e, "%s exchange with %s failed", exchangeMechanism, host);
            return authenticationFailed(response, "Authentication failed during authentication due to invalid credentials "
                    + "with SASL mechanism " + exchangeMechanism);
        }
        return completeStep(exchange, version, challenge, nowMs, nowNanos, response);
    }

    private synchronized SaslAuthenticateResponseData completeStep(SaslServer exchange, short version, byte[] challenge,
            long nowMs, long nowNanos, SaslAuthenticateResponseData response) {
        if (exchange != server || state != State.AUTHENTICATE) {
            // Only a client breaking the protocol (a handshake during an exchange) gets here.
            return authenticationFailed(response, "The SASL exchange was interrupted");
        }
        response.setAuthBytes(challenge == null ? new byte[0] : challenge);
        if (!server.isComplete()) {
            return response;
        }
        Caller authenticatedAs = authenticatedCaller();
        long credentialExpiresAtMs = server.getNegotiatedProperty("OAUTHBEARER.token") instanceof VerifiedBearerToken token
                ? token.verified().expiresAtMs() : Long.MAX_VALUE;
        dispose();
        if (everAuthenticated && !authenticatedAs.principal().equals(caller.principal())) {
            return authenticationFailed(response, "Cannot change principals during re-authentication from "
                    + caller.principal() + " to " + authenticatedAs.principal());
        }
        long lifetimeMs = sessionLifetimeMs(credentialExpiresAtMs, nowMs);
        if (lifetimeMs < 0) {
            return authenticationFailed(response, "Authentication failed: the credential has expired");
        }
        caller = authenticatedAs;
        everAuthenticated = true;
        state = State.AUTHENTICATED;
        sessionExpiresAtNanos = lifetimeMs == 0 ? Long.MAX_VALUE : nowNanos + lifetimeMs * 1_000_000L;
        if (version >= 1) {
            response.setSessionLifetimeMs(lifetimeMs);
        }
        return response.setErrorCode(Errors.NONE.code());
    }

    /** 0 for an unlimited session, negative when the credential is already expired. */
    private long sessionLifetimeMs(long credentialExpiresAtMs, long nowMs) {
        long lifetimeMs = credentialExpiresAtMs == Long.MAX_VALUE ? 0 : credentialExpiresAtMs - nowMs;
        if (credentialExpiresAtMs != Long.MAX_VALUE && lifetimeMs <= 0) {
            return -1;
        }
        long maxMs = mechanisms.maxReauthMs();
        if (maxMs > 0) {
            lifetimeMs = lifetimeMs == 0 ? maxMs : Math.min(lifetimeMs, maxMs);
        }
        return lifetimeMs;
    }

    private Caller authenticatedCaller() {
        if (server.getNegotiatedProperty("OAUTHBEARER.token") instanceof VerifiedBearerToken token) {
            return token.verified().caller();
        }
        return new Caller(Principal.user(server.getAuthorizationID()), host, Set.of());
    }

    private synchronized SaslAuthenticateResponseData authenticationFailed(SaslAuthenticateResponseData response,
            String message) {
        mechanisms.auditLog().record(new AuditEvent(caller, "SaslAuthenticate " + mechanism,
                ResourceType.CLUSTER + ":" + ResourceType.CLUSTER_NAME, Outcome.FAILURE, null, null));
        fail(message);
        return response.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(message);
    }

    private void fail(String reason) {
        LOG.debugf("SASL authentication of %s failed: %s", host, reason);
        state = State.FAILED;
        dispose();
    }

    private void dispose() {
        if (server != null) {
            try {
                server.dispose();
            } catch (SaslException ignored) {
                // nothing held worth reporting
            }
            server = null;
        }
    }
}
