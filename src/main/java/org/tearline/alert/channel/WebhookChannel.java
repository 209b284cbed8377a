package org.tearline.alert.channel;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tearline.config.AlertSettings;

/**
 * Webhooks: an HTTPS POST of the delivery's JSON, signed so the receiver can tell it came from
 * this node and was not replayed late. Headers: {@code Tearline-Timestamp} (Unix seconds),
 * {@code Tearline-Signature} ({@code v1=} and the hex HMAC-SHA256, keyed with the webhook's
 * secret, of the timestamp, a dot and the body's bytes), and {@code Idempotency-Key}. Any 2xx
 * answer is arrival; anything else, or no answer within the timeout, is a failure.
 */
public final class WebhookChannel implements AlertChannel {

    /** The header names, for receivers and their tests. */
    public static final String TIMESTAMP = "Tearline-Timestamp";

    public static final String SIGNATURE = "Tearline-Signature";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Map<String, AlertSettings.Webhook> hooks;
    private final Map<String, HttpClient> clients = new HashMap<>();
    private final Duration timeout;
    private final Clock clock;

    public WebhookChannel(Map<String, AlertSettings.Webhook> hooks, Duration timeout, Clock clock) {
        this.hooks = Map.copyOf(hooks);
        this.timeout = timeout;
        this.clock = clock;
        // One client per webhook: each trusts its own CA file, and the clients' connections
        // are their own, so one slow endpoint holds none of another's.
        hooks.forEach((name, h) -> clients.put(
                name,
                HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .sslContext(TrustedCertificates.context(h.caFile(), "alerts.webhooks." + name + ".ca-file"))
                        .build()));
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Optional<String> problem(String target) {
        return hooks.containsKey(target)
                ? Optional.empty()
                : Optional.of("no webhook named '" + target + "' is configured (alerts.webhooks in tearline.yaml"
                        + " has " + hooks.keySet().stream().sorted().toList() + ")");
    }

    @Override
    public void send(String target, Delivery d) throws DeliveryFailedException {
        AlertSettings.Webhook h = hooks.get(target);
        if (h == null) {
            throw new DeliveryFailedException(problem(target).orElseThrow());
        }
        byte[] body = d.json().getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(h.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Tearline-Alerts")
                .header(TIMESTAMP, timestamp)
                .header(SIGNATURE, "v1=" + sign(h.secret(), timestamp, body))
                .header(IDEMPOTENCY_KEY, d.key())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> r;
        try {
            r = clients.get(target).send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryFailedException("webhook '" + target + "' (" + h.url() + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailedException("webhook '" + target + "': interrupted", e);
        }
        if (r.statusCode() / 100 != 2) {
            throw new DeliveryFailedException("webhook '" + target + "' (" + h.url() + ") answered " + r.statusCode());
        }
    }

    /** The signature of a delivery: hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }
}
