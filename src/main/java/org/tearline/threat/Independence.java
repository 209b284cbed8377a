package org.tearline.threat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.tearline.threat.Grouping.Echo;
import org.tearline.threat.Grouping.Evidence;
import org.tearline.threat.Grouping.Root;
import org.tearline.threat.Grouping.Rule;
import org.tearline.threat.ThreatReport.Relation;

/**
 * Groups a threat's reports into independent roots and echoes. Two reports are tied (not
 * independent) by any of the {@link Rule}s; ties are transitive, so a group is a connected set of
 * tied reports. In each group the root is the report the others most plausibly come from: one
 * that was not relayed and derives from nothing in the group, the earliest published; the others
 * are its echoes, each with every tie found for it.
 */
final class Independence {

    /** Shingle Jaccard from which two texts are near-identical (copies with a few words changed). */
    static final double NEAR_IDENTICAL = 0.8;

    private Independence() {}

    static Grouping group(List<Prepared> members, ToIntFunction<String> holders) {
        List<Prepared> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing((Prepared p) -> p.report.published()).thenComparing(p -> p.report.id()));
        int n = sorted.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        Map<Integer, List<Evidence>> evidence = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                List<Evidence> ties = ties(sorted.get(i), sorted.get(j), holders);
                if (!ties.isEmpty()) {
                    union(parent, i, j);
                    evidence.computeIfAbsent(j, k -> new ArrayList<>()).addAll(ties);
                    for (Evidence e : ties) {
                        evidence.computeIfAbsent(i, k -> new ArrayList<>())
                                .add(new Evidence(e.rule(), sorted.get(j).report.id(), e.detail()));
                    }
                }
            }
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        List<Root> roots = new ArrayList<>();
        for (List<Integer> g : groups.values()) {
            int root = g.get(0);
            for (int i : g) {
                if (original(sorted.get(i), g, sorted)) {
                    root = i;
                    break;
                }
            }
            List<Echo> echoes = new ArrayList<>();
            for (int i : g) {
                if (i != root) {
                    Prepared p = sorted.get(i);
                    echoes.add(new Echo(p.report.id(), p.report.producer(), evidence.getOrDefault(i, List.of())));
                }
            }
            Prepared r = sorted.get(root);
            roots.add(new Root(r.report.id(), r.report.origin(), echoes));
        }
        return new Grouping(roots);
    }

    /** Neither relayed nor derived from (or a duplicate of) another report of its group. */
    private static boolean original(Prepared p, List<Integer> group, List<Prepared> sorted) {
        if (p.report.provenance().isPresent()
                && !p.report.provenance().get().hops().isEmpty()) {
            return false;
        }
        for (Relation rel : p.report.relations()) {
            for (int i : group) {
                if (sorted.get(i).report.id().equals(rel.targetId())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every tie from {@code b} (the later) to {@code a}, as evidence naming {@code a}. */
    static List<Evidence> ties(Prepared a, Prepared b, ToIntFunction<String> holders) {
        List<Evidence> out = new ArrayList<>();
        String ida = a.report.id();
        ThreatReport ra = a.report;
        ThreatReport rb = b.report;
        if (ra.producer().equals(rb.producer())) {
            out.add(new Evidence(Rule.SAME_PRODUCER, ida, "both issued by " + rb.producer()));
        } else if (ra.origin().equals(rb.origin())) {
            out.add(new Evidence(Rule.RELAY, ida, "both originate with " + rb.origin() + hops(rb) + hops(ra)));
        } else if (rb.origin().equals(ra.producer()) || ra.origin().equals(rb.producer())) {
            ThreatReport relayed = rb.origin().equals(ra.producer()) ? rb : ra;
            out.add(new Evidence(Rule.RELAY, ida, relayed.id() + " relays " + relayed.origin() + hops(relayed)));
        }
        String originId =
                rb.provenance().map(ThreatReport.Provenance::originReportId).orElse(null);
        if (ida.equals(originId)) {
            out.add(new Evidence(Rule.RELAY, ida, "its provenance names " + ida + " as the original"));
        }
        for (Relation rel : rb.relations()) {
            if (rel.targetId().equals(ida)) {
                out.add(new Evidence(Rule.DERIVED_FROM, ida, rel.type() + " " + ida));
            }
        }
        for (Relation rel : ra.relations()) {
            if (rel.targetId().equals(rb.id())) {
                out.add(new Evidence(Rule.DERIVED_FROM, ida, ida + " is " + rel.type() + " this report"));
            }
        }
        for (String u : b.urls) {
            if (a.urls.contains(u)) {
                out.add(new Evidence(Rule.SAME_REFERENCE, ida, "both cite " + u));
                break;
            }
        }
        for (String h : b.hashes) {
            if (a.hashes.contains(h)) {
                out.add(new Evidence(Rule.SAME_REFERENCE, ida, "both cite the document with hash " + h));
                break;
            }
        }
        double j = MinHash.jaccard(a.shingles, b.shingles);
        if (j >= NEAR_IDENTICAL) {
            out.add(new Evidence(
                    Rule.NEAR_IDENTICAL_TEXT,
                    ida,
                    String.format(Locale.ROOT, "texts near-identical (Jaccard %.2f)", j)));
        }
        for (Map.Entry<String, String> e : b.indicators.entrySet()) {
            if (a.indicators.containsKey(e.getKey())) {
                int n = holders.applyAsInt(e.getKey());
                if (n <= Scorer.RARE) {
                    out.add(new Evidence(
                            Rule.SHARED_RARE_INDICATOR,
                            ida,
                            "both hold " + e.getValue() + ", held by " + n + " reports in all"));
                    break;
                }
            }
        }
        return out;
    }

    private static String hops(ThreatReport r) {
        return r.provenance()
                .filter(p -> !p.hops().isEmpty())
                .map(p -> " (" + r.id() + " via " + String.join(" > ", p.hops()) + ")")
                .orElse("");
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int i, int j) {
        int a = find(parent, i);
        int b = find(parent, j);
        if (a != b) {
            parent[Math.max(a, b)] = Math.min(a, b);
        }
    }
}
