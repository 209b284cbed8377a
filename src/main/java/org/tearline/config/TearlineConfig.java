package org.tearline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tearline.error.ConfigurationException;

/**
 * Tearline's configuration: a YAML file (optional; every setting has a default) overridden by
 * command-line options. Validated completely at start-up: an unknown key, a wrong type or a
 * value out of range stops the server with a message naming the key, the value and the limit.
 */
public record TearlineConfig(
        Server server,
        StoreSettings store,
        Taxii taxii,
        Auth auth,
        Metrics metrics,
        Producer producer,
        Audit audit,
        Warnings warnings,
        Console console,
        Intake intake,
        AlertSettings alerts) {

    /**
     * Intake: the largest document taken in, and the bounds on reading a PDF (pages read, time
     * spent), so a hostile file costs a clear refusal rather than the server.
     */
    public record Intake(int maxDocumentBytes, int maxPdfPages, int pdfTimeoutSeconds, List<String> benign) {

        public Intake {
            benign = List.copyOf(benign);
        }

        /** These limits, with no values of the operator's kept out. */
        public Intake(int maxDocumentBytes, int maxPdfPages, int pdfTimeoutSeconds) {
            this(maxDocumentBytes, maxPdfPages, pdfTimeoutSeconds, List.of());
        }
    }

    /** The web console: whether it is served, and how long a sign-in lasts. */
    public record Console(boolean enabled, int sessionMinutes) {}

    /** Warnings: when an unretrieved warning is queued, how often windows are checked. */
    public record Warnings(int retrievalDeadlineMinutes, int checkIntervalSeconds) {}

    /**
     * The disclosure record. {@code signingKey} null means DIR/keys/audit-signing-key.pem,
     * created on first start; nodes sharing a database should share one key file.
     */
    public record Audit(Path signingKey, int checkpointSeconds, int receiptFlushMillis) {}

    /** The organisation running this instance, as its releases name it. */
    public record Producer(String name, String identityClass) {}

    /**
     * Listening. {@code publicUrl} is the address clients reach this server at (scheme, host,
     * port and any path prefix, without a trailing slash), or null: absolute URLs Tearline
     * writes start with it, never with a Host header a client chose.
     */
    public record Server(
            String host,
            int port,
            Path tlsCertificate,
            Path tlsKey,
            boolean behindTlsProxy,
            int maxThreads,
            String publicUrl) {

        /** Settings without a public URL. */
        public Server(String host, int port, Path tlsCertificate, Path tlsKey, boolean behindTlsProxy, int maxThreads) {
            this(host, port, tlsCertificate, tlsKey, behindTlsProxy, maxThreads, null);
        }
    }

    /** Where things are kept. {@code database} null means SQLite in the data directory. */
    public record StoreSettings(String database, int poolSize, boolean sqliteSyncFull) {}

    /** The TAXII service. */
    // Settings are never compared or hashed, so the key's identity equality does not matter.
    @SuppressWarnings("ArrayRecordComponent")
    public record Taxii(
            String title,
            String description,
            String contact,
            String defaultApiRoot,
            long maxContentLength,
            int defaultPageSize,
            int maxPageSize,
            long maxPageBytes,
            byte[] cursorKey) {}

    /**
     * Authentication. After {@code lockoutUserFailures} failed sign-ins in a row for one user
     * name, or {@code lockoutAddressFailures} from one client address, further attempts are
     * refused unchecked for {@code lockoutFirstDelaySeconds}, doubling with each further failure
     * up to {@code lockoutMaxDelaySeconds}.
     */
    public record Auth(
            int cacheTtlSeconds,
            int argon2MemoryKib,
            int argon2Iterations,
            int lockoutUserFailures,
            int lockoutAddressFailures,
            int lockoutFirstDelaySeconds,
            int lockoutMaxDelaySeconds) {

        /** The given cost and cache, with the default lockout. */
        public Auth(int cacheTtlSeconds, int argon2MemoryKib, int argon2Iterations) {
            this(cacheTtlSeconds, argon2MemoryKib, argon2Iterations, 5, 30, 1, 900);
        }
    }

    /**
     * Operations. {@code /metrics} shows per-endpoint activity, so it is served on the main
     * port only to holders of {@code token}, or on a loopback listener at {@code port}; with
     * neither set it is not served at all. Null means unset.
     */
    public record Metrics(boolean enabled, String token, Integer port) {

        /** Metrics on or off, served nowhere until a token or a port is set. */
        public Metrics(boolean enabled) {
            this(enabled, null, null);
        }

        /** The token kept out of logs and error messages. */
        @Override
        public String toString() {
            return "Metrics[enabled=" + enabled + ", token=" + (token == null ? "unset" : "set") + ", port=" + port
                    + "]";
        }
    }

    /** The defaults, as if the file were empty. */
    public static TearlineConfig defaults() {
        return fromTree(null, "defaults");
    }

    /** Reads and validates a YAML file. */
    public static TearlineConfig load(Path file) {
        JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(Files.newBufferedReader(file));
        } catch (IOException e) {
            throw new ConfigurationException(
                    "cannot read configuration file " + file + ": "
                            + e.getMessage().split("\n", -1)[0],
                    e);
        }
        if (tree != null && !tree.isNull() && !tree.isMissingNode() && !tree.isObject()) {
            throw new ConfigurationException(
                    "configuration file " + file + " must hold a YAML mapping at the top level");
        }
        return fromTree(tree == null || tree.isMissingNode() || tree.isNull() ? null : tree, file.toString());
    }

    private static final Map<String, Set<String>> KEYS = Map.of(
            "server", Set.of("host", "port", "tls", "behind-tls-proxy", "max-threads", "public-url"),
            "server.tls", Set.of("certificate", "key"),
            "store", Set.of("database", "pool-size", "sqlite-synchronous"),
            "taxii",
                    Set.of(
                            "title",
                            "description",
                            "contact",
                            "default-api-root",
                            "max-content-length",
                            "default-page-size",
                            "max-page-size",
                            "max-page-bytes",
                            "cursor-key"),
            "auth",
                    Set.of(
                            "cache-ttl-seconds",
                            "argon2-memory-kib",
                            "argon2-iterations",
                            "lockout-user-failures",
                            "lockout-address-failures",
                            "lockout-first-delay-seconds",
                            "lockout-max-delay-seconds"),
            "metrics", Set.of("enabled", "token", "port"),
            "producer", Set.of("name", "identity-class"),
            "audit", Set.of("signing-key", "checkpoint-interval-seconds", "receipt-flush-millis"),
            "warnings", Set.of("retrieval-deadline-minutes", "check-interval-seconds"),
            "console", Set.of("enabled", "session-minutes"));

    /** Intake's keys: apart from {@link #KEYS}, which holds as many sections as Map.of takes. */
    private static final Set<String> INTAKE_KEYS =
            Set.of("max-document-bytes", "max-pdf-pages", "pdf-timeout-seconds", "benign");

    private static TearlineConfig fromTree(JsonNode root, String source) {
        Reader r = new Reader(root, source);
        r.checkKeys(
                "",
                Set.of(
                        "server",
                        "store",
                        "taxii",
                        "auth",
                        "metrics",
                        "producer",
                        "audit",
                        "warnings",
                        "console",
                        "intake",
                        "alerts"));
        KEYS.forEach(r::checkKeys);
        r.checkKeys("intake", INTAKE_KEYS);

        String tlsCert = r.string("server.tls.certificate", null);
        String tlsKey = r.string("server.tls.key", null);
        Server server = new Server(
                r.string("server.host", "127.0.0.1"),
                r.integer("server.port", 8080, 0, 65_535),
                tlsCert == null ? null : Path.of(tlsCert),
                tlsKey == null ? null : Path.of(tlsKey),
                r.bool("server.behind-tls-proxy", false),
                r.integer("server.max-threads", 64, 8, 1_000),
                publicUrl(r.string("server.public-url", null), source));

        String sync = r.string("store.sqlite-synchronous", "normal").toLowerCase(Locale.ROOT);
        if (!sync.equals("normal") && !sync.equals("full")) {
            throw new ConfigurationException(
                    "store.sqlite-synchronous must be 'normal' or" + " 'full', was '" + sync + "' in " + source);
        }
        StoreSettings store = new StoreSettings(
                r.string("store.database", null), r.integer("store.pool-size", 8, 1, 200), sync.equals("full"));

        int defaultPage = r.integer("taxii.default-page-size", 1_000, 1, 100_000);
        int maxPage = r.integer("taxii.max-page-size", 10_000, 1, 100_000);
        if (defaultPage > maxPage) {
            throw new ConfigurationException("taxii.default-page-size (" + defaultPage
                    + ") cannot be larger than taxii.max-page-size (" + maxPage + ") in "
                    + source);
        }
        String cursorKey = r.string("taxii.cursor-key", null);
        byte[] key = null;
        if (cursorKey != null) {
            try {
                key = Base64.getDecoder().decode(cursorKey);
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                throw new ConfigurationException("taxii.cursor-key must be 32 bytes in base64"
                        + " (e.g. from 'openssl rand -base64 32') in " + source);
            }
        }
        Taxii taxii = new Taxii(
                r.string("taxii.title", "Tearline"),
                r.string("taxii.description", "Tearline threat-warning exchange (TAXII 2.1, STIX 2.1)"),
                r.string("taxii.contact", null),
                r.string("taxii.default-api-root", "tearline"),
                r.longValue("taxii.max-content-length", 10L * 1024 * 1024, 1_024, 1024L * 1024 * 1024),
                defaultPage,
                maxPage,
                r.longValue("taxii.max-page-bytes", 32L * 1024 * 1024, 64 * 1024, 1024L * 1024 * 1024),
                key);
        int firstDelay = r.integer("auth.lockout-first-delay-seconds", 1, 1, 3_600);
        int maxDelay = r.integer("auth.lockout-max-delay-seconds", 900, 1, 86_400);
        if (firstDelay > maxDelay) {
            throw new ConfigurationException("auth.lockout-first-delay-seconds (" + firstDelay
                    + ") cannot be larger than auth.lockout-max-delay-seconds (" + maxDelay
                    + ") in " + source);
        }
        Auth auth = new Auth(
                r.integer("auth.cache-ttl-seconds", 600, 0, 86_400),
                r.integer("auth.argon2-memory-kib", 19_456, 8_192, 4 * 1024 * 1024),
                r.integer("auth.argon2-iterations", 2, 1, 100),
                r.integer("auth.lockout-user-failures", 5, 1, 1_000),
                r.integer("auth.lockout-address-failures", 30, 1, 100_000),
                firstDelay,
                maxDelay);
        String metricsToken = r.string("metrics.token", null);
        if (metricsToken != null
                && (metricsToken.length() < 16
                        || metricsToken.length() > 200
                        || !metricsToken.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f))) {
            // The value itself is a secret: not repeated in the message.
            throw new ConfigurationException("metrics.token must be 16 to 200 printable ASCII"
                    + " characters without spaces (e.g. from 'openssl rand -hex 24') in "
                    + source);
        }
        Metrics metrics = new Metrics(
                r.bool("metrics.enabled", true),
                metricsToken,
                r.at("metrics.port") == null ? null : r.integer("metrics.port", 0, 0, 65_535));
        String identityClass = r.string("producer.identity-class", "organization");
        if (!Set.of("individual", "group", "system", "organization", "class", "unknown")
                .contains(identityClass)) {
            throw new ConfigurationException("producer.identity-class must be individual, group,"
                    + " system, organization, class or unknown, was '" + identityClass + "' in "
                    + source);
        }
        Producer producer = new Producer(r.string("producer.name", "Tearline producer"), identityClass);
        String signingKey = r.string("audit.signing-key", null);
        Audit audit = new Audit(
                signingKey == null ? null : Path.of(signingKey),
                r.integer("audit.checkpoint-interval-seconds", 60, 1, 86_400),
                r.integer("audit.receipt-flush-millis", 200, 10, 60_000));
        Warnings warnings = new Warnings(
                r.integer("warnings.retrieval-deadline-minutes", 60, 1, 100_000),
                r.integer("warnings.check-interval-seconds", 30, 1, 3_600));
        Console console =
                new Console(r.bool("console.enabled", true), r.integer("console.session-minutes", 480, 5, 10_080));
        Intake intake = new Intake(
                r.integer("intake.max-document-bytes", 20 * 1024 * 1024, 1_024, 512 * 1024 * 1024),
                r.integer("intake.max-pdf-pages", 2_000, 1, 100_000),
                r.integer("intake.pdf-timeout-seconds", 60, 1, 3_600),
                r.strings("intake.benign", 10_000, 253));
        return new TearlineConfig(
                server,
                store,
                taxii,
                auth,
                metrics,
                producer,
                audit,
                warnings,
                console,
                intake,
                AlertSettings.read(r, source));
    }

    /**
     * A public URL checked and without its trailing slash: absolute http(s), a host, no
     * credentials, query or fragment.
     */
    static String publicUrl(String text, String source) {
        if (text == null) {
            return null;
        }
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            u = null;
        }
        if (u == null
                || u.getScheme() == null
                || u.getHost() == null
                || !Set.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT))
                || u.getRawUserInfo() != null
                || u.getRawQuery() != null
                || u.getRawFragment() != null) {
            throw new ConfigurationException("server.public-url must be an absolute http or"
                    + " https URL with a host and no user, query or fragment (e.g."
                    + " https://taxii.example.org), was '" + text + "' in " + source);
        }
        String url = u.toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    /** A copy with different server settings. */
    public TearlineConfig withServer(Server s) {
        return new TearlineConfig(s, store, taxii, auth, metrics, producer, audit, warnings, console, intake, alerts);
    }

    /** A copy with different TAXII settings. */
    public TearlineConfig withTaxii(Taxii t) {
        return new TearlineConfig(server, store, t, auth, metrics, producer, audit, warnings, console, intake, alerts);
    }

    /** A copy with different authentication settings. */
    public TearlineConfig withAuth(Auth a) {
        return new TearlineConfig(server, store, taxii, a, metrics, producer, audit, warnings, console, intake, alerts);
    }

    /** A copy with different metrics settings. */
    public TearlineConfig withMetrics(Metrics m) {
        return new TearlineConfig(server, store, taxii, auth, m, producer, audit, warnings, console, intake, alerts);
    }

    /** A copy with different disclosure-record settings. */
    public TearlineConfig withAudit(Audit a) {
        return new TearlineConfig(server, store, taxii, auth, metrics, producer, a, warnings, console, intake, alerts);
    }

    /** A copy with different intake settings. */
    public TearlineConfig withIntake(Intake i) {
        return new TearlineConfig(server, store, taxii, auth, metrics, producer, audit, warnings, console, i, alerts);
    }

    /** A copy with different store settings. */
    public TearlineConfig withStore(StoreSettings s) {
        return new TearlineConfig(server, s, taxii, auth, metrics, producer, audit, warnings, console, intake, alerts);
    }

    /** A copy with different alert settings. */
    public TearlineConfig withAlerts(AlertSettings a) {
        return new TearlineConfig(server, store, taxii, auth, metrics, producer, audit, warnings, console, intake, a);
    }

    /** Reads typed values out of the tree, naming the key in every complaint. */
    static final class Reader {
        private final JsonNode root;
        private final String source;

        Reader(JsonNode root, String source) {
            this.root = root;
            this.source = source;
        }

        JsonNode at(String path) {
            JsonNode n = root;
            for (String part : path.split("\\.", -1)) {
                if (n == null || n.isNull()) {
                    return null;
                }
                n = n.get(part);
            }
            return n == null || n.isNull() ? null : n;
        }

        void checkKeys(String section, Set<String> allowed) {
            JsonNode n = section.isEmpty() ? root : at(section);
            if (n == null) {
                return;
            }
            if (!n.isObject()) {
                throw new ConfigurationException((section.isEmpty() ? "the top level" : "'" + section + "'")
                        + " must be a mapping in " + source);
            }
            List<String> unknown = new ArrayList<>();
            Iterator<String> names = n.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    unknown.add((section.isEmpty() ? "" : section + ".") + name);
                }
            }
            if (!unknown.isEmpty()) {
                throw new ConfigurationException("unknown configuration key(s) " + unknown
                        + " in " + source + "; known keys here are "
                        + allowed.stream().sorted().toList());
            }
        }

        String string(String path, String def) {
            JsonNode n = at(path);
            if (n == null) {
                return def;
            }
            if (!n.isTextual()) {
                throw new ConfigurationException(path + " must be a string, was " + n + " in " + source);
            }
            return n.asText();
        }

        /**
         * A list of non-blank strings, empty when absent; at most {@code maxItems} of at most
         * {@code maxLength} characters each.
         */
        List<String> strings(String path, int maxItems, int maxLength) {
            JsonNode n = at(path);
            if (n == null) {
                return List.of();
            }
            if (!n.isArray()) {
                throw new ConfigurationException(path + " must be a list of strings, was " + n + " in " + source);
            }
            if (n.size() > maxItems) {
                throw new ConfigurationException(
                        path + " holds " + n.size() + " values, more than the " + maxItems + " allowed, in " + source);
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                JsonNode item = n.get(i);
                if (!item.isTextual()
                        || item.asText().isBlank()
                        || item.asText().length() > maxLength) {
                    throw new ConfigurationException(path + "[" + i + "] must be a non-blank string of at most "
                            + maxLength + " characters, was " + item + " in " + source);
                }
                out.add(item.asText().strip());
            }
            return out;
        }

        boolean bool(String path, boolean def) {
            JsonNode n = at(path);
            if (n == null) {
                return def;
            }
            if (!n.isBoolean()) {
                throw new ConfigurationException(path + " must be true or false, was " + n + " in " + source);
            }
            return n.asBoolean();
        }

        int integer(String path, int def, int min, int max) {
            return (int) longValue(path, def, min, max);
        }

        long longValue(String path, long def, long min, long max) {
            JsonNode n = at(path);
            if (n == null) {
                return def;
            }
            if (!n.isIntegralNumber()) {
                throw new ConfigurationException(path + " must be a whole number, was " + n + " in " + source);
            }
            long v = n.asLong();
            if (v < min || v > max) {
                throw new ConfigurationException(
                        path + " must be between " + min + " and " + max + ", was " + v + " in " + source);
            }
            return v;
        }
    }
}
