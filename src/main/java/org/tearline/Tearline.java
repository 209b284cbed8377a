package org.tearline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.tearline.alert.AlertService;
import org.tearline.api.ApiHandler;
import org.tearline.audit.AuditService;
import org.tearline.audit.Disclosures;
import org.tearline.audit.HashChain;
import org.tearline.audit.ReceiptRecorder;
import org.tearline.audit.RefusedLogins;
import org.tearline.auth.Authenticator;
import org.tearline.auth.LoginThrottle;
import org.tearline.auth.PasswordHasher;
import org.tearline.auth.Tokens;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.ApiRoot;
import org.tearline.intake.DocumentReader;
import org.tearline.intake.IntakeService;
import org.tearline.intake.extract.Extraction;
import org.tearline.intake.extract.Extractor;
import org.tearline.peer.PeerMetrics;
import org.tearline.peer.PeerService;
import org.tearline.peer.PullScheduler;
import org.tearline.peer.SecretBox;
import org.tearline.release.ReleaseContext;
import org.tearline.server.HttpServer;
import org.tearline.server.Servers;
import org.tearline.service.AccountService;
import org.tearline.service.CollectionService;
import org.tearline.service.ObjectService;
import org.tearline.service.ObjectService.RetrievalListener;
import org.tearline.service.ReleaseService;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.WarningExtension;
import org.tearline.stix.validation.StixValidator;
import org.tearline.store.Store;
import org.tearline.store.jdbc.JdbcStore;
import org.tearline.taxii.CursorCodec;
import org.tearline.taxii.TaxiiHandler;
import org.tearline.warning.FeedbackRules;
import org.tearline.warning.WarningGate;
import org.tearline.warning.WarningService;
import org.tearline.web.WebHandler;

/**
 * The application, wired in one place with constructors: the store, the services and, for
 * {@code serve}, the HTTP edge. The command line opens one of these per command.
 */
public final class Tearline implements AutoCloseable {

    private final TearlineConfig config;
    private final Clock clock;
    private final Store store;
    private final PrometheusMeterRegistry metrics;
    private final PasswordHasher hasher;
    private final CollectionService collections;
    private final ObjectService objects;
    private final AccountService accounts;
    private final ReleaseService releases;

    private final AuditService audit;
    private final ReceiptRecorder receipts;
    private final Disclosures disclosures;
    private final RefusedLogins refusedLogins;
    private final WarningService warnings;
    private final DocumentReader documents;
    private final IntakeService intake;
    private final PeerService peers;
    private final AlertService alerts;
    private ScheduledExecutorService windowChecks;
    private PullScheduler pulls;

    /**
     * What a benchmark switches off to measure what it costs. Only {@link #openForBenchmark}
     * takes it; no setting, flag or configuration key offers it to users, because a node
     * without its record or receipts would break the promise that every disclosure is kept.
     */
    public enum Measuring {
        /** Everything on, as users run it. */
        EVERYTHING,
        /** Partner reads are not noted as receipts. */
        WITHOUT_RECEIPTS,
        /** The disclosure log records nothing (receipts are still kept). */
        WITHOUT_DISCLOSURE_LOG
    }

    /**
     * The extraction engine intake runs on documents. The one place the engine is chosen: tests
     * hand {@link #open(TearlineConfig, Path, Clock, Extraction)} their own.
     */
    public static Extraction standardExtraction() {
        return Extractor.standard();
    }

