package org.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.error.ConfigurationException;
import org.tearline.store.PrivateFiles;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Attacks on what the server exposes besides its APIs: per-endpoint activity in /metrics, and
 * the data directory's files to other users of the machine.
 */
class ServerAttackTest {

    static final String TOKEN = "metrics-" + UUID.randomUUID();

    @TempDir
    Path dir;

    /**
     * A partner (or anyone who reaches the port) read /metrics and learned which endpoints,
     * collections' objects and statuses others were using, and how often.
     */
    @Test
    void metricsAreNotServedOnTheMainPortByDefault() {
        try (TestServer server = TestServer.start(dir.resolve("d"))) {
            server.user("partner", Account.Role.PARTNER);
            server.user("producer", Account.Role.PRODUCER);
            server.as("partner").get("/taxii2/");
            for (TaxiiClient c : List.of(server.anonymous(), server.as("partner"), server.as("producer"))) {
                TaxiiClient.Reply r = c.get("/metrics");
                assertThat(r.status()).isEqualTo(404);
                assertThat(r.body()).doesNotContain("tearline_http_requests");
            }
            assertThat(server.managementPort()).isEqualTo(-1);
            assertThat(server.anonymous().get("/health").status()).isEqualTo(200);
        }
    }

    /**
     * With metrics.token set, a partner tried its own credentials, its API token and no
     * credentials on /metrics; only the metrics token opens it.
     */
    @Test
    void metricsOnTheMainPortNeedTheMetricsToken() {
        TearlineConfig c = TestServer.config(null).withMetrics(new TearlineConfig.Metrics(true, TOKEN, null));
        try (TestServer server = TestServer.start(dir.resolve("t"), c)) {
            server.user("partner", Account.Role.PARTNER);
            String apiToken = server.token("partner");
            for (TaxiiClient client : List.of(
                    server.anonymous(),
                    server.as("partner"),
                    server.withToken(apiToken),
                    server.withToken(TOKEN + "x"),
                    server.withToken(TOKEN.substring(1)),
                    server.anonymous().withAuthorization("Basic " + TOKEN))) {
                TaxiiClient.Reply r = client.get("/metrics");
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.body())
                        .doesNotContain("tearline_http_requests")
                        .doesNotContain(TOKEN)
                        .contains("metrics.token");
            }
            TaxiiClient.Reply ok = server.withToken(TOKEN).get("/metrics");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).contains("tearline_http_requests_seconds_count{");
            assertThat(server.anonymous().get("/health").status()).isEqualTo(200);
        }
    }

    /**
     * With metrics.port set, /metrics is on a loopback listener of its own; the main port
     * answers it like any unknown path, and the management listener serves no API.
     */
    @Test
    void metricsOnAManagementListenerOnly() {
        TearlineConfig c = TestServer.config(null).withMetrics(new TearlineConfig.Metrics(true, null, 0));
        try (TestServer server = TestServer.start(dir.resolve("m"), c)) {
            server.user("partner", Account.Role.PARTNER);
            assertThat(server.as("partner").get("/metrics").status()).isEqualTo(404);
            int port = server.managementPort();
            assertThat(port).isPositive().isNotEqualTo(server.base().getPort());
            URI management = URI.create("http://127.0.0.1:" + port);
            TaxiiClient ops = new TaxiiClient(management, null);
            TaxiiClient.Reply scrape = ops.get("/metrics");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.body()).contains("tearline_http_requests_seconds_count{");
            assertThat(ops.get("/health").status()).isEqualTo(200);
            TaxiiClient partnerThere = new TaxiiClient(management, TaxiiClient.basic("partner", TestServer.PASSWORD));
            assertThat(partnerThere.get("/taxii2/").status()).isEqualTo(404);
            assertThat(partnerThere.get("/api/keys").status()).isEqualTo(404);
        }
    }

    /**
     * Another user of the machine read tearline.db, its write-ahead log or the signing key:
     * the intelligence, the secret linking derived ids to original ones, password hashes.
     */
    @Test
    void aNewDataDirectoryAndEveryFileInItAreOwnerOnly() throws IOException {
        Path data = dir.resolve("fresh").resolve("data");
        try (TestServer server = TestServer.start(data)) {
            server.user("alice", Account.Role.PRODUCER);
            String collection = server.collection("c");
            server.grant("alice", collection, true, true);
            TaxiiClient.Reply r = server.as("alice")
                    .post(
                            server.objectsPath(collection),
                            Stix.envelope(Stix.indicator(Stix.id("indicator"), "2021-01-01T00:00:00.000Z")));
            assertThat(r.status()).isEqualTo(202);
            Map<String, String> modes = modes(data);
            assertThat(modes)
                    .containsKeys(
                            "tearline.db", "tearline.db-wal", "tearline.db-shm", "keys", "keys/audit-signing-key.pem");
            modes.forEach((name, mode) -> assertThat(mode)
                    .as(name)
                    .isEqualTo(Files.isDirectory(data.resolve(name)) ? "rwx------" : "rw-------"));
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.getParent())).isEqualTo("rwx------");
        }
    }

    /**
     * An installation from before this check keeps a world-readable directory and database;
     * start-up names each path and its mode so the operator learns of it.
     */
    @Test
    void startUpWarnsAboutALooseExistingDataDirectory() throws IOException {
        Path data = dir.resolve("old");
        TestServer.start(data).close();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("tearline.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(
                data.resolve("keys/audit-signing-key.pem"), PosixFilePermissions.fromString("rw-r-----"));
        Logger logger = (Logger) LoggerFactory.getLogger(PrivateFiles.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        try (TestServer server = TestServer.start(data)) {
            assertThat(server.anonymous().get("/health").status()).isEqualTo(200);
        } finally {
            logger.detachAppender(seen);
        }
        List<String> warnings = seen.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertThat(warnings)
                .anySatisfy(w -> assertThat(w)
                        .contains(data.toAbsolutePath() + " is accessible")
                        .contains("rwxr-xr-x"));
        assertThat(warnings)
                .anySatisfy(w -> assertThat(w)
                        .contains(data.resolve("tearline.db").toAbsolutePath().toString())
                        .contains("rw-r--r--"));
        assertThat(warnings)
                .anySatisfy(w -> assertThat(w).contains("audit-signing-key.pem").contains("rw-r-----"));
    }

    /** A public URL an attacker could bend (credentials, query, another scheme) is refused. */
    @Test
    void refusesAPublicUrlThatIsNotAPlainHttpsOrHttpBase() throws IOException {
        for (String bad : List.of(
                "taxii.example.org",
                "ftp://taxii.example.org",
                "https://user:pw@taxii.example.org",
                "https://taxii.example.org/?a=b",
                "https://taxii.example.org/#x",
                "/relative")) {
            Path file = dir.resolve("bad.yaml");
            Files.writeString(file, "server:\n  public-url: \"" + bad + "\"\n");
            assertThatThrownBy(() -> TearlineConfig.load(file))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("server.public-url");
        }
        Path file = dir.resolve("good.yaml");
        Files.writeString(
                file,
                "server:\n  public-url: https://taxii.example.org:8443/x/\n" + "metrics:\n  token: " + TOKEN
                        + "\n  port: 9464\n");
        TearlineConfig c = TearlineConfig.load(file);
        assertThat(c.server().publicUrl()).isEqualTo("https://taxii.example.org:8443/x");
        assertThat(c.metrics().port()).isEqualTo(9464);
        assertThat(c.metrics().toString()).doesNotContain(TOKEN);
        Files.writeString(file, "metrics:\n  token: short\n");
        assertThatThrownBy(() -> TearlineConfig.load(file))
                .hasMessageContaining("metrics.token")
                .hasMessageNotContaining("short");
    }

    private static Map<String, String> modes(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> !p.equals(root)).toList()) {
                out.put(root.relativize(p).toString(), mode(p));
            }
        }
        return out;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(
                Files.readAttributes(p, PosixFileAttributes.class).permissions());
    }
}
