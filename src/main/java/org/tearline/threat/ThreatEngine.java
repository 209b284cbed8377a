package org.tearline.threat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.tearline.error.NotFoundException;
import org.tearline.error.UnprocessableException;

/**
 * Holds reports and the threats they are grouped into, and matches each new report
 * incrementally: an index (by place, target, actor and time bucket, by actor and place, by
 * indicator and IP network, by MinHash band) offers the held reports it could match, only those
 * are compared, and the report joins the threat of its best match at or above the threshold, or
 * founds a new threat. A held report never moves automatically; only an analyst's {@link
 * Decision} moves it, and a decision outranks the matching from then on.
 *
 * <p>Not thread-safe: a service holds one engine behind its own lock, or rebuilds one from its
 * store ({@link #rebuild}). Everything a service needs to keep is a plain record: {@link
 * Assignment}s and {@link Decision}s; threat ids are derived from the report that founded each
 * threat, so a rebuild over the same reports gives the same ids.
 *
 * <p>One file past 500 lines because the index, the threats and the decisions share one state
 * (which report is in which threat, which may never join which) that must change together.
 */
public final class ThreatEngine {

    /** Width of a time bucket of the index. */
    static final Duration BUCKET = Duration.ofDays(14);
    /** At most this many buckets are indexed for one long window (its first ones). */
    static final int MAX_BUCKETS = 6;
    /**
     * A key held by more reports than this offers only its most recent ones: a key that common
     * says little (a shared common indicator weighs almost nothing), and the bound keeps the cost
     * of a match independent of how much is held.
     */
    static final int KEY_CAP = 400;
    /** IPv4 addresses and blocks are indexed under their /16, IPv6 under their /48. */
    static final int V4_NET = 16;

    static final int V6_NET = 48;

    private final Weights weights;
    private final PlaceNames names;
    private final List<Prepared> all = new ArrayList<>();
    private final Map<String, Prepared> byId = new HashMap<>();
    private final Map<String, IntList> postings = new HashMap<>();
    private final Map<String, Integer> holders = new HashMap<>();
    private final Map<String, String> threatOf = new HashMap<>();
    private final Map<String, LinkedHashMap<String, Assignment>> threats = new LinkedHashMap<>();
    private final Map<String, Set<String>> apart = new HashMap<>();
    private final List<Decision> decisions = new ArrayList<>();

    public ThreatEngine(Weights weights, PlaceNames names) {
        this.weights = weights;
        this.names = names;
    }

    /** An engine with the default weights and the built-in place names. */
    public ThreatEngine() {
        this(Weights.DEFAULT, PlaceNames.builtIn());
    }

    /**
     * Groups reports from scratch: each is matched in order of publication (then id), then the
     * decisions are replayed in the order they were made.
     */
    public static ThreatEngine rebuild(
            Weights weights, PlaceNames names, Collection<ThreatReport> reports, List<Decision> decisions) {
        ThreatEngine e = new ThreatEngine(weights, names);
        for (Decision d : decisions) {
            if (d.kind() == Decision.Kind.SPLIT) {
                e.keepApart(d.reportId(), d.members());
            }
        }
        List<ThreatReport> sorted = new ArrayList<>(reports);
        sorted.sort(Comparator.comparing(ThreatReport::published).thenComparing(ThreatReport::id));
        for (ThreatReport r : sorted) {
            e.add(r);
        }
        for (Decision d : decisions) {
            e.replay(d);
        }
        return e;
    }

    // --- adding --------------------------------------------------------------------------

