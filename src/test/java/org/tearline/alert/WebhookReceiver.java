package org.tearline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.tearline.alert.channel.WebhookChannel;
import org.tearline.stix.StixJson;

/**
 * A webhook receiver as an integrator would write one: HTTPS with a certificate of its own
 * (which Tearline is configured to trust by its CA file), checking each delivery's signature
 * and timestamp before anything else, and treating deliveries with an idempotency key it has
 * already accepted as the same delivery. Its answers can be scripted (500 three times, ...),
 * and it can hold requests to play a slow endpoint.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Arrival(
            String path, String key, String timestamp, String signature, String body, int status, long nanos) {}

    private final HttpsServer server;
    private final String secret;
    private final TestCertificate certificate;
    private final Deque<Integer> script = new ConcurrentLinkedDeque<>();
    private final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, JsonNode> accepted = Collections.synchronizedMap(new LinkedHashMap<>());
    private final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int otherwise = 200;
    private volatile CountDownLatch hold;

    public WebhookReceiver(Path dir, String secret) throws Exception {
        this.secret = secret;
        this.certificate = TestCertificate.create(dir, "webhook");
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public Path caFile() {
        return certificate.caFile;
    }

    /** The next answers, in order; after them, {@link #otherwise}. */
    void script(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    void otherwise(int status) {
        this.otherwise = status;
    }

    /** Requests wait until {@link #release()}. */
    void hold() {
        hold = new CountDownLatch(1);
    }

    void release() {
        if (hold != null) {
            hold.countDown();
        }
    }

    private void handle(HttpExchange x) throws IOException {
        long nanos = System.nanoTime();
        started.incrementAndGet();
        byte[] body = x.getRequestBody().readAllBytes();
        String timestamp = x.getRequestHeaders().getFirst(WebhookChannel.TIMESTAMP);
        String signature = x.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE);
        String key = x.getRequestHeaders().getFirst(WebhookChannel.IDEMPOTENCY_KEY);
        int status;
        if (!verify(secret, timestamp, signature, body)) {
            status = 401;
        } else {
            CountDownLatch h = hold;
            if (h != null) {
                try {
                    h.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Integer scripted = script.poll();
            status = scripted != null ? scripted : otherwise;
            if (status == 200) {
                // A retry of a delivery already taken is answered 200 and not taken again.
                accepted.putIfAbsent(key, StixJson.mapper().readTree(body));
            }
        }
        arrivals.add(new Arrival(
                x.getRequestURI().getPath(),
                key,
                timestamp,
                signature,
                new String(body, StandardCharsets.UTF_8),
                status,
                nanos));
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    /**
     * A receiver's check: the signature is the HMAC-SHA256 of timestamp, '.', body under the
     * shared secret, compared in constant time, and the timestamp is within five minutes.
     */
    static boolean verify(String secret, String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
            return false;
        }
        long t;
        try {
            t = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(Instant.now().getEpochSecond() - t) > 300) {
            return false;
        }
        String expected = WebhookChannel.sign(secret, timestamp, body);
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                signature.substring(3).getBytes(StandardCharsets.US_ASCII));
    }

    public List<Arrival> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    /** Deliveries taken, by idempotency key, each once. */
    Map<String, JsonNode> accepted() {
        synchronized (accepted) {
            return new LinkedHashMap<>(accepted);
        }
    }

    /** Requests that have arrived, answered or not. */
    int started() {
        return started.get();
    }

    long rejected() {
        return arrivals().stream().filter(a -> a.status() == 401).count();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("within 30 s: " + what).isTrue();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
