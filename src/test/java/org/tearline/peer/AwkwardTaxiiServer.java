package org.tearline.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;

/**
 * A TAXII 2.1 server that does what real ones have done to their clients, for the pull tests:
 * it never issues {@code next}, may send no {@code X-TAXII-Date-Added-*} headers, caps pages so
 * that a group of objects sharing one date_added does not fit, answers 429 (with Retry-After)
 * and 500 now and then, and stamps date_added with a clock that is ten minutes off. Its
 * manifest is honest, as the specification asks, so a client that reads it can still get
 * everything exactly once.
 */
final class AwkwardTaxiiServer implements AutoCloseable {

    static final String COLLECTION = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
    static final String USER = "tearline-b";
    static final String PASSWORD = "awkward-password";

    /** How it misbehaves. */
    record Manners(
            int pageCap,
            boolean dateHeaders,
            int tooManyEvery,
            int failEvery,
            Duration clockOffset,
            Duration delayPerRequest) {}

    static final Manners AWKWARD = new Manners(100, false, 5, 7, Duration.ofMinutes(-10), Duration.ZERO);

    private record Entry(JsonNode object, String id, String version, Instant dateAdded) {}

    private final HttpServer http;
    private final Manners manners;
    private final List<Entry> entries = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile boolean lastPageWasEmpty;

    AwkwardTaxiiServer(Manners manners) {
        this.manners = manners;
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", this::handle);
        http.start();
    }