    /**
     * Matches a report against the held ones and puts it in a threat. A report already held (a
     * new version) is replaced in the index and stays in its threat.
     */
    public Assignment add(ThreatReport report) {
        Prepared old = byId.get(report.id());
        Prepared p = new Prepared(report, all.size(), names);
        if (old != null) {
            forget(old);
        }
        all.add(p);
        byId.put(report.id(), p);
        for (String k : p.indicators.keySet()) {
            holders.merge(k, 1, Integer::sum);
        }
        for (String k : p.referenceKeys()) {
            holders.merge(k, 1, Integer::sum);
        }
        if (old != null) {
            index(p);
            return threats.get(threatOf.get(report.id())).get(report.id());
        }
        Assignment a = match(p);
        index(p);
        threatOf.put(report.id(), a.threatId());
        threats.computeIfAbsent(a.threatId(), k -> new LinkedHashMap<>()).put(report.id(), a);
        return a;
    }

    /** Compares a report with the candidates the index offers, without holding it. */
    public Assignment preview(ThreatReport report) {
        Prepared p = new Prepared(report, -1, names);
        return match(p);
    }

    private Assignment match(Prepared p) {
        Set<Integer> candidates = candidates(p);
        Map<String, Prepared> bestOf = new HashMap<>();
        Map<String, Double> bestScore = new HashMap<>();
        Set<String> blocked = apart.getOrDefault(p.report.id(), Set.of());
        Prepared bestBelow = null;
        double bestBelowScore = Double.NEGATIVE_INFINITY;
        for (int c : candidates) {
            Prepared q = all.get(c);
            if (q == null || q.report.id().equals(p.report.id()) || blocked.contains(q.report.id())) {
                continue;
            }
            double s = Scorer.quick(p, q, k -> holdersWith(k, p), weights);
            String t = threatOf.get(q.report.id());
            if (t == null) {
                continue;
            }
            if (s >= weights.threshold()) {
                Double prev = bestScore.get(t);
                if (prev == null || s > prev || (s == prev && q.ordinal < bestOf.get(t).ordinal)) {
                    bestScore.put(t, s);
                    bestOf.put(t, q);
                }
            } else if (s > bestBelowScore) {
                bestBelowScore = s;
                bestBelow = q;
            }
        }
        List<String> matchedThreats = new ArrayList<>(bestScore.keySet());
        matchedThreats.removeIf(t -> blockedThreat(t, blocked));
        matchedThreats.sort(
                Comparator.comparing((String t) -> -bestScore.get(t)).thenComparing(t -> bestOf.get(t).ordinal));
        if (matchedThreats.isEmpty()) {
            Optional<Match> near = bestBelow == null ? Optional.empty() : Optional.of(explain(p, bestBelow));
            return new Assignment(
                    p.report.id(),
                    threatIdFor(p.report.id()),
                    Assignment.How.NEW_THREAT,
                    near,
                    List.of(),
                    candidates.size());
        }
        String t = matchedThreats.get(0);
        List<Match> others = new ArrayList<>();
        for (String o : matchedThreats.subList(1, matchedThreats.size())) {
            others.add(explain(p, bestOf.get(o)));
        }
        return new Assignment(
                p.report.id(),
                t,
                Assignment.How.MATCHED,
                Optional.of(explain(p, bestOf.get(t))),
                others,
                candidates.size());
    }

    private boolean blockedThreat(String threat, Set<String> blocked) {
        if (blocked.isEmpty()) {
            return false;
        }
        for (String member : threats.get(threat).keySet()) {
            if (blocked.contains(member)) {
                return true;
            }
        }
        return false;
    }

    private Match explain(Prepared p, Prepared q) {
        return Scorer.score(p, q, k -> holdersWith(k, p), weights);
    }

    /** Reports holding an indicator key, counting the report being matched if it is not held yet. */
    private int holdersWith(String key, Prepared p) {
        int n = holders.getOrDefault(key, 0);
        return byId.get(p.report.id()) == p ? n : n + 1;
    }

    /** How many held reports hold an indicator key (type|value, normalised). */
    int holders(String key) {
        return holders.getOrDefault(key, 0);
    }

    static String threatIdFor(String foundingReportId) {
        return "threat--"
                + UUID.nameUUIDFromBytes(("tearline-threat:" + foundingReportId).getBytes(StandardCharsets.UTF_8));
    }

