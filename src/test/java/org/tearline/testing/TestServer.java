package org.tearline.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.tearline.Tearline;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.intake.extract.Extraction;
import org.tearline.server.HttpServer;

/**
 * A real Tearline server on a free loopback port over a store in a temporary directory, for
 * tests that speak HTTP to it.
 */
public final class TestServer implements AutoCloseable {

    /** Password every test user gets. */
    public static final String PASSWORD = "correct horse battery staple";

    private final Tearline app;
    private final HttpServer server;

    private TestServer(Tearline app) {
        this.app = app;
        this.server = app.httpServer();
        server.start();
    }

    /** A server with default settings (cheap password hashing) on the embedded store. */
    public static TestServer start(Path dataDir) {
        return start(dataDir, config(null));
    }

    /** A server with the given configuration. */
    public static TestServer start(Path dataDir, TearlineConfig config) {
        return start(dataDir, config, Clock.systemUTC());
    }

    /** A server with the given configuration and clock. */
    public static TestServer start(Path dataDir, TearlineConfig config, Clock clock) {
        return new TestServer(Tearline.open(config, dataDir, clock));
    }

    /** A server whose intake runs the given extraction (tests' own, never the engine's). */
    public static TestServer start(Path dataDir, TearlineConfig config, Clock clock, Extraction extraction) {
        return new TestServer(Tearline.open(config, dataDir, clock, extraction));
    }

    /**
     * Test configuration: a free port, the cheapest Argon2 cost the configuration allows (tests
     * create many users), and optionally a database URL.
     */
    public static TearlineConfig config(String database) {
        TearlineConfig d = TearlineConfig.defaults();
        TearlineConfig.Server s = d.server();
        return d.withServer(new TearlineConfig.Server("127.0.0.1", 0, null, null, false, s.maxThreads()))
                .withStore(new TearlineConfig.StoreSettings(database, 8, false))
                .withAuth(new TearlineConfig.Auth(600, 8_192, 1));
    }

    /**
     * {@code config} signing the disclosure record with the key in {@code keyFile}, made when
     * missing: how nodes sharing a database are set up.
     */
    public static TearlineConfig sharingKey(TearlineConfig config, Path keyFile) {
        org.tearline.audit.SigningKeys.loadOrCreate(keyFile, true);
        TearlineConfig.Audit a = config.audit();
        return config.withAudit(new TearlineConfig.Audit(keyFile, a.checkpointSeconds(), a.receiptFlushMillis()));
    }

    /**
     * {@code config} with other TAXII limits: the default API root's max_content_length, the
     * page size used without {@code limit}, the largest page, and a page's byte budget.
     */
    public static TearlineConfig withTaxiiLimits(
            TearlineConfig config, long maxContentLength, int defaultPageSize, int maxPageSize, long maxPageBytes) {
        TearlineConfig.Taxii t = config.taxii();
        return config.withTaxii(new TearlineConfig.Taxii(
                t.title(),
                t.description(),
                t.contact(),
                t.defaultApiRoot(),
                maxContentLength,
                defaultPageSize,
                maxPageSize,
                maxPageBytes,
                t.cursorKey()));
    }

    public Tearline app() {
        return app;
    }

    /** The server's base URI, e.g. http://127.0.0.1:41234. */
    public URI base() {
        return server.baseUri();
    }

    /** The management listener's port (metrics.port), or -1 when there is none. */
    public int managementPort() {
        return server.managementPort();
    }

    /** The default API root's URL path, e.g. /tearline/. */
    public String root() {
        return "/" + app.config().taxii().defaultApiRoot() + "/";
    }

    /** Creates a user with {@link #PASSWORD}. */
    public void user(String name, Account.Role role) {
        app.accounts().create(name, PASSWORD.toCharArray(), role);
    }

    /** Creates a source collection in the default API root and returns its id. */
    public String collection(String title) {
        CollectionInfo c = app.collections()
                .create(null, app.config().taxii().defaultApiRoot(), title, null, null, CollectionKind.SOURCE);
        return c.id();
    }

    /** Grants a user access to a collection. */
    public void grant(String user, String collectionId, boolean read, boolean write) {
        app.accounts().grant(user, collectionId, read, write);
    }

    /** A client that authenticates as {@code user} with HTTP Basic. */
    public TaxiiClient as(String user) {
        return new TaxiiClient(base(), TaxiiClient.basic(user, PASSWORD));
    }

    /** Creates an API token for {@code user} and returns it. */
    public String token(String user) {
        return app.accounts().createToken(user, "test");
    }

    /** A client that authenticates with a Bearer token. */
    public TaxiiClient withToken(String token) {
        return new TaxiiClient(base(), "Bearer " + token);
    }

    /** A client for requests {@link java.net.http.HttpClient} will not send. */
    public RawHttp raw() {
        return new RawHttp(base());
    }

    /** The URL path of a collection in the default API root. */
    public String collectionPath(String collectionId) {
        return root() + "collections/" + collectionId + "/";
    }

    /** The URL path of a collection's objects endpoint. */
    public String objectsPath(String collectionId) {
        return collectionPath(collectionId) + "objects/";
    }

    /** The URL path of one object in a collection. */
    public String objectPath(String collectionId, String objectId) {
        return objectsPath(collectionId) + objectId + "/";
    }

    /** The URL path of a collection's manifest endpoint. */
    public String manifestPath(String collectionId) {
        return collectionPath(collectionId) + "manifest/";
    }

    /** A client that sends no credentials. */
    public TaxiiClient anonymous() {
        return new TaxiiClient(base(), null);
    }

    @Override
    public void close() {
        server.close();
        app.close();
    }
}
