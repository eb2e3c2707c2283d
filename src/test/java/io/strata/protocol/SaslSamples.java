package io.strata.protocol;

import static io.strata.protocol.ProtocolSamples.bytes;

import java.util.List;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/** Sample bodies of the SASL and SCRAM credential APIs for the codec tests. */
final class SaslSamples {

    private SaslSamples() {}

    static ApiMessage request(ApiKeys key, short v) {
        return switch (key) {
            case SASL_HANDSHAKE -> new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-256");
            case SASL_AUTHENTICATE -> new SaslAuthenticateRequestData().setAuthBytes(bytes("n,,n=alice,r=nonce"));
            case DESCRIBE_USER_SCRAM_CREDENTIALS -> new DescribeUserScramCredentialsRequestData().setUsers(List.of(
                    new DescribeUserScramCredentialsRequestData.UserName().setName("alice")));
            case ALTER_USER_SCRAM_CREDENTIALS -> new AlterUserScramCredentialsRequestData()
                    .setDeletions(List.of(new AlterUserScramCredentialsRequestData.ScramCredentialDeletion()
                            .setName("bob").setMechanism((byte) 2)))
                    .setUpsertions(List.of(new AlterUserScramCredentialsRequestData.ScramCredentialUpsertion()
                            .setName("alice").setMechanism((byte) 1).setIterations(8192).setSalt(bytes("salt"))
                            .setSaltedPassword(bytes("salted"))));
            default -> throw new IllegalArgumentException("No sample for " + key);
        };
    }

    static ApiMessage response(ApiKeys key, short v) {
        return switch (key) {
            case SASL_HANDSHAKE -> new SaslHandshakeResponseData().setMechanisms(List.of("OAUTHBEARER", "SCRAM-SHA-512"));
            case SASL_AUTHENTICATE -> {
                SaslAuthenticateResponseData data = new SaslAuthenticateResponseData().setErrorCode((short) 58)
                        .setErrorMessage("Authentication failed").setAuthBytes(bytes("v=signature"));
                yield v >= 1 ? data.setSessionLifetimeMs(60_000) : data;
            }
            case DESCRIBE_USER_SCRAM_CREDENTIALS -> new DescribeUserScramCredentialsResponseData().setResults(List.of(
                    new DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult().setUser("alice")
                            .setCredentialInfos(List.of(new DescribeUserScramCredentialsResponseData.CredentialInfo()
                                    .setMechanism((byte) 1).setIterations(8192)))));
            case ALTER_USER_SCRAM_CREDENTIALS -> new AlterUserScramCredentialsResponseData().setResults(List.of(
                    new AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult().setUser("bob")
                            .setErrorCode((short) 91).setErrorMessage("Attempt to delete a user credential that does not exist")));
            default -> throw new IllegalArgumentException("No sample for " + key);
        };
    }
}