    // --- the index -------------------------------------------------------------------------

    private Set<Integer> candidates(Prepared p) {
        Set<Integer> out = new HashSet<>();
        for (String k : keys(p, true)) {
            IntList l = postings.get(k);
            if (l != null) {
                l.addLastTo(out, KEY_CAP);
            }
        }
        return out;
    }

    private void index(Prepared p) {
        for (String k : keys(p, false)) {
            postings.computeIfAbsent(k, x -> new IntList()).add(p.ordinal);
        }
    }

    /** A replaced version leaves the index lazily (its slot is emptied) and its indicator counts. */
    private void forget(Prepared old) {
        all.set(old.ordinal, null);
        for (String k : old.indicators.keySet()) {
            holders.merge(k, -1, Integer::sum);
        }
        for (String k : old.referenceKeys()) {
            holders.merge(k, -1, Integer::sum);
        }
    }

    /**
     * The index keys of a report. For a query, the time-bucketed keys reach one bucket either
     * side, so reports whose windows are near but in neighbouring buckets meet.
     */
    private List<String> keys(Prepared p, boolean query) {
        Set<String> out = new LinkedHashSet<>();
        List<Long> buckets = buckets(p, query);
        List<String> timed = new ArrayList<>();
        List<String> actorKeys = new ArrayList<>();
        for (PlaceNames.Normal n : p.places) {
            if (n.venue() != null) {
                timed.add("v|" + Names.skeleton(n.venue()));
            }
            if (n.city() != null) {
                timed.add("c|" + n.country() + "/" + Names.skeleton(n.city()));
            }
            if (n.region() != null) {
                timed.add("r|" + n.country() + "/" + Names.skeleton(n.region()));
            }
        }
        for (String id : p.targetIds) {
            timed.add("t|" + id);
        }
        for (String name : p.targetNames) {
            timed.add("v|" + Names.skeleton(name));
        }
        for (String id : p.actorIds) {
            actorKeys.add("a|" + id);
        }
        for (String name : p.actorNames.keySet()) {
            actorKeys.add("a|" + Names.skeleton(name));
        }
        timed.addAll(actorKeys);
        for (String t : timed) {
            for (long b : buckets) {
                out.add(t + "|" + b);
            }
        }
        for (String a : actorKeys) {
            for (PlaceNames.Normal n : p.places) {
                if (n.city() != null) {
                    out.add(a + "|c|" + Names.skeleton(n.city()));
                }
                if (n.venue() != null) {
                    out.add(a + "|v|" + Names.skeleton(n.venue()));
                }
            }
        }
        for (String k : p.indicators.keySet()) {
            out.add("i|" + k);
        }
        for (String k : p.referenceKeys()) {
            out.add("i|" + k);
        }
        for (IpBlock b : p.ips.keySet()) {
            int net = b.v6() ? V6_NET : V4_NET;
            if (b.prefix() >= net) {
                out.add("n|" + b.networkKey(net));
            }
        }
        long[] bands = MinHash.bands(p.signature);
        for (int i = 0; i < bands.length; i++) {
            out.add("b|" + i + "|" + Long.toHexString(bands[i]));
        }
        return new ArrayList<>(out);
    }

    private static List<Long> buckets(Prepared p, boolean query) {
        Set<Long> out = new LinkedHashSet<>();
        long width = BUCKET.toMillis();
        long first = Math.floorDiv(p.from.toEpochMilli(), width);
        long last = Math.min(Math.floorDiv(p.to.toEpochMilli(), width), first + MAX_BUCKETS - 1);
        for (long b = first; b <= last; b++) {
            out.add(b);
        }
        out.add(Math.floorDiv(p.report.published().toEpochMilli(), width));
        if (query) {
            Set<Long> wide = new LinkedHashSet<>();
            for (long b : out) {
                wide.add(b - 1);
                wide.add(b);
                wide.add(b + 1);
            }
            return new ArrayList<>(wide);
        }
        return new ArrayList<>(out);
    }

