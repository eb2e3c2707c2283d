package io.strata.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away self-signed certificate for {@code localhost} and 127.0.0.1 (RSA 2048, PEM),
 * made by the machine's {@code openssl}: what SSL and SASL_SSL listener tests serve and trust.
 *
 * @param certificateFile PEM certificate, also the clients' trust store ({@code ssl.truststore.type=PEM})
 * @param keyFile         PEM PKCS#8 private key, unencrypted
 */
public record SelfSignedCertificate(Path certificateFile, Path keyFile) {

    /**
     * The certificate named {@code name}, made on first use in this JVM. Shared through a system
     * property because Quarkus loads a test's profile and the test itself in different class
     * loaders, which would otherwise each make (and trust) their own.
     */
    public static SelfSignedCertificate shared(String name) {
        String property = "selfsigned-certificate-dir." + name;
        synchronized (property.intern()) {
            String dir = System.getProperty(property);
            if (dir == null) {
                SelfSignedCertificate created = generate();
                System.setProperty(property, created.certificateFile().getParent().toString());
                return created;
            }
            return new SelfSignedCertificate(Path.of(dir, "cert.pem"), Path.of(dir, "key.pem"));
        }
    }

    /** The broker settings of a Kafka listener of {@code protocol} (SSL or SASL_SSL) serving this certificate. */
    public java.util.Map<String, String> listenerConfig(String protocol) {
        return java.util.Map.of("strata.kafka.security-protocol", protocol,
                "strata.kafka.ssl.certificate-file", certificateFile.toString(),
                "strata.kafka.ssl.key-file", keyFile.toString());
    }

    public static SelfSignedCertificate generate() {
        try {
            Path dir = Files.createTempDirectory("strata-tls-");
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key.toString(), "-out", cert.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
            }
            return new SelfSignedCertificate(cert, key);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a test certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
