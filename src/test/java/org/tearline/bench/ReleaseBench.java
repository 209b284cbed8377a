package org.tearline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.tearline.Tearline;
import org.tearline.Tearline.Measuring;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.release.Markings;
import org.tearline.server.HttpServer;
import org.tearline.stix.StixJson;

/**
 * The release benchmark: what the release engine, the receipts and the disclosure log cost. It
 * is not a test. In one JVM it runs the same scenario several times over a fresh embedded
 * store, once per {@link Measuring} mode, and prints one JSON line per run:
 *
 * <ol>
 *   <li>ingest {@code --objects} objects into a source collection over TAXII (no audiences);
 *   <li>materialise the views of three audiences with different policies, one after the other
 *       (objects of the source per second, per audience, and the collectors' time in it:
 *       they stop every thread, the one writing the view too);
 *   <li>recompute one audience after a policy change;
 *   <li>ingest {@code --more} further objects while the three views are kept current;
 *   <li>read one view as its partner for the first time (every object a new receipt), then
 *       the raw source collection as the producer and the view again, whole, in pages of
 *       1,000, over TAXII.
 * </ol>
 *
 * <p>Modes: everything on; receipts off (what a partner's reads cost to note); disclosure log
 * off (what the log costs ingest, release and reads). The switch is
 * {@link Tearline#openForBenchmark}, which no user setting reaches. Each round runs the modes
 * in another order, and with several rounds the last lines are each mode's medians. Run it
 * with {@code bench/release.sh}; see docs/benchmarks.md.
 *
 * <p>Arguments: {@code --objects 100000 --more 20000 --rounds 2 --work DIR [--out FILE]
 * [--modes everything,without_receipts,without_disclosure_log]} (all modes unless named).
 */
