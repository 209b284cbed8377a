package org.tearline.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tearline.stix.StixJson;
import org.tearline.threat.PlaceNames;
import org.tearline.threat.ThreatEngine;
import org.tearline.threat.ThreatReport;
import org.tearline.threat.ThreatReport.Actor;
import org.tearline.threat.ThreatReport.Indicator;
import org.tearline.threat.ThreatReport.Place;
import org.tearline.threat.ThreatReport.Target;
import org.tearline.threat.Weights;

/**
 * The threat engine's benchmark (not a test): matching one new report against {@code --reports}
 * held ones (latencies of {@code --probes} matches: median, p95, p99), and regrouping all of them
 * from scratch. The reports are synthetic with skewed, realistic distributions: 2,000 cities in
 * 60 countries (a few big ones named far more often), 300 actors (a Zipf-like few dominate),
 * a venue in half the reports, indicators from a pool where a few are very common (a Tor exit
 * node, a paste site) and most are rare, windows of hours to weeks over five years, and text
 * from a few templates with the place, actor and date filled in. One report in ten is a relay or
 * a second report of an earlier one. Prints one JSON line, with {@code machine_ms} and the load.
 * Run it with {@code bench/threat.sh}.
 */
public final class ThreatBench {

    private static final Instant START = Instant.parse("2021-01-01T00:00:00Z");
    private static final String[] SECTORS = {
        "entertainment",
        "government",
        "transportation",
        "religious",
        "energy",
        "healthcare",
        "financial",
        "education",
        "public gathering",
        "sports"
    };
    private static final String[] TEMPLATES = {
        "Credible information indicates that %s intends to attack %s in %s around %s.",
        "Reporting suggests a plot by %s against %s, %s, in the days after %s; remain vigilant.",
        "A partner service warns that supporters of %s are surveilling %s in %s ahead of %s.",
        "Intercepted communications mention %s and an attack on %s (%s) planned for %s.",
    };

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int n = Integer.parseInt(args.getOrDefault("reports", "100000"));
        int probes = Integer.parseInt(args.getOrDefault("probes", "2000"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "threat");
        out.putAll(MachineSpeed.measure());
        out.put("load_before", load());
        Random random = new Random(27);
        List<ThreatReport> reports = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reports.add(report(random, i, reports));
        }
        HostSteal steal0 = HostSteal.now();
        long t0 = System.nanoTime();
        ThreatEngine engine = ThreatEngine.rebuild(Weights.DEFAULT, PlaceNames.builtIn(), reports, List.of());
        long regroupMs = (System.nanoTime() - t0) / 1_000_000;
        out.put("reports", n);
        out.put("regroup_ms", regroupMs);
        out.put("threats", engine.threats().size());
        // Warm the matching path, then time new reports one at a time (each is added, as in service).
        for (int i = 0; i < 500; i++) {
            engine.preview(report(random, n + i, reports));
        }
        long[] ns = new long[probes];
        long candidates = 0;
        for (int i = 0; i < probes; i++) {
            ThreatReport r = report(random, n + 1000 + i, reports);
            long s = System.nanoTime();
            candidates += engine.add(r).candidates();
            ns[i] = System.nanoTime() - s;
        }
        Arrays.sort(ns);
        out.put("match_median_ms", ms(ns[probes / 2]));
        out.put("match_p95_ms", ms(ns[(int) (probes * 0.95)]));
        out.put("match_p99_ms", ms(ns[(int) (probes * 0.99)]));
        out.put("match_mean_candidates", candidates / probes);
        out.put("host_steal_pct", HostSteal.now().percentSince(steal0));
        out.put("load_after", load());
        out.put(
                "heap_used_mb",
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        System.out.println(StixJson.mapper().writeValueAsString(out));
    }

    private static double ms(long ns) {
        return Math.round(ns / 10_000.0) / 100.0;
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** An index skewed toward 0: a few values are drawn very often, most rarely. */
    private static int skewed(Random r, int size) {
        return (int) Math.min(size - 1, Math.floor(size * Math.pow(r.nextDouble(), 3)));
    }

    private static ThreatReport report(Random r, int i, List<ThreatReport> earlier) {
        Instant published = START.plus(Duration.ofMinutes((long) (r.nextDouble() * 5 * 365 * 24 * 60)));
        if (!earlier.isEmpty() && r.nextInt(10) == 0) {
            ThreatReport o = earlier.get(r.nextInt(earlier.size()));
            ThreatReport echo = new ThreatReport(
                    "report--" + i,
                    "producer-" + r.nextInt(80),
                    o.published().plus(Duration.ofHours(1 + r.nextInt(48))),
                    o.window(),
                    o.threatConfidence(),
                    o.timingConfidence(),
                    o.places(),
                    o.targets(),
                    o.actors(),
                    o.indicators(),
                    o.attackIds(),
                    o.text() + " Relayed.",
                    o.references(),
                    o.relations(),
                    o.provenance(),
                    o.state(),
                    o.dismissals(),
                    o.reached());
            return echo.withProvenance(
                    new ThreatReport.Provenance(o.producer(), o.id(), List.of("relay-" + r.nextInt(5))));
        }
        int cityNo = skewed(r, 2000);
        String country = "C" + (cityNo % 60);
        String city = "city" + cityNo;
        String venue = r.nextBoolean() ? "venue " + cityNo + "-" + r.nextInt(40) : null;
        String actor = "actor" + skewed(r, 300);
        List<Indicator> ind = new ArrayList<>();
        int k = r.nextInt(4);
        for (int j = 0; j < k; j++) {
            int x = r.nextInt(20);
            if (x == 0) {
                ind.add(new Indicator("ipv4-addr", "185.220.101." + r.nextInt(4)));
            } else if (x == 1) {
                ind.add(new Indicator("domain-name", "pastebin.com"));
            } else if (x < 12) {
                ind.add(new Indicator(
                        "ipv4-addr",
                        (r.nextInt(200) + 10) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256)));
            } else {
                ind.add(new Indicator("domain-name", "d" + r.nextInt(1_000_000) + ".example"));
            }
        }
        long hours = 6 + (long) (r.nextDouble() * r.nextDouble() * 24 * 30);
        Instant start = published.plus(Duration.ofHours(r.nextInt(24 * 14)));
        String sector = SECTORS[skewed(r, SECTORS.length)];
        ThreatReport t = ThreatReport.of("report--" + i, "producer-" + skewed(r, 80), published)
                .withPlaces(List.of(new Place(country, "region" + (cityNo / 10), city, venue)))
                .withTargets(List.of(new Target(null, null, List.of(sector))))
                .withActors(r.nextInt(3) == 0 ? List.of() : List.of(new Actor(null, actor, List.of(actor + "-alias"))))
                .withIndicators(ind)
                .withAttackIds(List.of("T1" + (100 + skewed(r, 50))))
                .withText(String.format(
                        TEMPLATES[r.nextInt(TEMPLATES.length)], actor, venue == null ? sector : venue, city, start));
        if (r.nextInt(4) != 0) {
            t = t.withWindow(start, start.plus(Duration.ofHours(hours)))
                    .withConfidences(r.nextInt(101), r.nextInt(101));
        }
        return t;
    }
}