    URI discovery() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/taxii2/");
    }

    /** The server's own, wrong, clock. */
    Instant now() {
        return Instant.now().plus(manners.clockOffset()).truncatedTo(ChronoUnit.MICROS);
    }

    /** Adds objects that all get one date_added, as a server does for one big import. */
    synchronized Instant addTogether(List<? extends JsonNode> objects) {
        Instant added = now();
        if (!entries.isEmpty() && !added.isAfter(entries.get(entries.size() - 1).dateAdded())) {
            added = entries.get(entries.size() - 1).dateAdded().plus(1, ChronoUnit.MILLIS);
        }
        for (JsonNode o : objects) {
            entries.add(new Entry(o, o.path("id").asText(null), version(o, added), added));
        }
        return added;
    }

    /** Adds objects one by one, each with a date_added of its own. */
    void addEach(List<? extends JsonNode> objects) {
        for (JsonNode o : objects) {
            addTogether(List.of(o));
        }
    }

    /** Requests answered so far, refusals (429, 500) included. */
    int requests() {
        return requests.get();
    }

    int refusals() {
        return refusals.get();
    }

    /** Whether the last objects or manifest page served was empty with nothing more. */
    boolean caughtUp() {
        return lastPageWasEmpty;
    }

    private static String version(JsonNode o, Instant added) {
        if (o.path("modified").isTextual()) {
            return o.get("modified").asText();
        }
        if (o.path("created").isTextual()) {
            return o.get("created").asText();
        }
        return StixTimestamp.formatMicros(added);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            int n = requests.incrementAndGet();
            if (!manners.delayPerRequest().isZero()) {
                Thread.sleep(manners.delayPerRequest().toMillis());
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic "
                    + java.util.Base64.getEncoder()
                            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                send(ex, 401, error("Unauthorized"), Map.of());
                return;
            }
            if (manners.tooManyEvery() > 0 && n % manners.tooManyEvery() == 0) {
                refusals.incrementAndGet();
                send(ex, 429, error("Too Many Requests"), Map.of("Retry-After", "1"));
                return;
            }
            if (manners.failEvery() > 0 && n % manners.failEvery() == 0) {
                refusals.incrementAndGet();
                send(ex, 500, error("Internal Server Error"), Map.of());
                return;
            }
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String root = "/root/";
            String collection = root + "collections/" + COLLECTION + "/";
            if (path.equals("/taxii2/")) {
                ObjectNode d = StixJson.mapper().createObjectNode();
                d.put("title", "An awkward TAXII server");
                d.put("default", root);
                d.putArray("api_roots").add(root);
                send(ex, 200, d, Map.of());
            } else if (path.equals(root + "collections/")) {
                ObjectNode c = StixJson.mapper().createObjectNode();
                ObjectNode one = c.putArray("collections").addObject();
                one.put("id", COLLECTION);
                one.put("title", "Awkward feed");
                one.put("alias", "awkward-feed");
                one.put("can_read", true);
                one.put("can_write", false);
                send(ex, 200, c, Map.of());
            } else if (path.equals(collection + "objects/")) {
                objects(ex, q);
            } else if (path.equals(collection + "manifest/")) {
                manifest(ex, q);
            } else {
                send(ex, 404, error("Not Found"), Map.of());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized List<Entry> after(Map<String, String> q) {
        Instant after = q.containsKey("added_after")
                ? StixTimestamp.parse(q.get("added_after")).orElseThrow()
                : Instant.MIN;
        Set<String> ids = q.containsKey("match[id]")
                ? new HashSet<>(Arrays.asList(q.get("match[id]").split(",")))
                : null;
        boolean allVersions = "all".equals(q.get("match[version]"));
        List<Entry> out = new ArrayList<>();
        Map<String, Entry> latest = new HashMap<>();
        for (Entry e : entries) {
            if (e.dateAdded().isAfter(after) && (ids == null || ids.contains(e.id()))) {
                out.add(e);
                if (e.id() != null) {
                    latest.merge(e.id(), e, (a, b) -> b.version().compareTo(a.version()) > 0 ? b : a);
                }
            }
        }
        if (!allVersions) {
            out.removeIf(e -> e.id() != null && latest.get(e.id()) != e);
        }
        return out;
    }

    private int limit(Map<String, String> q) {
        int asked = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : manners.pageCap();
        return Math.min(asked, manners.pageCap());
    }

    private void objects(HttpExchange ex, Map<String, String> q) throws IOException {
        List<Entry> all = after(q);
        List<Entry> page = all.subList(0, Math.min(all.size(), limit(q)));
        ObjectNode body = StixJson.mapper().createObjectNode();
        body.put("more", page.size() < all.size());
        ArrayNode objects = body.putArray("objects");
        page.forEach(e -> objects.add(e.object()));
        lastPageWasEmpty = page.isEmpty();
        send(ex, 200, body, headers(page));
    }

    private void manifest(HttpExchange ex, Map<String, String> q) throws IOException {
        List<Entry> all = new ArrayList<>(after(q));
        all.removeIf(e -> e.id() == null);
        // The manifest's page is larger: what a server that caps objects pages by bytes does.
        int cap = 1_000;
        List<Entry> page = all.subList(0, Math.min(all.size(), cap));
        ObjectNode body = StixJson.mapper().createObjectNode();
        body.put("more", page.size() < all.size());
        ArrayNode objects = body.putArray("objects");
        for (Entry e : page) {
            ObjectNode m = objects.addObject();
            m.put("id", e.id());
            m.put("date_added", StixTimestamp.formatMicros(e.dateAdded()));
            m.put("version", e.version());
            m.put("media_type", "application/stix+json;version=2.1");
        }
        lastPageWasEmpty = page.isEmpty();
        send(ex, 200, body, headers(page));
    }

    private Map<String, String> headers(List<Entry> page) {
        if (!manners.dateHeaders() || page.isEmpty()) {
            return Map.of();
        }
        return Map.of(
                "X-TAXII-Date-Added-First",
                        StixTimestamp.formatMicros(page.get(0).dateAdded()),
                "X-TAXII-Date-Added-Last",
                        StixTimestamp.formatMicros(page.get(page.size() - 1).dateAdded()));
    }

    private static ObjectNode error(String title) {
        ObjectNode e = StixJson.mapper().createObjectNode();
        e.put("title", title);
        return e;
    }

    private static void send(HttpExchange ex, int status, JsonNode body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/taxii+json;version=2.1");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