    // --- decisions -------------------------------------------------------------------------

    /** Confirms that a report belongs to a threat, moving it there if the matching put it elsewhere. */
    public Decision confirm(String threatId, String reportId, String analyst, Instant at, String reason) {
        String t = requireThreat(threatId);
        requireReport(reportId);
        List<String> members = others(t, reportId);
        Decision d = new Decision(Decision.Kind.CONFIRM, t, null, reportId, members, List.of(), analyst, at, reason);
        apply(d, t);
        return d;
    }

    /** Splits a report out of a threat into a threat of its own; it never rejoins those reports by itself. */
    public Decision split(String threatId, String reportId, String analyst, Instant at, String reason) {
        String t = requireThreat(threatId);
        requireReport(reportId);
        if (!t.equals(threatOf.get(reportId))) {
            throw new UnprocessableException("report " + reportId + " is not in threat " + threatId
                    + ": only a report of a threat can be split out of it");
        }
        Decision d = new Decision(
                Decision.Kind.SPLIT, t, null, reportId, others(t, reportId), List.of(), analyst, at, reason);
        keepApart(reportId, d.members());
        apply(d, t);
        return d;
    }

    /** Merges the second threat into the first. */
    public Decision merge(String threatId, String otherThreatId, String analyst, Instant at, String reason) {
        String t = requireThreat(threatId);
        String o = requireThreat(otherThreatId);
        if (t.equals(o)) {
            throw new UnprocessableException("threat " + threatId + " cannot be merged with itself");
        }
        Decision d =
                new Decision(Decision.Kind.MERGE, t, o, null, others(t, null), others(o, null), analyst, at, reason);
        apply(d, t);
        return d;
    }

    /** The decisions made or replayed on this engine, in order. */
    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** Replays a kept decision on a rebuilt engine: it acts on the threats its reports are in now. */
    private void replay(Decision d) {
        String t = firstThreatOf(d.members());
        if (d.kind() == Decision.Kind.MERGE) {
            String o = firstThreatOf(d.otherMembers());
            if (t == null || o == null || t.equals(o)) {
                decisions.add(d);
                return;
            }
            apply(d, t);
            return;
        }
        if (!byId.containsKey(d.reportId())) {
            decisions.add(d);
            return;
        }
        if (d.kind() == Decision.Kind.CONFIRM && t == null) {
            decisions.add(d);
            return;
        }
        apply(d, t == null ? threatOf.get(d.reportId()) : t);
    }

    private void apply(Decision d, String target) {
        decisions.add(d);
        switch (d.kind()) {
            case CONFIRM -> move(d.reportId(), target);
            case SPLIT -> {
                String own = threatIdFor(d.reportId());
                if (threats.containsKey(own) && !own.equals(threatOf.get(d.reportId()))) {
                    own = threatIdFor(d.reportId() + "#" + decisions.size());
                }
                // Alone already (the only report of its threat): nothing to move.
                if (threats.get(threatOf.get(d.reportId())).size() > 1) {
                    move(d.reportId(), own);
                }
            }
            case MERGE -> {
                String from = firstThreatOf(d.otherMembers());
                if (from == null) {
                    from = d.otherThreatId();
                }
                if (threats.containsKey(from) && !from.equals(target)) {
                    for (String r : new ArrayList<>(threats.get(from).keySet())) {
                        move(r, target);
                    }
                }
            }
        }
    }

    private void move(String reportId, String threatId) {
        String from = threatOf.get(reportId);
        if (threatId.equals(from)) {
            Assignment a = threats.get(from).get(reportId);
            threats.get(from)
                    .put(
                            reportId,
                            new Assignment(
                                    reportId,
                                    threatId,
                                    Assignment.How.ANALYST,
                                    a.match(),
                                    a.alsoMatched(),
                                    a.candidates()));
            return;
        }
        Assignment a = threats.get(from).remove(reportId);
        if (threats.get(from).isEmpty()) {
            threats.remove(from);
        }
        threatOf.put(reportId, threatId);
        threats.computeIfAbsent(threatId, k -> new LinkedHashMap<>())
                .put(
                        reportId,
                        new Assignment(
                                reportId,
                                threatId,
                                Assignment.How.ANALYST,
                                a.match(),
                                a.alsoMatched(),
                                a.candidates()));
    }

