package org.tearline.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.domain.Peer;
import org.tearline.error.PeerFailureException;
import org.tearline.testing.TestServer;

/**
 * A peer's certificate is verified: one the JDK does not trust is reported by {@code peer test}
 * and kept as the peer's state, and the same peer with its CA file given is reached.
 */
class PeerTlsTest {

    @TempDir
    Path dir;

    @Test
    void anUntrustedCertificateIsReportedAndTheCaFileMakesItTrusted() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        Path cert = dir.resolve("a.crt");
        Path key = dir.resolve("a.key");
        try (Writer w = Files.newBufferedWriter(cert);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(selfSigned(keys));
        }
        try (Writer w = Files.newBufferedWriter(key);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
        TearlineConfig config = TestServer.config(null);
        TearlineConfig.Server s = config.server();
        try (TestServer a = TestServer.start(
                        dir.resolve("a"),
                        config.withServer(
                                new TearlineConfig.Server("127.0.0.1", 0, cert, key, false, s.maxThreads())));
                TestServer b = TestServer.start(dir.resolve("b"))) {
            a.user("tearline-b", Account.Role.PARTNER);
            String url = a.base() + "/taxii2/";
            assertThat(url).startsWith("https://");
            b.app().peers().add("a", url, "tearline-b", null, null, TestServer.PASSWORD.toCharArray());
            b.app().peers().add("a-with-ca", url, "tearline-b", null, cert, TestServer.PASSWORD.toCharArray());

            assertThatThrownBy(() -> b.app().peers().test("a"))
                    .isInstanceOfSatisfying(
                            PeerFailureException.class,
                            e -> assertThat(e.kind()).isEqualTo(PeerFailureException.Kind.TLS))
                    .hasMessageContaining("--ca-file");
            Peer failing = b.app().peers().peers().get(0);
            assertThat(failing.name()).isEqualTo("a");
            assertThat(failing.failing()).isTrue();
            assertThat(failing.lastError()).startsWith("tls:");

            PeerService.TestReport ok = b.app().peers().test("a-with-ca");
            assertThat(ok.apiRoot()).startsWith("https://");
            assertThat(ok.roundTrip()).isPositive();
            assertThat(b.app().peers().peers().get(1).failing()).isFalse();
        }
    }

    private static X509Certificate selfSigned(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()),
                Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))),
                name,
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
        }));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
}
