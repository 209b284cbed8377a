package org.tearline.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tearline.error.ConfigurationException;

/**
 * The {@code alerts} section of tearline.yaml: how alerts are delivered (an SMTP server, named
 * webhooks), how hard delivery is tried, and how many alerts one recipient gets at most. The
 * SMTP password and the webhook secrets are secrets: no {@code toString} shows them and no
 * message repeats them.
 *
 * @param dispatchIntervalMillis how often the dispatcher looks for alerts due
 * @param timeoutSeconds         how long one delivery may take (connect and answer) before it fails
 * @param maxAttempts            attempts before an alert becomes a dead letter
 * @param firstRetryMillis       the wait after the first failure, doubling after each one
 * @param maxRetryMillis         the longest wait between attempts
 * @param ratePerRecipient       deliveries one recipient gets per window; the rest are folded into one
 * @param rateWindowMinutes      the window of that limit
 * @param smtp                   the mail server, or null when e-mail is not configured
 * @param webhooks               the webhooks by name
 */
public record AlertSettings(
        int dispatchIntervalMillis,
        int timeoutSeconds,
        int maxAttempts,
        long firstRetryMillis,
        long maxRetryMillis,
        int ratePerRecipient,
        int rateWindowMinutes,
        Smtp smtp,
        Map<String, Webhook> webhooks) {

    public AlertSettings {
        webhooks = Map.copyOf(webhooks);
    }

    /**
     * How a mail server is reached: {@code security} is starttls, tls or none; {@code caFile}
     * (PEM) is trusted for its certificate instead of the JDK's CAs when set.
     */
    public record Smtp(
            String host, int port, String security, String username, String password, String from, Path caFile) {
        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                    + ", password=" + (password == null ? "unset" : "set") + ", from=" + from + ", caFile=" + caFile
                    + "]";
        }
    }

    /**
     * A webhook: an HTTPS URL, the secret its deliveries are signed with, and optionally a file
     * of CA certificates (PEM) to trust for it instead of the JDK's.
     */
    public record Webhook(String name, URI url, String secret, Path caFile) {
        @Override
        public String toString() {
            return "Webhook[name=" + name + ", url=" + url + ", secret=set, caFile=" + caFile + "]";
        }
    }

    /** No channel configured; the defaults for the rest. */
    public static AlertSettings defaults() {
        return new AlertSettings(250, 10, 6, 1_000, 300_000, 20, 10, null, Map.of());
    }

    /** A copy with other retry settings. */
    public AlertSettings withRetry(int attempts, long firstMillis, long maxMillis) {
        return new AlertSettings(
                dispatchIntervalMillis,
                timeoutSeconds,
                attempts,
                firstMillis,
                maxMillis,
                ratePerRecipient,
                rateWindowMinutes,
                smtp,
                webhooks);
    }

    /** A copy with another rate limit. */
    public AlertSettings withRateLimit(int perRecipient, int windowMinutes) {
        return new AlertSettings(
                dispatchIntervalMillis,
                timeoutSeconds,
                maxAttempts,
                firstRetryMillis,
                maxRetryMillis,
                perRecipient,
                windowMinutes,
                smtp,
                webhooks);
    }

    /** A copy with these channels. */
    public AlertSettings withChannels(Smtp mail, Map<String, Webhook> hooks) {
        return new AlertSettings(
                dispatchIntervalMillis,
                timeoutSeconds,
                maxAttempts,
                firstRetryMillis,
                maxRetryMillis,
                ratePerRecipient,
                rateWindowMinutes,
                mail,
                hooks);
    }

    static AlertSettings read(TearlineConfig.Reader r, String source) {
        r.checkKeys(
                "alerts",
                Set.of("dispatch-interval-millis", "timeout-seconds", "retry", "rate-limit", "smtp", "webhooks"));
        r.checkKeys("alerts.retry", Set.of("attempts", "first-delay-millis", "max-delay-millis"));
        r.checkKeys("alerts.rate-limit", Set.of("per-recipient", "window-minutes"));
        r.checkKeys("alerts.smtp", Set.of("host", "port", "security", "username", "password", "from", "ca-file"));
        AlertSettings d = defaults();
        long first = r.longValue("alerts.retry.first-delay-millis", d.firstRetryMillis(), 10, 3_600_000);
        long max = r.longValue("alerts.retry.max-delay-millis", d.maxRetryMillis(), 10, 86_400_000);
        if (first > max) {
            throw new ConfigurationException("alerts.retry.first-delay-millis (" + first
                    + ") cannot be larger than alerts.retry.max-delay-millis (" + max + ") in " + source);
        }
        return new AlertSettings(
                r.integer("alerts.dispatch-interval-millis", d.dispatchIntervalMillis(), 10, 60_000),
                r.integer("alerts.timeout-seconds", d.timeoutSeconds(), 1, 300),
                r.integer("alerts.retry.attempts", d.maxAttempts(), 1, 100),
                first,
                max,
                r.integer("alerts.rate-limit.per-recipient", d.ratePerRecipient(), 1, 100_000),
                r.integer("alerts.rate-limit.window-minutes", d.rateWindowMinutes(), 1, 1_440),
                r.at("alerts.smtp") == null ? null : smtp(r, source),
                webhooks(r, source));
    }

    private static Smtp smtp(TearlineConfig.Reader r, String source) {
        String host = r.string("alerts.smtp.host", null);
        if (host == null || host.isBlank()) {
            throw new ConfigurationException("alerts.smtp.host is required when alerts.smtp is set, in " + source);
        }
        String security = r.string("alerts.smtp.security", "starttls").toLowerCase(Locale.ROOT);
        int defaultPort = switch (security) {
            case "starttls" -> 587;
            case "tls" -> 465;
            case "none" -> 25;
            default ->
                throw new ConfigurationException(
                        "alerts.smtp.security must be starttls, tls or" + " none, was '" + security + "' in " + source);
        };
        String username = r.string("alerts.smtp.username", null);
        String password = r.string("alerts.smtp.password", null);
        if ((username == null) != (password == null)) {
            throw new ConfigurationException(
                    "alerts.smtp.username and alerts.smtp.password go together: set both or neither, in " + source);
        }
        if (username != null && security.equals("none")) {
            throw new ConfigurationException("alerts.smtp.security 'none' would send the SMTP password in clear:"
                    + " use starttls or tls with a username, in " + source);
        }
        String from = r.string("alerts.smtp.from", null);
        if (from == null || !from.matches("[^@\\s]+@[^@\\s]+")) {
            throw new ConfigurationException("alerts.smtp.from must be an e-mail address, was "
                    + (from == null ? "unset" : "'" + from + "'") + " in " + source);
        }
        return new Smtp(
                host,
                r.integer("alerts.smtp.port", defaultPort, 1, 65_535),
                security,
                username,
                password,
                from,
                caFile(r, "alerts.smtp.ca-file", source));
    }

    private static Map<String, Webhook> webhooks(TearlineConfig.Reader r, String source) {
        JsonNode all = r.at("alerts.webhooks");
        Map<String, Webhook> out = new LinkedHashMap<>();
        if (all == null) {
            return out;
        }
        if (!all.isObject()) {
            throw new ConfigurationException("alerts.webhooks must be a mapping of names to webhooks in " + source);
        }
        Iterator<String> names = all.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            String key = "alerts.webhooks." + name;
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                throw new ConfigurationException(key + ": a webhook's name is 1 to 64 letters, digits, '-' or '_'"
                        + " starting with a letter or digit, in " + source);
            }
            r.checkKeys(key, Set.of("url", "secret", "ca-file"));
            String url = r.string(key + ".url", null);
            URI u;
            try {
                u = url == null ? null : new URI(url);
            } catch (URISyntaxException e) {
                u = null;
            }
            if (u == null
                    || !"https".equalsIgnoreCase(u.getScheme())
                    || u.getHost() == null
                    || u.getRawUserInfo() != null) {
                throw new ConfigurationException(key + ".url must be an https URL with a host and no user"
                        + " (deliveries are signed, not hidden: they go over TLS), was "
                        + (url == null ? "unset" : "'" + url + "'") + " in " + source);
            }
            String secret = r.string(key + ".secret", null);
            if (secret == null || secret.length() < 16 || secret.length() > 200) {
                // The value is a secret: not repeated.
                throw new ConfigurationException(key + ".secret must be set, 16 to 200 characters (e.g. from"
                        + " 'openssl rand -hex 32'), in " + source);
            }
            out.put(name, new Webhook(name, u, secret, caFile(r, key + ".ca-file", source)));
        }
        return out;
    }

    private static Path caFile(TearlineConfig.Reader r, String key, String source) {
        String ca = r.string(key, null);
        Path caFile = ca == null ? null : Path.of(ca);
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new ConfigurationException(key + " " + caFile + " cannot be read, in " + source);
        }
        return caFile;
    }
}