    private void keepApart(String reportId, List<String> members) {
        for (String m : members) {
            apart.computeIfAbsent(reportId, k -> new HashSet<>()).add(m);
            apart.computeIfAbsent(m, k -> new HashSet<>()).add(reportId);
        }
    }

    private String firstThreatOf(List<String> reports) {
        for (String r : reports) {
            String t = threatOf.get(r);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private List<String> others(String threatId, String except) {
        List<String> out = new ArrayList<>(threats.get(threatId).keySet());
        out.remove(except);
        return out;
    }

    private String requireThreat(String threatId) {
        if (!threats.containsKey(threatId)) {
            throw new NotFoundException("no threat " + threatId);
        }
        return threatId;
    }

    private void requireReport(String reportId) {
        if (!byId.containsKey(reportId)) {
            throw new NotFoundException("no report " + reportId + " is held");
        }
    }

    // --- reading ---------------------------------------------------------------------------

    /** Every threat, in the order they were founded. */
    public List<Threat> threats() {
        List<Threat> out = new ArrayList<>();
        threats.forEach((id, members) -> out.add(new Threat(id, new ArrayList<>(members.values()))));
        return out;
    }

    /** A threat by id. */
    public Optional<Threat> threat(String threatId) {
        LinkedHashMap<String, Assignment> m = threats.get(threatId);
        return m == null ? Optional.empty() : Optional.of(new Threat(threatId, new ArrayList<>(m.values())));
    }

    /** The threat a report is in. */
    public Optional<String> threatOf(String reportId) {
        return Optional.ofNullable(threatOf.get(reportId));
    }

    /** A held report. */
    public Optional<ThreatReport> report(String reportId) {
        Prepared p = byId.get(reportId);
        return p == null ? Optional.empty() : Optional.of(p.report);
    }

    /** How many reports are held. */
    public int size() {
        return byId.size();
    }

    /** The full comparison of two held reports, as the matching would explain it. */
    public Match compare(String reportId, String withReportId) {
        requireReport(reportId);
        requireReport(withReportId);
        return Scorer.score(byId.get(reportId), byId.get(withReportId), this::holders, weights);
    }

    /** A threat's reports grouped into independent roots and echoes. */
    public Grouping grouping(String threatId) {
        String t = requireThreat(threatId);
        List<Prepared> members = new ArrayList<>();
        for (String r : threats.get(t).keySet()) {
            members.add(byId.get(r));
        }
        return Independence.group(members, this::holders);
    }

    /** Any held reports grouped as if they were one threat (for measuring the grouping alone). */
    Grouping groupingOf(List<String> reportIds) {
        List<Prepared> members = new ArrayList<>();
        for (String r : reportIds) {
            requireReport(r);
            members.add(byId.get(r));
        }
        return Independence.group(members, this::holders);
    }

    /** A threat's fused picture at a moment. */
    public Picture picture(String threatId, Instant now) {
        Grouping g = grouping(threatId);
        List<ThreatReport> reports = new ArrayList<>();
        for (String r : threats.get(threatId).keySet()) {
            reports.add(byId.get(r).report);
        }
        return Picture.of(threatId, reports, g, now);
    }

    /** A growable list of ints, for the index's postings (a boxed list would triple their memory). */
    static final class IntList {
        private int[] a = new int[4];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        void addLastTo(Set<Integer> out, int cap) {
            for (int i = Math.max(0, n - cap); i < n; i++) {
                out.add(a[i]);
            }
        }
    }
}