    private Tearline(TearlineConfig config, Path dataDir, Clock clock, Measuring measuring, Extraction extraction) {
        this.config = config;
        this.clock = clock;
        this.store = JdbcStore.open(new JdbcStore.Settings(
                dataDir,
                config.store().database(),
                config.store().poolSize(),
                config.store().sqliteSyncFull()));
        try {
            this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            this.hasher = new PasswordHasher(
                    config.auth().argon2MemoryKib(), config.auth().argon2Iterations(), 1);
            StixValidator validator = new StixValidator();
            this.collections = new CollectionService(store, clock);
            ensureDefaultApiRoot();
            TearlineConfig.Audit a = config.audit();
            this.audit = new AuditService(
                    store,
                    clock,
                    signingKeyFile(config, dataDir),
                    a.signingKey() == null,
                    Duration.ofSeconds(a.checkpointSeconds()));
            this.disclosures = measuring == Measuring.WITHOUT_DISCLOSURE_LOG
                    ? Disclosures.NONE
                    : new HashChain(clock, audit::appended);
            this.receipts = new ReceiptRecorder(store, disclosures, clock, Duration.ofMillis(a.receiptFlushMillis()));
            this.refusedLogins = new RefusedLogins(disclosures, clock);
            this.alerts = new AlertService(store, clock, config.alerts(), disclosures, metrics, consoleBase(config));
            this.releases = new ReleaseService(
                    store,
                    validator,
                    clock,
                    releaseContext(),
                    config.taxii().defaultApiRoot(),
                    disclosures,
                    WarningGate.releaseGates(disclosures, alerts));
            this.objects = new ObjectService(
                    store,
                    validator,
                    clock,
                    metrics,
                    releases,
                    measuring == Measuring.WITHOUT_RECEIPTS ? RetrievalListener.NONE : receipts::retrieved,
                    new FeedbackRules(disclosures, alerts));
            this.warnings = new WarningService(
                    store,
                    objects,
                    disclosures,
                    clock,
                    Duration.ofMinutes(config.warnings().retrievalDeadlineMinutes()),
                    alerts);
            this.accounts = new AccountService(store, hasher, new Tokens(), clock, disclosures);
            TearlineConfig.Intake in = config.intake();
            this.documents = new DocumentReader(new DocumentReader.Limits(
                    in.maxDocumentBytes(), in.maxPdfPages(), Duration.ofSeconds(in.pdfTimeoutSeconds())));
            this.intake = new IntakeService(
                    store, objects, extraction, documents, disclosures, Set.copyOf(in.benign()), clock);
            this.peers = new PeerService(
                    store,
                    objects,
                    collections,
                    SecretBox.loadOrCreate(dataDir.resolve("keys").resolve("peer-secrets.key")),
                    clock,
                    config.taxii().defaultApiRoot(),
                    new PeerMetrics(metrics, clock));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The console's address for links in alerts: the public URL, else the listener's. */
    private static String consoleBase(TearlineConfig config) {
        TearlineConfig.Server s = config.server();
        if (s.publicUrl() != null) {
            return s.publicUrl();
        }
        return s.port() == 0 ? null : (s.tlsCertificate() != null ? "https://" : "http://") + s.host() + ":" + s.port();
    }

    /** Where the disclosure record's signing key is: configured, or in the data directory. */
    public static Path signingKeyFile(TearlineConfig config, Path dataDir) {
        return config.audit().signingKey() != null
                ? config.audit().signingKey()
                : dataDir.resolve("keys").resolve("audit-signing-key.pem");
    }

    /**
     * Retires the signing keys whose files are lost, opening the store alone: the application
     * refuses to start without its current key. Returns the retired keys' ids.
     */
    public static java.util.List<String> retireLostSigningKeys(TearlineConfig config, Path dataDir, Clock clock) {
        try (Store store = JdbcStore.open(new JdbcStore.Settings(
                dataDir,
                config.store().database(),
                config.store().poolSize(),
                config.store().sqliteSyncFull()))) {
            return AuditService.retireLostKeys(store, clock);
        }
    }

    /** Opens the store in {@code dataDir} (or the configured database) and builds the services. */
    public static Tearline open(TearlineConfig config, Path dataDir, Clock clock) {
        return open(config, dataDir, clock, standardExtraction());
    }

    /** As {@link #open(TearlineConfig, Path, Clock)}, with intake running this extraction. */
    public static Tearline open(TearlineConfig config, Path dataDir, Clock clock, Extraction extraction) {
        return new Tearline(config, dataDir, clock, Measuring.EVERYTHING, extraction);
    }

    /** As {@link #open}, with the record or the receipts switched off: benchmarks only. */
    public static Tearline openForBenchmark(TearlineConfig config, Path dataDir, Clock clock, Measuring measuring) {
        return new Tearline(config, dataDir, clock, measuring, standardExtraction());
    }

    private void ensureDefaultApiRoot() {
        TearlineConfig.Taxii t = config.taxii();
        String name = t.defaultApiRoot();
        ApiRoot existing = store.read(tx -> tx.collections().findApiRoot(name)).orElse(null);
        if (existing == null || existing.maxContentLength() != t.maxContentLength()) {
            collections.putApiRoot(new ApiRoot(
                    name,
                    existing == null ? t.title() : existing.title(),
                    existing == null ? "Default API root" : existing.description(),
                    t.maxContentLength()));
        }
    }

    /**
     * The instance's release context: a secret namespace for derived ids and the releasing
     * identity, both kept in the store so every node uses the same. The identity follows the
     * configured producer name; a renamed producer gets a new version of it.
     */
    private ReleaseContext releaseContext() {
        UUID namespace = UUID.fromString(store.write(
                tx -> tx.secrets().secret("release-namespace", UUID.randomUUID().toString(), clock.instant())));
        TearlineConfig.Producer p = config.producer();
        String stamp = StixTimestamp.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        ObjectNode candidate = StixJson.mapper().createObjectNode();
        candidate.put("type", "identity");
        candidate.put("spec_version", "2.1");
        candidate.put("id", "identity--" + UUID.randomUUID());
        candidate.put("created", stamp);
        candidate.put("modified", stamp);
        candidate.put("name", p.name());
        candidate.put("identity_class", p.identityClass());
        ObjectNode identity = (ObjectNode) readJson(
                store.write(tx -> tx.secrets().secret("releasing-identity", candidate.toString(), clock.instant())));
        if (!identity.get("name").asText().equals(p.name())
                || !identity.get("identity_class").asText().equals(p.identityClass())) {
            identity.put("name", p.name());
            identity.put("identity_class", p.identityClass());
            identity.put("modified", stamp);
            String updated = identity.toString();
            store.write(tx -> {
                tx.secrets().replaceSecret("releasing-identity", updated);
                return null;
            });
        }
        // The warning extension's definition is published with every view (ViewMaterializer),
        // so warnings keep its id as their extension key.
        return new ReleaseContext(namespace, identity, Set.of(WarningExtension.ID));
    }

    private static JsonNode readJson(String text) {
        try {
            return StixJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored releasing identity is not JSON", e);
        }
    }

    /** Builds the HTTP server over this application; the caller starts and closes it. */
    public HttpServer httpServer() {
        TearlineConfig.Taxii t = config.taxii();
        String storedKey = store.write(tx -> tx.secrets().secret("cursor-key", randomKey(), clock.instant()));
        byte[] cursorKey =
                t.cursorKey() != null ? t.cursorKey() : Base64.getDecoder().decode(storedKey);
        TearlineConfig.Auth au = config.auth();
        Authenticator authenticator = new Authenticator(
                store,
                hasher,
                clock,
                Duration.ofSeconds(au.cacheTtlSeconds()),
                new LoginThrottle(
                        store,
                        clock,
                        new LoginThrottle.Settings(
                                au.lockoutUserFailures(),
                                au.lockoutAddressFailures(),
                                Duration.ofSeconds(au.lockoutFirstDelaySeconds()),
                                Duration.ofSeconds(au.lockoutMaxDelaySeconds())),
                        refusedLogins));
        audit.checkpointEvery(Duration.ofSeconds(config.audit().checkpointSeconds()));
        checkWindowsEvery(Duration.ofSeconds(config.warnings().checkIntervalSeconds()));
        pulls = new PullScheduler(peers, clock, Duration.ofSeconds(1));
        pulls.start();
        alerts.startDispatching();
        TaxiiHandler taxii = new TaxiiHandler(
                new TaxiiHandler.Settings(
                        t.title(),
                        t.description(),
                        t.contact(),
                        t.defaultApiRoot(),
                        t.defaultPageSize(),
                        t.maxPageSize(),
                        t.maxPageBytes()),
                authenticator,
                collections,
                objects,
                new CursorCodec(cursorKey));
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        TearlineConfig.Server s = config.server();
        ApiHandler api = new ApiHandler(
                authenticator,
                audit,
                warnings,
                intake,
                peers,
                clock,
                config.producer().name());
        WebHandler console = config.console().enabled()
                ? new WebHandler(
                        authenticator,
                        accounts,
                        warnings,
                        releases,
                        audit,
                        intake,
                        collections,
                        clock,
                        Duration.ofMinutes(config.console().sessionMinutes()),
                        s.behindTlsProxy())
                : null;
        TearlineConfig.Metrics m = config.metrics();
        if (m.enabled() && m.port() == null && m.token() == null) {
            LoggerFactory.getLogger(Tearline.class)
                    .info("/metrics is not served:"
                            + " set metrics.port (a loopback listener) or metrics.token (a bearer"
                            + " token on the main port) to scrape it");
        }
        if (s.publicUrl() == null && s.behindTlsProxy()) {
            LoggerFactory.getLogger(Tearline.class)
                    .warn("server.public-url is not"
                            + " set: discovery names this node's own address (plain http), not the"
                            + " proxy's; set server.public-url to the URL partners use");
        }
        return Servers.build(
                new HttpServer.Settings(
                        s.host(),
                        s.port(),
                        s.tlsCertificate(),
                        s.tlsKey(),
                        s.behindTlsProxy(),
                        s.maxThreads(),
                        m.enabled() ? m.port() : null),
                s.publicUrl(),
                taxii,
                api,
                console,
                store::isHealthy,
                metrics,
                m.enabled(),
                m.token());
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public TearlineConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    /** Which database the store is, for people (no secrets). */
    public String describeStore() {
        return store.describe();
    }

    public CollectionService collections() {
        return collections;
    }

    public ObjectService objects() {
        return objects;
    }

    public AccountService accounts() {
        return accounts;
    }

    public ReleaseService releases() {
        return releases;
    }

    public Clock clock() {
        return clock;
    }

    /** Checks warning windows in the background, as long as the application is open. */
    // The task catches and logs its own failures and the executor is shut down on close:
    // the future has nothing more to say.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void checkWindowsEvery(Duration interval) {
        windowChecks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tearline-warning-windows");
            t.setDaemon(true);
            return t;
        });
        windowChecks.scheduleWithFixedDelay(
                () -> {
                    try {
                        warnings.checkWindows();
                        warnings.checkRetrievals();
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(Tearline.class).warn("checking warning windows failed, will retry", e);
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public AuditService audit() {
        return audit;
    }

    public WarningService warnings() {
        return warnings;
    }

    public ReceiptRecorder receipts() {
        return receipts;
    }

    public IntakeService intake() {
        return intake;
    }

    public PeerService peers() {
        return peers;
    }

    public AlertService alerts() {
        return alerts;
    }

    @Override
    public void close() {
        if (pulls != null) {
            pulls.close();
        }
        if (windowChecks != null) {
            windowChecks.shutdownNow();
        }
        try {
            alerts.close();
            receipts.close();
            audit.close();
            documents.close();
        } finally {
            store.close();
        }
    }
}
