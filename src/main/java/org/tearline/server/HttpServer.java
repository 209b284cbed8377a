package org.tearline.server;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.tearline.error.ConfigurationException;
import org.tearline.http.ErrorReplies;
import org.tearline.taxii.MediaTypes;

/**
 * The Jetty server. TAXII 2.1 requires TLS; Tearline serves plain HTTP only on a loopback
 * address, or on any address when the operator states that a TLS-terminating proxy is in front.
 */
public final class HttpServer implements AutoCloseable {

    /**
     * Listening settings. {@code managementPort}, when not null, is a second listener on the
     * loopback address for operations (health and metrics) only.
     */
    public record Settings(
            String host,
            int port,
            Path tlsCertificate,
            Path tlsKey,
            boolean behindTlsProxy,
            int maxThreads,
            Integer managementPort) {

        /** Settings without a management listener. */
        public Settings(
                String host, int port, Path tlsCertificate, Path tlsKey, boolean behindTlsProxy, int maxThreads) {
            this(host, port, tlsCertificate, tlsKey, behindTlsProxy, maxThreads, null);
        }

        /** True when TLS is configured. */
        public boolean tls() {
            return tlsCertificate != null;
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector management;
    private final boolean tls;

    /** The name of the management listener's connector, which serves operations only. */
    static final String MANAGEMENT = "tearline-management";

    /**
     * Builds (but does not start) the server.
     *
     * @throws ConfigurationException when the settings are unsafe or the TLS files unusable
     */
    public HttpServer(Settings settings, Handler handler) {
        validate(settings);
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), 4);
        threads.setName("tearline-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        // Jetty reuses header fields seen earlier on a connection and by default matches their
        // values ignoring case, so a case-altered Authorization header would be read as the
        // credentials sent before it.
        http.setHeaderCacheCaseSensitive(true);
        if (settings.behindTlsProxy()) {
            http.addCustomizer(new ForwardedRequestCustomizer());
        }
        if (settings.tls()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(loadPem(settings.tlsCertificate(), settings.tlsKey()));
            ssl.setKeyStorePassword(KEYSTORE_PASSWORD);
            // TAXII 2.1 section 8.5.1: TLS 1.2 at least; 1.3 preferred.
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            ssl.setRenegotiationAllowed(false);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Clients reach servers by IP or by names the certificate may not list; the
            // certificate check is the client's business, not a reason to refuse requests.
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(
                    server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        if (settings.managementPort() != null) {
            HttpConfiguration plain = new HttpConfiguration();
            plain.setSendServerVersion(false);
            plain.setSendXPoweredBy(false);
            management = new ServerConnector(server, 1, 1, new HttpConnectionFactory(plain));
            management.setName(MANAGEMENT);
            management.setHost("127.0.0.1");
            management.setPort(settings.managementPort());
            management.setIdleTimeout(60_000);
            server.addConnector(management);
        } else {
            management = null;
        }
        server.setHandler(handler);
        server.setErrorHandler(new TaxiiErrorHandler());
        server.setStopTimeout(5_000);
        tls = settings.tls();
    }

    private static void validate(Settings s) {
        if (s.port() < 0 || s.port() > 65_535) {
            throw new ConfigurationException("server port must be between 0 and 65535, was " + s.port());
        }
        if (s.managementPort() != null && (s.managementPort() < 0 || s.managementPort() > 65_535)) {
            throw new ConfigurationException("metrics port must be between 0 and 65535, was " + s.managementPort());
        }
        if ((s.tlsCertificate() == null) != (s.tlsKey() == null)) {
            throw new ConfigurationException(
                    "TLS needs both a certificate and a key file;" + " only one was configured");
        }
        if (!s.tls() && !s.behindTlsProxy() && !isLoopback(s.host())) {
            throw new ConfigurationException("refusing to serve plain HTTP on " + s.host()
                    + ", which is not a loopback address: TAXII requires TLS. Configure a PEM"
                    + " certificate and key (--tls-cert, --tls-key), or pass --behind-tls-proxy"
                    + " when a TLS-terminating proxy is in front of this server");
        }
    }

    /** True when every address {@code host} resolves to is a loopback address. */
    public static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new ConfigurationException("cannot resolve host '" + host + "'", e);
        }
    }

    private static final String KEYSTORE_PASSWORD = randomPassword();

    private static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** Reads a PEM certificate chain and private key into an in-memory key store. */
    static KeyStore loadPem(Path certificate, Path key) {
        try {
            List<Certificate> chain = new ArrayList<>();
            JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
            try (Reader r = Files.newBufferedReader(certificate, StandardCharsets.US_ASCII);
                    PEMParser p = new PEMParser(r)) {
                Object o;
                while ((o = p.readObject()) != null) {
                    if (o instanceof X509CertificateHolder h) {
                        X509Certificate c = certs.getCertificate(h);
                        chain.add(c);
                    }
                }
            }
            if (chain.isEmpty()) {
                throw new ConfigurationException("no certificate found in " + certificate);
            }
            PrivateKey privateKey;
            try (Reader r = Files.newBufferedReader(key, StandardCharsets.US_ASCII);
                    PEMParser p = new PEMParser(r)) {
                Object o = p.readObject();
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                if (o instanceof PEMKeyPair pair) {
                    // Only the private key is needed; an EC key may come without its public key.
                    privateKey = converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (o instanceof PrivateKeyInfo info) {
                    privateKey = converter.getPrivateKey(info);
                } else {
                    throw new ConfigurationException("no unencrypted private key found in " + key
                            + " (expected PEM 'PRIVATE KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE"
                            + " KEY')");
                }
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(
                    "tearline", privateKey, KEYSTORE_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
            return store;
        } catch (ConfigurationException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigurationException(
                    "cannot load TLS certificate " + certificate + " and key " + key + ": " + e.getMessage(), e);
        }
    }

    /** Starts listening. */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new ConfigurationException(
                    "cannot start the HTTP server on " + connector.getHost() + ":" + connector.getPort() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** The port listened on (useful when configured as 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The management listener's port, or -1 when there is none. */
    public int managementPort() {
        return management == null ? -1 : management.getLocalPort();
    }

    /** The base URI clients use. */
    public URI baseUri() {
        String host = connector.getHost() == null ? "localhost" : connector.getHost();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + port());
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the HTTP server failed", e);
        }
    }

    /**
     * Answers failures Jetty detects itself (malformed URIs, oversized headers, bad encodings)
     * with a TAXII error message instead of an HTML page, and never with internal detail.
     */
    private static final class TaxiiErrorHandler extends ErrorHandler {

        /** Jetty writes error bodies only for GET, POST and HEAD; TAXII wants one for all. */
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        // Jetty 12.1 answers bad messages (malformed URIs, oversized headers) here too; its
        // older badMessageError hook is no longer called.
        @Override
        protected void generateResponse(
                Request request, Response response, int code, String message, Throwable cause, Callback callback) {
            byte[] body = ErrorReplies.body(code, title(code), description(code));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaTypes.TAXII);
            // Jetty may close the connection after a request it refused; say so, or clients
            // send their next request into a closed connection.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        private static String title(int code) {
            String reason = HttpStatus.getMessage(code);
            return reason == null ? "Error" : reason;
        }

        private static String description(int code) {
            return switch (code) {
                case 400 -> "the request could not be parsed: malformed URI, header, encoding" + " or body";
                case 404 -> "nothing is served at this path";
                case 413 -> "the request is too large";
                case 414 -> "the request URI is too long";
                case 431 -> "the request headers are too large";
                default -> code >= 500 ? "the server failed" : "the request was refused";
            };
        }
    }
}
