package org.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tearline.testing.TaxiiAssert.assertTaxii;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.error.ConfigurationException;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * TLS from PEM files (TAXII 2.1 section 8.5.1: TLS 1.2 at least, 1.3 preferred), and the refusal
 * to serve plain HTTP where it is not safe.
 */
class TlsTest {

    @TempDir
    static Path dir;

    static X509Certificate certificate;
    static Path certificateFile;
    static Path keyFile;
    static TestServer server;

    @BeforeAll
    static void startWithSelfSignedCertificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        certificate = selfSigned(keys);
        certificateFile = dir.resolve("server.crt");
        keyFile = dir.resolve("server.key");
        try (Writer w = Files.newBufferedWriter(certificateFile);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(certificate);
        }
        try (Writer w = Files.newBufferedWriter(keyFile);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        server = TestServer.start(dir.resolve("data"), withTls(certificateFile, keyFile));
        server.user("alice", Account.Role.PARTNER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TearlineConfig withTls(Path certificate, Path key) {
        TearlineConfig config = TestServer.config(null);
        TearlineConfig.Server s = config.server();
        return config.withServer(new TearlineConfig.Server("127.0.0.1", 0, certificate, key, false, s.maxThreads()));
    }

    /** An HttpClient that trusts only the test certificate and speaks only {@code protocol}. */
    static HttpClient client(String protocol) throws Exception {
        return client(protocol, certificate);
    }

    /** An HttpClient that trusts only {@code trust} and speaks only {@code protocol}. */
    static HttpClient client(String protocol, X509Certificate trust) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("tearline", trust);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder()
                .sslContext(context)
                .sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void servesTaxiiOverModernTls(String protocol) throws Exception {
        assertThat(server.base().getScheme()).isEqualTo("https");
        HttpResponse<String> response = client(protocol)
                .send(
                        HttpRequest.newBuilder(server.base().resolve("/taxii2/"))
                                .header("Accept", TaxiiClient.TAXII)
                                .header("Authorization", TaxiiClient.basic("alice", TestServer.PASSWORD))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession())
                .hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo(protocol));
    }

    @Test
    void discoveryAnnouncesHttpsApiRoots() throws Exception {
        TaxiiClient alice =
                new TaxiiClient(server.base(), TaxiiClient.basic("alice", TestServer.PASSWORD), client("TLSv1.3"));
        JsonNode discovery = assertTaxii(alice.get("/taxii2/"), 200);
        assertThat(discovery.path("api_roots").get(0).asText())
                .isEqualTo("https://127.0.0.1:" + server.base().getPort() + "/tearline/");
        assertTaxii(alice.get(discovery.path("api_roots").get(0).asText()), 200);
    }

    @Test
    void untrustedClientCannotConnect() throws Exception {
        HttpClient defaults =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request =
                HttpRequest.newBuilder(server.base().resolve("/taxii2/")).build();
        assertThatThrownBy(() -> defaults.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void handshakeOfTls12IsAnsweredWithServerHello() throws IOException {
        byte[] answer = hello(0x0303);
        assertThat(answer[0]).as("record type: handshake").isEqualTo((byte) 0x16);
        assertThat(answer[5]).as("handshake type: server_hello").isEqualTo((byte) 0x02);
        assertThat(new byte[] {answer[9], answer[10]}).as("server version").containsExactly(0x03, 0x03);
    }

    @ParameterizedTest(name = "client_version {0}")
    @ValueSource(ints = {0x0302, 0x0301})
    void refusesTls11AndOlder(int version) throws IOException {
        byte[] answer = hello(version);
        assertThat(answer.length).isGreaterThanOrEqualTo(7);
        assertThat(answer[0]).as("record type: alert").isEqualTo((byte) 0x15);
        assertThat(answer[5]).as("alert level: fatal").isEqualTo((byte) 2);
        assertThat(answer[6]).as("alert: protocol_version").isEqualTo((byte) 70);
    }

    /**
     * Sends a ClientHello offering only {@code version} (the JDK's own client will not offer
     * TLS 1.1 at all) and returns the first bytes of the answer.
     */
    static byte[] hello(int version) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] suites = {0xc02b, 0xc02c, 0xc023, 0xc024, 0xc009, 0xc00a, 0x00ff};
        u16(body, suites.length * 2);
        for (int s : suites) {
            u16(body, s);
        }
        body.write(1);
        body.write(0); // no compression
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extension(extensions, 0x000a, 0x0004, 0x0017, 0x001d); // groups: P-256, x25519
        extensions.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00}); // point formats
        extension(extensions, 0x000d, 0x0008, 0x0403, 0x0804, 0x0401, 0x0203); // sig algs
        extensions.writeBytes(new byte[] {0x00, 0x17, 0x00, 0x00}); // extended master secret
        u16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        u16(record, 0x0301);
        u16(record, body.size() + 4);
        record.write(0x01); // client_hello
        record.write(0);
        u16(record, body.size());
        record.writeBytes(body.toByteArray());

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.base().getPort()), 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(record.toByteArray());
            out.flush();
            InputStream in = new DataInputStream(socket.getInputStream());
            return in.readNBytes(11);
        }
    }

    /** An extension whose data is one length-prefixed list of 16-bit values. */
    private static void extension(ByteArrayOutputStream out, int type, int listBytes, int... values) {
        u16(out, type);
        u16(out, listBytes + 2);
        u16(out, listBytes);
        for (int v : values) {
            u16(out, v);
        }
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"with its public key", "without its public key"})
    void servesWithATraditionalEcPrivateKey(String form) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X509Certificate cert = selfSigned(keys);
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey())
                .getKey();
        ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = form.startsWith("with ")
                ? new org.bouncycastle.asn1.sec.ECPrivateKey(
                        256,
                        d,
                        new DERBitString(SubjectPublicKeyInfo.getInstance(
                                        keys.getPublic().getEncoded())
                                .getPublicKeyData()
                                .getBytes()),
                        curve)
                : new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, curve);
        Path certFile = dir.resolve("ec-" + form.length() + ".crt");
        Path keyFile = dir.resolve("ec-" + form.length() + ".key");
        try (JcaPEMWriter pem = new JcaPEMWriter(Files.newBufferedWriter(certFile))) {
            pem.writeObject(cert);
        }
        try (PemWriter pem = new PemWriter(Files.newBufferedWriter(keyFile))) {
            pem.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }

        HttpServer bare = new HttpServer(new HttpServer.Settings("127.0.0.1", 0, certFile, keyFile, false, 8), null);
        bare.start();
        try {
            HttpResponse<String> response = client("TLSv1.3", cert)
                    .send(
                            HttpRequest.newBuilder(bare.baseUri().resolve("/taxii2/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.sslSession()).isPresent();
        } finally {
            bare.close();
        }
    }

    static X509Certificate selfSigned(KeyPair keys) throws Exception {
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

    @ParameterizedTest(name = "host {0}")
    @ValueSource(strings = {"0.0.0.0", "192.0.2.10"})
    void refusesPlainHttpOnANonLoopbackAddress(String host) {
        assertThatThrownBy(() -> new HttpServer(new HttpServer.Settings(host, 0, null, null, false, 8), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("TLS");
    }

    @Test
    void servesPlainHttpOnLoopbackOrBehindATlsProxy() {
        for (HttpServer.Settings settings : List.of(
                new HttpServer.Settings("127.0.0.1", 0, null, null, false, 8),
                new HttpServer.Settings("localhost", 0, null, null, false, 8),
                new HttpServer.Settings("0.0.0.0", 0, null, null, true, 8),
                new HttpServer.Settings("0.0.0.0", 0, certificateFile, keyFile, false, 8))) {
            new HttpServer(settings, null).close();
        }
    }

    @Test
    void refusesIncompleteOrUnreadableTlsFiles() throws IOException {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n" + "-----END CERTIFICATE-----\n");
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "");
        List<HttpServer.Settings> bad = List.of(
                new HttpServer.Settings("127.0.0.1", 0, certificateFile, null, false, 8),
                new HttpServer.Settings("127.0.0.1", 0, null, keyFile, false, 8),
                new HttpServer.Settings("127.0.0.1", 0, garbage, keyFile, false, 8),
                new HttpServer.Settings("127.0.0.1", 0, empty, keyFile, false, 8),
                new HttpServer.Settings("127.0.0.1", 0, certificateFile, empty, false, 8),
                new HttpServer.Settings("127.0.0.1", 0, certificateFile, certificateFile, false, 8),
                new HttpServer.Settings("127.0.0.1", 0, dir.resolve("missing.crt"), keyFile, false, 8));
        for (HttpServer.Settings settings : bad) {
            assertThatThrownBy(() -> new HttpServer(settings, null))
                    .as("%s", settings)
                    .isInstanceOf(ConfigurationException.class);
        }
    }
}