public final class ReleaseBench {

    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String PASSWORD = "benchmark-password-1";
    private static final String TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    private static final String TLP_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    private static final String[] AUDIENCES = {"green-partner", "amber-partner", "plain-partner"};

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int objects = Integer.parseInt(args.getOrDefault("objects", "100000"));
        int more = Integer.parseInt(args.getOrDefault("more", "20000"));
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "2"));
        Path work = Path.of(args.getOrDefault("work", "target/bench-release"));
        ReleaseBench bench = new ReleaseBench();
        Map<String, Object> speed = MachineSpeed.measure();
        System.err.println("machine speed (ms of fixed work, lower is faster): " + speed);

        // JIT warm-up on a small store, not reported, in every mode: the first mode measured
        // otherwise pays for the compiler's remaining work (in one profile, C2 took as much CPU
        // during the first read of the view as the server's threads did).
        Measuring[] modes = args.containsKey("modes")
                ? java.util.Arrays.stream(args.get("modes").split(","))
                        .map(m -> Measuring.valueOf(m.trim().toUpperCase(Locale.ROOT)))
                        .toArray(Measuring[]::new)
                : Measuring.values();
        for (Measuring m : modes) {
            bench.run(work.resolve("warmup-" + m), m, 20_000, 5_000);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            // Each round starts with another mode, so no mode is always the one measured first.
            for (int i = 0; i < modes.length; i++) {
                Measuring m = modes[(r + i) % modes.length];
                Map<String, Object> result = bench.run(work.resolve(m + "-" + r), m, objects, more);
                result.put("round", r + 1);
                result.putAll(speed);
                System.out.println(StixJson.mapper().writeValueAsString(result));
                results.add(result);
            }
        }
        if (rounds > 1) {
            for (Measuring m : modes) {
                Map<String, Object> median = medians(results, m);
                System.out.println(StixJson.mapper().writeValueAsString(median));
                results.add(median);
            }
        }
        if (args.containsKey("out")) {
            Files.writeString(
                    Path.of(args.get("out")),
                    StixJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
        }
    }

    private Map<String, Object> run(Path dir, Measuring measuring, int objects, int more) throws Exception {
        delete(dir);
        Files.createDirectories(dir);
        TearlineConfig d = TearlineConfig.defaults();
        TearlineConfig.Server s = d.server();
        TearlineConfig config =
                d.withServer(new TearlineConfig.Server("127.0.0.1", 0, null, null, false, s.maxThreads()));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", measuring.name().toLowerCase(Locale.ROOT));
        r.put("objects", objects);
        try (Tearline app = Tearline.openForBenchmark(config, dir, Clock.systemUTC(), measuring)) {
            HttpServer server = app.httpServer();
            server.start();
            try {
                String root = config.taxii().defaultApiRoot();
                String intel = app.collections()
                        .create(null, root, "Intelligence", null, "intel", CollectionKind.SOURCE)
                        .id();
                app.accounts().create("producer", PASSWORD.toCharArray(), Account.Role.PRODUCER);
                app.accounts().grant("producer", intel, true, true);
                for (String a : AUDIENCES) {
                    app.accounts().create(a, PASSWORD.toCharArray(), Account.Role.PARTNER);
                }
                URI base = server.baseUri();
                URI source = base.resolve("/" + root + "/collections/" + intel + "/objects/");
                String producer = basic("producer");

                long t0 = System.nanoTime();
                long p0 = processCpu();
                post(source, producer, 0, objects);
                r.put("ingest_per_s", rate(objects, t0));
                r.put("ingest_per_process_cpu_s", Math.round(objects / ((processCpu() - p0) / 1e9)));

                HostSteal steal0 = HostSteal.now();
                for (String a : AUDIENCES) {
                    t0 = System.nanoTime();
                    long c0 = threadCpu();
                    long g0 = gcMillis();
                    app.releases().apply(policy(a, false), a + ".yaml", "bench");
                    r.put("materialise_" + a + "_per_s", rate(objects, t0));
                    r.put("materialise_" + a + "_per_cpu_s", cpuRate(objects, c0));
                    r.put("materialise_" + a + "_gc_ms", gcMillis() - g0);
                }
                t0 = System.nanoTime();
                long c0 = threadCpu();
                app.releases().apply(policy(AUDIENCES[0], true), AUDIENCES[0] + ".yaml", "bench");
                r.put("recompute_after_change_per_s", rate(objects, t0));
                r.put("recompute_after_change_per_cpu_s", cpuRate(objects, c0));
                // CPU time the host gave to other machines while the views were made (see
                // HostSteal): a round with much of it taken is not comparable with others.
                r.put("host_steal_pct_materialise", HostSteal.now().percentSince(steal0));

                t0 = System.nanoTime();
                c0 = processCpu();
                post(source, producer, objects, more);
                r.put("ingest_with_3_views_per_s", rate(more, t0));
                r.put("ingest_with_3_views_per_process_cpu_s", Math.round(more / ((processCpu() - c0) / 1e9)));

                int total = objects + more;
                String viewId =
                        app.collections().find(AUDIENCES[1]).orElseThrow().id();
                URI view = base.resolve("/" + root + "/collections/" + viewId + "/objects/");
                String partner = basic(AUDIENCES[1]);
                // The partner's first read: every version it is served is a first retrieval,
                // so each becomes a receipt; then the time to write what is still queued.
                long[] first = readAll(view, partner);
                r.put("view_first_read_per_s", Math.round(first[1] / (first[0] / 1e9)));
                r.put("view_first_read_process_cpu_ms", first[2] / 1_000_000);
                r.put("view_first_read_gc_ms", first[3]);
                r.put("view_first_read_server_cpu_ms", first[4] / 1_000_000);
                t0 = System.nanoTime();
                app.receipts().flush();
                r.put("receipts_flush_after_first_read_ms", (System.nanoTime() - t0) / 1_000_000);
                // Then the steady state, as partners poll: three reads of each, alternating;
                // the fastest of each is reported, so a stray pause of the machine does not
                // decide the comparison.
                long[] raw = {Long.MAX_VALUE, 0, 0, 0, 0};
                long[] released = {Long.MAX_VALUE, 0, 0, 0, 0};
                for (int i = 0; i < 3; i++) {
                    best(raw, readAll(source, producer));
                    best(released, readAll(view, partner));
                }
                if (raw[1] != total) {
                    throw new IllegalStateException("read " + raw[1] + " source objects, not " + total);
                }
                r.put("raw_read_objects", raw[1]);
                r.put("raw_read_ms", raw[0] / 1_000_000);
                r.put("raw_read_per_s", Math.round(raw[1] / (raw[0] / 1e9)));
                r.put("view_read_objects", released[1]);
                r.put("view_read_ms", released[0] / 1_000_000);
                r.put("view_read_per_s", Math.round(released[1] / (released[0] / 1e9)));
                r.put("view_to_raw_time", Math.round(100.0 * released[0] / raw[0]) / 100.0);
                r.put("raw_read_process_cpu_ms", raw[2] / 1_000_000);
                r.put("view_read_process_cpu_ms", released[2] / 1_000_000);
                r.put("raw_read_server_cpu_ms", raw[4] / 1_000_000);
                r.put("view_read_server_cpu_ms", released[4] / 1_000_000);
                r.put("view_to_raw_process_cpu", Math.round(100.0 * released[2] / raw[2]) / 100.0);
            } finally {
                server.close();
            }
        }
        return r;
    }

    private static void best(long[] best, long[] run) {
        if (run[0] < best[0]) {
            best[0] = run[0];
            best[2] = run[2];
            best[4] = run[4];
        }
        best[1] = run[1];
    }

    /** The median of each figure over the rounds of one mode. */
    private static Map<String, Object> medians(List<Map<String, Object>> results, Measuring m) {
        String mode = m.name().toLowerCase(Locale.ROOT);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", mode);
        out.put(
                "median_of_rounds",
                results.stream().filter(x -> mode.equals(x.get("mode"))).count());
        for (String key : results.get(0).keySet()) {
            List<Double> values = new ArrayList<>();
            for (Map<String, Object> x : results) {
                if (mode.equals(x.get("mode")) && x.get(key) instanceof Number n) {
                    values.add(n.doubleValue());
                }
            }
            if (values.isEmpty() || key.equals("round") || key.equals("objects")) {
                continue;
            }
            values.sort(null);
            int n = values.size();
            double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
            out.put(key, Math.round(median * 100) / 100.0);
        }
        return out;
    }

    /**
     * CPU time of this thread: materialising runs on it, and on a machine shared with other
     * work its CPU time varies far less than the time on the clock.
     */
    private static long threadCpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** CPU time of the whole process (client, server, background writers). */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long cpuRate(int count, long sinceCpu) {
        return Math.round(count / ((threadCpu() - sinceCpu) / 1e9));
    }

    private static long rate(int count, long since) {
        return Math.round(count / ((System.nanoTime() - since) / 1e9));
    }

    /**
     * A policy per audience, each exercising another part of the engine: a TLP:GREEN ceiling
     * with source-protected content withheld (after the change: redacted); TLP:AMBER with
     * source-protected content generalised; original ids with protected content redacted.
     */
    private static String policy(String audience, boolean changed) {
        String head = "audience: " + audience + "\nmembers: [" + audience + "]\n" + "sources: [intel]\n";
        return switch (audience) {
            case "green-partner" ->
                head + "admit: {tlp: green}\nmarkings:\n"
                        + "  tlp:green: release\n"
                        + "  source-protected: " + (changed ? "redact" : "withhold") + "\n"
                        + "  method-protected: redact\n";
            case "amber-partner" ->
                head + "admit: {tlp: amber}\nmarkings:\n"
                        + "  tlp:green: release\n  tlp:amber: release\n"
                        + "  source-protected: generalise\n  method-protected: redact\n"
                        + "generalise:\n  description: {phrase: \"a reliable source\"}\n";
            default ->
                head + "admit: {tlp: amber}\nmarkings:\n"
                        + "  tlp:green: release\n  tlp:amber: release\n"
                        + "  source-protected: redact\n  method-protected: redact\n"
                        + "ids: original\n";
        };
    }

    /**
     * Objects in blocks of ten, as a producer's source collection holds them: a malware family,
     * six indicators (one in five of them with a source-protected description, one in six
     * TLP:AMBER), two relationships from indicators to the family, and a threat actor whose
     * description is source-protected and aliases method-protected.
     */
    private static String object(int n, String[] block) {
        String now = "2025-06-01T00:00:00.000Z";
        String common = "\"spec_version\":\"2.1\",\"created\":\"" + now + "\",\"modified\":\"" + now + "\",";
        int kind = n % 10;
        String id = block[kind];
        return switch (kind) {
            case 0 ->
                "{\"type\":\"malware\"," + common + "\"id\":\"" + id + "\",\"name\":"
                        + "\"Family " + n + "\",\"is_family\":true,\"malware_types\":[\"remote-"
                        + "access-trojan\"],\"object_marking_refs\":[\"" + TLP_GREEN + "\"]}";
            case 7, 8 ->
                "{\"type\":\"relationship\"," + common + "\"id\":\"" + id + "\","
                        + "\"relationship_type\":\"indicates\",\"source_ref\":\"" + block[kind - 6]
                        + "\",\"target_ref\":\"" + block[0] + "\",\"object_marking_refs\":[\""
                        + TLP_GREEN + "\"]}";
            case 9 ->
                "{\"type\":\"threat-actor\"," + common + "\"id\":\"" + id + "\","
                        + "\"name\":\"Actor " + n + "\",\"description\":\"Reported by handler "
                        + n + " from a meeting in the capital.\",\"aliases\":[\"Alias " + n
                        + "\"],\"object_marking_refs\":[\"" + TLP_AMBER + "\"],"
                        + "\"granular_markings\":[{\"marking_ref\":\""
                        + Markings.SOURCE_PROTECTED_ID + "\",\"selectors\":[\"description\"]},"
                        + "{\"marking_ref\":\"" + Markings.METHOD_PROTECTED_ID
                        + "\",\"selectors\":[\"aliases\"]}]}";
            default ->
                "{\"type\":\"indicator\"," + common + "\"id\":\"" + id + "\","
                        + "\"name\":\"C2 address " + n + "\",\"description\":\"Command and control"
                        + " address seen in campaign traffic.\",\"indicator_types\":"
                        + "[\"malicious-activity\"],\"pattern\":\"[ipv4-addr:value = '198.51."
                        + (n / 256 % 256) + "." + (n % 256) + "']\",\"pattern_type\":\"stix\","
                        + "\"valid_from\":\"" + now + "\",\"object_marking_refs\":[\""
                        + (n % 6 == 1 ? TLP_AMBER : TLP_GREEN) + "\"]"
                        + (n % 5 == 2
                                ? ",\"granular_markings\":[{\"marking_ref\":\"" + Markings.SOURCE_PROTECTED_ID
                                        + "\",\"selectors\":[\"description\"]}]"
                                : "")
                        + "}";
        };
    }

    private static String[] block() {
        String[] types = {
            "malware",
            "indicator",
            "indicator",
            "indicator",
            "indicator",
            "indicator",
            "indicator",
            "relationship",
            "relationship",
            "threat-actor"
        };
        String[] ids = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            ids[i] = types[i] + "--" + UUID.randomUUID();
        }
        return ids;
    }

    /** Posts objects {@code first} to {@code first + count - 1} in envelopes of 1,000. */
    private void post(URI objects, String auth, int first, int count) throws IOException {
        String[] block = block();
        for (int start = first; start < first + count; start += 1_000) {
            int end = Math.min(first + count, start + 1_000);
            StringBuilder b = new StringBuilder((end - start) * 600).append("{\"objects\":[");
            for (int n = start; n < end; n++) {
                if (n % 10 == 0) {
                    block = block();
                }
                b.append(n > start ? "," : "").append(object(n, block));
            }
            byte[] body = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(objects)
                    .header("Authorization", auth)
                    .header("Accept", TAXII)
                    .header("Content-Type", TAXII)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            JsonNode status = StixJson.mapper().readTree(r.body());
            if (r.statusCode() != 202 || status.path("success_count").asInt() != end - start) {
                throw new IllegalStateException("POST failed: " + r.statusCode() + " "
                        + new String(r.body(), StandardCharsets.UTF_8).substring(0, Math.min(500, r.body().length)));
            }
        }
    }

    /**
     * Reads a whole collection in pages of 1,000: {elapsed nanoseconds, objects, CPU
     * nanoseconds of the process meanwhile}.
     */
    private long[] readAll(URI objects, String auth) throws IOException {
        long t0 = System.nanoTime();
        long c0 = processCpu();
        long g0 = gcMillis();
        Map<Long, Long> s0 = serverThreadsCpu();
        long count = 0;
        String next = null;
        do {
            String q = "?limit=1000" + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(objects.resolve(q))
                    .header("Authorization", auth)
                    .header("Accept", TAXII)
                    .GET());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("read failed: " + r.statusCode());
            }
            PageSummary page = PageSummary.of(r.body());
            count += page.objects();
            next = page.more() ? page.next() : null;
        } while (next != null);
        long elapsed = System.nanoTime() - t0;
        long cpu = processCpu() - c0;
        long server = 0;
        for (Map.Entry<Long, Long> e : serverThreadsCpu().entrySet()) {
            server += e.getValue() - s0.getOrDefault(e.getKey(), 0L);
        }
        return new long[] {elapsed, count, cpu, gcMillis() - g0, server};
    }

    /**
     * CPU time of each of the HTTP server's threads, by thread id: the read path itself,
     * without the client, the compiler, the collectors or background writers (a thread that
     * ends between two readings takes its time with it, so this can only undercount).
     */
    private static Map<Long, Long> serverThreadsCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, Long> out = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("tearline-http")) {
                long cpu = mx.getThreadCpuTime(t.getId());
                if (cpu >= 0) {
                    out.put(t.getId(), cpu);
                }
            }
        }
        return out;
    }

    /**
     * Time the collectors have spent so far. Client and server share this JVM and its heap: a
     * full collection that lands in a read is charged to it, whichever side filled the heap.
     */
    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc :
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException {
        try {
            return http.send(b.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
