package org.tearline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tearline.stix.StixJson;

/**
 * The TAXII benchmark: a load tool that drives a Tearline server over HTTP, as clients do. It
 * is not a test. For each collection size it fills a fresh server to that many objects and
 * measures, in one run: ingest (envelopes of 100 and of 1,000 objects), reading the whole
 * collection in pages of 1,000, and small filtered queries (requests per second and latency
 * percentiles). Run it with {@code bench/taxii.sh}; see docs/benchmarks.md.
 *
 * <p>Arguments: {@code --sizes 10000,100000,1000000 --jar target/tearline.jar --work DIR
 * [--db URL] [--xmx 512m] [--clients 2] [--query-seconds 10] [--out results.json]
 * [--nodes 1] [--measured 50000] [--jvm-args "..."]}.
 */
public final class TaxiiBench {

    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String USER = "bench";
    private static final String PASSWORD = "benchmark-password-1";

    private final Map<String, String> args;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String auth =
            "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private TaxiiBench(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new TaxiiBench(args).run();
    }

    private void run() throws Exception {
        List<Integer> sizes = Arrays.stream(
                        args.getOrDefault("sizes", "10000,100000,1000000").split(","))
                .map(Integer::parseInt)
                .toList();
        Path work = Path.of(args.getOrDefault("work", "target/bench"));
        int clients = Integer.parseInt(args.getOrDefault("clients", "2"));
        int nodes = Integer.parseInt(args.getOrDefault("nodes", "1"));
        // Objects posted in each measured ingest (so also added to the paged read).
        int measured = Integer.parseInt(args.getOrDefault("measured", "50000"));
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, Object> speed = MachineSpeed.measure();
        System.err.println("machine speed (ms of fixed work, lower is faster): " + speed);
        for (int size : sizes) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("objects", size);
            r.putAll(speed);
            r.put("store", args.containsKey("db") ? "postgresql" : "sqlite");
            r.put("nodes", nodes);
            try (Cluster cluster = Cluster.start(args, work.resolve("n" + size), nodes)) {
                warmUp(cluster, clients);
                String collection = cluster.collection;
                List<URI> objects = cluster.bases.stream()
                        .map(b -> b.resolve("/tearline/collections/" + collection + "/objects/"))
                        .toList();
                fill(objects, size, clients);
                cluster.pauseForSettle();
                double cpu0 = cluster.serverCpuSeconds();
                double jit0 = cluster.compilerCpuSeconds();
                double db0 = Cluster.postgresCpuSeconds();
                double own0 = ownCpuSeconds();
                HostSteal steal0 = HostSteal.now();
                r.put("ingest_1000_per_s", ingest(objects, measured, 1_000, clients));
                double cpu1 = cluster.serverCpuSeconds();
                double db1 = Cluster.postgresCpuSeconds();
                double own1 = ownCpuSeconds();
                r.put("ingest_100_per_s", ingest(objects, measured, 100, clients));
                double cpu2 = cluster.serverCpuSeconds();
                double db2 = Cluster.postgresCpuSeconds();
                double own2 = ownCpuSeconds();
                HostSteal steal2 = HostSteal.now();
                // The load tool shares the two cores: what it spends is taken from the server.
                r.put("client_cpu_us_per_object_ingest_1000", Math.round((own1 - own0) * 1e6 / measured));
                r.put("client_cpu_us_per_object_ingest_100", Math.round((own2 - own1) * 1e6 / measured));
                // Part of the server's CPU above; if not near 0, the JIT was still at work.
                r.put("server_jit_ms_ingest", Math.round((cluster.compilerCpuSeconds() - jit0) * 1e3));
                if (args.containsKey("db")) {
                    // The database server shares the two cores: its CPU per object is the other
                    // half of what an ingested object costs.
                    r.put("postgres_cpu_us_per_object_ingest_1000", Math.round((db1 - db0) * 1e6 / measured));
                    r.put("postgres_cpu_us_per_object_ingest_100", Math.round((db2 - db1) * 1e6 / measured));
                }
                r.put("read_pages_1000_per_s", readAll(objects.get(0), size + 2 * measured));
                double cpu3 = cluster.serverCpuSeconds();
                // Server CPU per object tells where a rate is bounded: near the two cores'
                // worth of wall time, by CPU; far below, by waiting (locks, I/O, the client).
                r.put("server_cpu_us_per_object_ingest_1000", Math.round((cpu1 - cpu0) * 1e6 / measured));
                r.put("server_cpu_us_per_object_ingest_100", Math.round((cpu2 - cpu1) * 1e6 / measured));
                r.put("server_cpu_us_per_object_read", Math.round((cpu3 - cpu2) * 1e6 / (size + 2.0 * measured)));
                Map<String, Object> q =
                        queries(objects, clients, Integer.parseInt(args.getOrDefault("query-seconds", "10")));
                r.putAll(q);
                // CPU time the host gave to other machines: figures measured while much of it
                // was taken are not comparable with others (see HostSteal).
                r.put("host_steal_pct_ingest", steal2.percentSince(steal0));
                r.put("host_steal_pct_read_and_queries", HostSteal.now().percentSince(steal2));
                r.putAll(cluster.rssMegabytes());
            }
            System.out.println(StixJson.mapper().writeValueAsString(r));
            results.add(r);
        }
        String out = args.get("out");
        if (out != null) {
            Files.writeString(
                    Path.of(out),
                    StixJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
        }
    }

    /**
     * Runs every measured operation on a separate collection first, so the server's JIT has
     * compiled the paths before anything is timed and the measured collection holds exactly
     * the intended number of objects.
     */
    private void warmUp(Cluster cluster, int clients) throws Exception {
        long t0 = System.nanoTime();
        List<URI> objects = cluster.bases.stream()
                .map(b -> b.resolve("/tearline/collections/" + cluster.warmup + "/objects/"))
                .toList();
        // Until the JIT compilers are nearly idle: after two fixed rounds, on a slow day, C2
        // still used a fifth of the server's CPU in the first measured ingest.
        int round = 0;
        double jitShare;
        do {
            round++;
            double cpu0 = cluster.serverCpuSeconds();
            double jit0 = cluster.compilerCpuSeconds();
            postAll(objects, 40_000, 1_000, clients);
            postAll(objects, 10_000, 100, clients);
            readAll(objects.get(0), 50_000 * round);
            readAll(objects.get(0), 50_000 * round);
            queries(objects, clients, 5);
            jitShare = (cluster.compilerCpuSeconds() - jit0) / Math.max(1e-9, cluster.serverCpuSeconds() - cpu0);
        } while (round < 2 || (jitShare > WARM_JIT_SHARE && round < MAX_WARM_ROUNDS));
        knownIds.clear();
        System.err.printf(
                Locale.ROOT,
                "warmed up in %.1f s, %d rounds, the compilers %.1f%% of" + " the server's CPU in the last%n",
                (System.nanoTime() - t0) / 1e9,
                round,
                100 * jitShare);
    }

    /** CPU time (user and system) this load tool's process has used so far. */
    private static double ownCpuSeconds() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(d -> d.toNanos() / 1e9)
                .orElse(0.0);
    }

    /** Warm-up ends when the JIT compilers take less than this share of the server's CPU. */
    private static final double WARM_JIT_SHARE = 0.03;

    private static final int MAX_WARM_ROUNDS = 6;

    /** Objects as a feed carries them: mostly indicators, some malware and relationships. */
    private final List<String> knownIds = java.util.Collections.synchronizedList(new ArrayList<>());

    private String object(int n) {
        String id;
        String now = "2025-06-01T00:00:00.000Z";
        int kind = n % 10;
        if (kind < 7) {
            id = "indicator--" + UUID.randomUUID();
            int a = ThreadLocalRandom.current().nextInt(256);
            int b = ThreadLocalRandom.current().nextInt(256);
            return maybeRemember(
                    id,
                    n,
                    "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\""
                            + id + "\",\"created\":\"" + now + "\",\"modified\":\"" + now + "\","
                            + "\"name\":\"C2 address " + n + "\",\"description\":\"Command and control"
                            + " address observed in campaign traffic; block and hunt for connections.\","
                            + "\"indicator_types\":[\"malicious-activity\"],"
                            + "\"pattern\":\"[ipv4-addr:value = '198.51." + a + "." + b + "']\","
                            + "\"pattern_type\":\"stix\",\"valid_from\":\"" + now + "\","
                            + "\"labels\":[\"c2\",\"bench\"],\"confidence\":70,"
                            + "\"object_marking_refs\":[\"marking-definition--34098fce-860f-48ae-8e50-"
                            + "ebd3cc5e41da\"]}");
        }
        if (kind < 9) {
            id = "relationship--" + UUID.randomUUID();
            return maybeRemember(
                    id,
                    n,
                    "{\"type\":\"relationship\",\"spec_version\":\"2.1\","
                            + "\"id\":\"" + id + "\",\"created\":\"" + now + "\",\"modified\":\"" + now
                            + "\",\"relationship_type\":\"indicates\",\"source_ref\":\"indicator--"
                            + UUID.randomUUID() + "\",\"target_ref\":\"malware--" + UUID.randomUUID()
                            + "\"}");
        }
        id = "malware--" + UUID.randomUUID();
        return maybeRemember(
                id,
                n,
                "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\""
                        + id + "\",\"created\":\"" + now + "\",\"modified\":\"" + now + "\",\"name\":"
                        + "\"Family " + n + "\",\"is_family\":true,\"malware_types\":[\"remote-access-"
                        + "trojan\"],\"description\":\"A remote access trojan family.\"}");
    }

    private String maybeRemember(String id, int n, String json) {
        if (n % 97 == 0) {
            knownIds.add(id);
        }
        return json;
    }

    private byte[] envelope(int first, int count) {
        StringBuilder b = new StringBuilder(count * 600).append("{\"objects\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(object(first + i));
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void fill(List<URI> objects, int total, int clients) throws Exception {
        long t0 = System.nanoTime();
        postAll(objects, total, 1_000, clients);
        double s = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "filled %d objects in %.1f s (%.0f/s)%n", total, s, total / s);
    }

    /** Posts {@code total} objects in envelopes of {@code per}; returns objects per second. */
    private long ingest(List<URI> objects, int total, int per, int clients) throws Exception {
        // Built before the clock starts: the figure measures the server, not the client's
        // string building, which on two shared cores would otherwise take the server's time.
        List<Envelope> envelopes = new ArrayList<>(envelopes(total, per));
        long t0 = System.nanoTime();
        long from = System.currentTimeMillis();
        postAll(objects, envelopes, clients);
        long rate = Math.round(total / ((System.nanoTime() - t0) / 1e9));
        phase("ingest in envelopes of " + per, from);
        return rate;
    }

    /**
     * Prints when a measured phase ran, in epoch milliseconds, so that a profile of the server
     * (async-profiler's JFR output, cut with {@code jfr2flame --from --to}) can be cut to it.
     */
    private static void phase(String name, long fromEpochMs) {
        System.err.printf(Locale.ROOT, "phase %s: %d to %d%n", name, fromEpochMs, System.currentTimeMillis());
    }

    /** Posts {@code total} objects in envelopes of {@code per}, built as they are sent. */
    private void postAll(List<URI> objects, int total, int per, int clients) throws Exception {
        postAll(objects, envelopes(total, per), clients);
    }

    /** An envelope to post, and how many objects it holds. */
    private record Envelope(byte[] body, int count) {}

    /** {@code total} objects in envelopes of {@code per}, each built when it is asked for. */
    private List<Envelope> envelopes(int total, int per) {
        return new java.util.AbstractList<>() {
            @Override
            public Envelope get(int i) {
                int count = Math.min(per, total - i * per);
                return new Envelope(envelope(i * per, count), count);
            }

            @Override
            public int size() {
                return (total + per - 1) / per;
            }
        };
    }

    private void postAll(List<URI> objects, List<Envelope> envelopes, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong next = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            URI target = objects.get(c % objects.size());
            done.add(pool.submit(() -> {
                int i;
                while ((i = (int) next.getAndIncrement()) < envelopes.size()) {
                    Envelope e = envelopes.get(i);
                    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(target)
                            .header("Authorization", auth)
                            .header("Accept", TAXII)
                            .header("Content-Type", TAXII)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(e.body())));
                    JsonNode status = StixJson.mapper().readTree(r.body());
                    if (r.statusCode() != 202 || status.path("success_count").asInt() != e.count()) {
                        throw new IllegalStateException("POST failed: " + r.statusCode() + " "
                                + new String(r.body(), StandardCharsets.UTF_8)
                                        .substring(0, Math.min(300, r.body().length)));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /** Reads the whole collection in pages of 1,000; returns objects per second. */
    private long readAll(URI objects, int expected) throws Exception {
        long t0 = System.nanoTime();
        long from = System.currentTimeMillis();
        long count = 0;
        String next = null;
        do {
            String q = "?limit=1000" + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(objects.resolve(q))
                    .header("Authorization", auth)
                    .header("Accept", TAXII)
                    .GET());
            PageSummary page = PageSummary.of(r.body());
            count += page.objects();
            next = page.more() ? page.next() : null;
        } while (next != null);
        if (count != expected) {
            throw new IllegalStateException("read " + count + " objects, expected " + expected);
        }
        long rate = Math.round(count / ((System.nanoTime() - t0) / 1e9));
        phase("paged read of " + count, from);
        return rate;
    }

    /** Small filtered queries from several clients for a while: rate and latency. */
    private Map<String, Object> queries(List<URI> objects, int clients, int seconds) throws Exception {
        List<String> ids = new ArrayList<>(knownIds);
        String[] types = {"malware", "indicator", "relationship"};
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        String recent = Instant.now().minusSeconds(2).toString();
        for (int c = 0; c < clients; c++) {
            URI base = objects.get(c % objects.size());
            futures.add(pool.submit(() -> {
                long[] lat = new long[1 << 20];
                int n = 0;
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < end && n < lat.length) {
                    String q = switch (n % 3) {
                        case 0 -> "?match[id]=" + ids.get(rnd.nextInt(ids.size()));
                        case 1 -> "?match[type]=" + types[rnd.nextInt(types.length)] + "&limit=10";
                        default -> "?added_after=" + recent + "&limit=10";
                    };
                    long t = System.nanoTime();
                    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(
                                    base.resolve(q.replace("[", "%5B").replace("]", "%5D")))
                            .header("Authorization", auth)
                            .header("Accept", TAXII)
                            .GET());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("query failed: " + r.statusCode());
                    }
                    lat[n++] = System.nanoTime() - t;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            for (long l : f.get()) {
                all.add(l);
            }
        }
        pool.shutdown();
        all.sort(null);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("queries_per_s", Math.round(all.size() / (double) seconds));
        r.put("query_p50_ms", millis(all, 0.50));
        r.put("query_p95_ms", millis(all, 0.95));
        r.put("query_p99_ms", millis(all, 0.99));
        return r;
    }

    private static double millis(List<Long> sorted, double q) {
        long v = sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
        return Math.round(v / 1e4) / 100.0;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException {
        try {
            return http.send(b.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** One or more server processes over one data directory or database. */
    private static final class Cluster implements AutoCloseable {
        final List<Process> servers = new ArrayList<>();
        final List<URI> bases = new ArrayList<>();
        String collection;
        String warmup;

        static Cluster start(Map<String, String> args, Path dir, int nodes) throws Exception {
            Cluster c = new Cluster();
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
            String jar = args.getOrDefault("jar", "target/tearline.jar");
            List<String> db = args.containsKey("db") ? List.of("--db", args.get("db")) : List.of();
            cli(jar, dir, db, PASSWORD + "\n", "user", "add", USER, "--role", "producer");
            String created = cli(jar, dir, db, "", "collection", "add", "bench", "--title", "Benchmark");
            c.collection = created.split(" ")[2];
            cli(jar, dir, db, "", "grant", USER, c.collection, "--read", "--write");
            c.warmup = cli(jar, dir, db, "", "collection", "add", "warmup", "--title", "Warm-up")
                    .split(" ")[2];
            cli(jar, dir, db, "", "grant", USER, c.warmup, "--read", "--write");
            for (int i = 0; i < nodes; i++) {
                int port = 18_500 + i;
                List<String> cmd = new ArrayList<>(
                        List.of("java", "-Xmx" + args.getOrDefault("xmx", "512m"), "-XX:+UseParallelGC"));
                if (args.containsKey("jvm-args")) {
                    cmd.addAll(List.of(args.get("jvm-args")
                            .replace("{node}", Integer.toString(i))
                            .split(" ")));
                }
                cmd.addAll(List.of("-jar", jar, "serve", "--data", dir.toString(), "--port", Integer.toString(port)));
                cmd.addAll(db);
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("server-" + i + ".log").toFile());
                pb.environment().put("TEARLINE_REQUEST_LOG", "WARN");
                c.servers.add(pb.start());
                URI base = URI.create("http://127.0.0.1:" + port);
                c.bases.add(base);
                waitForHealth(base);
            }
            return c;
        }

        private static String cli(String jar, Path dir, List<String> db, String stdin, String... command)
                throws Exception {
            List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar));
            cmd.addAll(List.of(command));
            cmd.addAll(List.of("--data", dir.toString()));
            cmd.addAll(db);
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("tearline " + String.join(" ", command) + " failed");
            }
            return out.trim();
        }

        private static void waitForHealth(URI base) throws Exception {
            HttpClient h = HttpClient.newHttpClient();
            for (int i = 0; i < 300; i++) {
                try {
                    if (h.send(
                                            HttpRequest.newBuilder(base.resolve("/health"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("server at " + base + " did not start");
        }

        /** Lets background work (checkpoints, GC) of the fill settle before measuring. */
        void pauseForSettle() throws Exception {
            // After a fill of a million objects the kernel still holds gigabytes of the
            // database's pages to write back, which it would do during the first measurement.
            new ProcessBuilder("sync").inheritIO().start().waitFor();
            Thread.sleep(3_000);
        }

        /** CPU time (user and system) the server processes have used so far. */
        double serverCpuSeconds() {
            double total = 0;
            for (Process p : servers) {
                total += p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
            }
            return total;
        }

        /**
         * CPU time the server processes' JIT compiler threads have used so far, from
         * {@code /proc/PID/task/TID/stat} (0 where there is no /proc).
         */
        double compilerCpuSeconds() {
            double ticks = 0;
            for (Process p : servers) {
                Path tasks = Path.of("/proc/" + p.pid() + "/task");
                try (var dirs = Files.list(tasks)) {
                    for (Path task : dirs.toList()) {
                        String stat;
                        try {
                            stat = Files.readString(task.resolve("stat"));
                        } catch (IOException e) {
                            continue; // the thread ended
                        }
                        int open = stat.indexOf('(');
                        int close = stat.lastIndexOf(')');
                        String name = stat.substring(open + 1, close);
                        if (!name.startsWith("C1 Comp") && !name.startsWith("C2 Comp")) {
                            continue;
                        }
                        // After the name: state, then 10 fields, then utime and stime.
                        String[] f = stat.substring(close + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException e) {
                    return 0;
                }
            }
            // Clock ticks; USER_HZ is 100 on every Linux this runs on.
            return ticks / 100.0;
        }

        /** CPU time used so far by the PostgreSQL processes on this machine (0 when none). */
        static double postgresCpuSeconds() {
            return ProcessHandle.allProcesses()
                    .filter(p ->
                            p.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .mapToDouble(p -> p.info()
                            .totalCpuDuration()
                            .map(d -> d.toNanos() / 1e9)
                            .orElse(0.0))
                    .sum();
        }

        /**
         * Resident memory of the largest server process, in MB: {@code private} is the JVM's
         * own (heap, SQLite's caches); {@code file} is pages of the memory-mapped database,
         * which belong to the operating system's file cache and are given back under pressure.
         */
        Map<String, Long> rssMegabytes() throws IOException {
            long anon = 0;
            long file = 0;
            for (Process p : servers) {
                long a = 0;
                long f = 0;
                for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
                    if (line.startsWith("RssAnon:")) {
                        a = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                    } else if (line.startsWith("RssFile:")) {
                        f = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                    }
                }
                anon = Math.max(anon, a);
                file = Math.max(file, f);
            }
            Map<String, Long> out = new LinkedHashMap<>();
            out.put("server_rss_private_mb", anon);
            out.put("server_rss_file_mb", file);
            return out;
        }

        @Override
        public void close() throws Exception {
            for (Process p : servers) {
                p.destroy();
            }
            for (Process p : servers) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
