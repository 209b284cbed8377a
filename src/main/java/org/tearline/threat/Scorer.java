package org.tearline.threat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.tearline.threat.Match.Contribution;
import org.tearline.threat.Match.Feature;

/**
 * The pairwise comparison behind every match: six features, each a similarity from -1 to 1
 * with a sentence saying what was compared. Pure; the rarity of indicators comes from the
 * caller ({@code holders}: how many reports hold an indicator key).
 */
final class Scorer {

    /** An indicator held by this many reports or fewer is rare: it counts in full. */
    static final int RARE = 3;

    private static final double DAY = Duration.ofDays(1).toMillis();

    private Scorer() {}

    /** The full comparison, with every feature's explanation. */
    static Match score(Prepared a, Prepared b, ToIntFunction<String> holders, Weights w) {
        List<Contribution> out = new ArrayList<>(6);
        out.add(contribution(Feature.TARGET, w.target(), target(a, b)));
        out.add(contribution(Feature.WINDOW, w.window(), window(a, b)));
        out.add(contribution(Feature.ACTOR, w.actor(), actor(a, b)));
        out.add(contribution(Feature.INDICATORS, w.indicators(), indicators(a, b, holders)));
        out.add(contribution(Feature.ATTACK_PATTERNS, w.attackPatterns(), attack(a, b)));
        out.add(contribution(Feature.TEXT, w.text(), text(a, b, holders)));
        double score = 0;
        for (Contribution c : out) {
            score += c.contribution();
        }
        return new Match(a.report.id(), b.report.id(), round(score), w.threshold(), out);
    }

    /**
     * The score alone, as {@link #score} would round it: the index may offer hundreds of
     * candidates, and only the best of each threat needs its explanation written.
     */
    static double quick(Prepared a, Prepared b, ToIntFunction<String> holders, Weights w) {
        return round(round(round(target(a, b).value()) * w.target())
                + round(round(window(a, b).value()) * w.window())
                + round(round(actor(a, b).value()) * w.actor())
                + round(round(indicators(a, b, holders).value()) * w.indicators())
                + round(round(attack(a, b).value()) * w.attackPatterns())
                + round(round(text(a, b, holders).value()) * w.text()));
    }

    /** A similarity and what it rests on. */
    record Sim(double value, Supplier<String> detail) {}

    private static Contribution contribution(Feature f, double weight, Sim s) {
        double v = round(s.value());
        return new Contribution(f, v, weight, round(v * weight), s.detail().get());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    // --- target ----------------------------------------------------------------------------

    static Sim target(Prepared a, Prepared b) {
        Sim place = null;
        for (PlaceNames.Normal pa : a.places) {
            for (PlaceNames.Normal pb : b.places) {
                Sim s = place(pa, pb);
                if (place == null || s.value() > place.value()) {
                    place = s;
                }
            }
        }
        Sim identity = identity(a, b);
        Sim best = place;
        if (best == null || (identity != null && identity.value() > best.value())) {
            best = identity;
        }
        String sector = null;
        for (String s : a.sectors) {
            if (b.sectors.contains(s)) {
                sector = s;
                break;
            }
        }
        if (best == null && sector == null) {
            boolean one =
                    !a.places.isEmpty() || !a.targetIds.isEmpty() || !a.targetNames.isEmpty() || !a.sectors.isEmpty();
            boolean two =
                    !b.places.isEmpty() || !b.targetIds.isEmpty() || !b.targetNames.isEmpty() || !b.sectors.isEmpty();
            return new Sim(0, () -> one && two ? "targets named, none in common" : "target not stated by both");
        }
        Sim found = best;
        String common = sector;
        double v = found == null ? 0 : found.value();
        // A sector in common says what kind of target, not which: it adds to places that agree,
        // and never softens places that disagree (the same sector in two countries is two targets).
        boolean adds = common != null && v >= 0;
        if (adds) {
            v = Math.min(1, v + 0.2);
        }
        return new Sim(v, () -> {
            String d = found == null ? "" : found.detail().get();
            return !adds ? d : (d.isEmpty() ? "" : d + "; ") + "sector '" + common + "' in both (+0.2)";
        });
    }

    /**
     * Two places compared from the country down. The first level both name and name differently
     * is a disagreement; otherwise the deepest level both name (or one names and the other is
     * inside) says how close they are.
     */
    static Sim place(PlaceNames.Normal a, PlaceNames.Normal b) {
        if (a.country() != null && b.country() != null && !a.country().equals(b.country())) {
            return new Sim(-0.5, () -> "different countries (" + a.country() + ", " + b.country() + ")");
        }
        boolean sameRegion = a.region() != null && b.region() != null && Names.sameName(a.region(), b.region());
        if (a.region() != null && b.region() != null && !sameRegion) {
            return new Sim(-0.2, () -> "different regions (" + a.region() + ", " + b.region() + ")");
        }
        boolean sameCity = a.city() != null && b.city() != null && Names.sameName(a.city(), b.city());
        if (a.city() != null && b.city() != null && !sameCity) {
            if (sameRegion) {
                return new Sim(
                        0.3,
                        () -> "different cities (" + a.city() + ", " + b.city() + ") in one region, " + a.region());
            }
            return new Sim(0, () -> "different cities (" + a.city() + ", " + b.city() + ")");
        }
        if (a.venue() != null && b.venue() != null) {
            if (Names.sameName(a.venue(), b.venue())) {
                return new Sim(
                        1, () -> "same venue, " + a.venue() + (a.venue().equals(b.venue()) ? "" : " = " + b.venue()));
            }
            if (partOf(a.venue(), b.venue()) || partOf(b.venue(), a.venue()) || distinctiveWord(a.venue(), b.venue())) {
                return new Sim(0.8, () -> "same venue, named differently (" + a.venue() + ", " + b.venue() + ")");
            }
            // The hard case: one city, two different targets.
            return new Sim(
                    -0.3,
                    () -> "different venues (" + a.venue() + ", " + b.venue() + ")"
                            + (sameCity ? " in one city, " + a.city() : ""));
        }
        String inside = a.venue() != null ? a.venue() : b.venue();
        if (sameCity) {
            return new Sim(0.8, () -> inside != null ? inside + " inside " + a.city() : "same city, " + a.city());
        }
        String city = a.city() != null ? a.city() : b.city();
        if (sameRegion) {
            String narrow = inside != null ? inside : city;
            return new Sim(0.5, () -> narrow != null ? narrow + " inside " + a.region() : "same region, " + a.region());
        }
        if (a.country() != null && b.country() != null) {
            return new Sim(0.15, () -> "same country, " + a.country() + ", nothing narrower in common");
        }
        return new Sim(0, () -> "places not comparable");
    }

    /**
     * True when every word of the shorter venue name is a word of the longer ("Rathausplatz" and
     * "Christmas market at Rathausplatz"), words compared as {@link Names#sameName}.
     */
    static boolean partOf(String shorter, String longer) {
        String[] s = shorter.split(" ", -1);
        String[] l = longer.split(" ", -1);
        if (s.length >= l.length) {
            return false;
        }
        for (String w : s) {
            boolean found = false;
            for (String x : l) {
                if (Names.sameName(w, x)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Words that say what kind of place a venue is, not which one. */
    private static final java.util.Set<String> GENERIC = java.util.Set.of(
            "stadium",
            "stadion",
            "stade",
            "estadio",
            "arena",
            "hall",
            "halle",
            "concert",
            "centre",
            "center",
            "market",
            "markt",
            "square",
            "platz",
            "place",
            "plaza",
            "piazza",
            "church",
            "cathedral",
            "synagogue",
            "mosque",
            "station",
            "metro",
            "airport",
            "theatre",
            "theater",
            "museum",
            "park",
            "street",
            "city",
            "national",
            "central",
            "main",
            "grand",
            "grande",
            "new",
            "old",
            "town",
            "faculty",
            "university",
            "school",
            "christmas",
            "exhibition");

    /**
     * True when two venue names share a word of five letters or more that is not a {@link
     * #GENERIC} word: "Santiago Bernabeu" and "Bernabeu stadium" name one place, "Luzhniki
     * Stadium" and "Olympic Stadium" do not.
     */
    static boolean distinctiveWord(String a, String b) {
        for (String w : a.split(" ", -1)) {
            if (w.length() < 5 || GENERIC.contains(w)) {
                continue;
            }
            for (String x : b.split(" ", -1)) {
                if (Names.sameName(w, x)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Sim identity(Prepared a, Prepared b) {
        for (String id : a.targetIds) {
            if (b.targetIds.contains(id)) {
                return new Sim(1, () -> "same target identity " + id);
            }
        }
        for (String n : names(a)) {
            for (String m : names(b)) {
                if (Names.sameName(n, m)) {
                    return new Sim(0.9, () -> "same target name, " + n + (n.equals(m) ? "" : " = " + m));
                }
            }
        }
        return null;
    }

    /** Target names and venue names: a venue in one report may be an identity in another. */
    private static List<String> names(Prepared p) {
        List<String> out = new ArrayList<>(p.targetNames);
        for (PlaceNames.Normal n : p.places) {
            if (n.venue() != null) {
                out.add(n.venue());
            }
        }
        return out;
    }

    // --- window ----------------------------------------------------------------------------

    static Sim window(Prepared a, Prepared b) {
        double gapDays = gap(a.from, a.to, b.from, b.to) / DAY;
        if (a.hasWindow && b.hasWindow) {
            if (gapDays <= 0) {
                return new Sim(1, () -> "windows overlap");
            }
            return new Sim(
                    decay(gapDays, 1, 3, 14, 30, -0.5),
                    () -> String.format(Locale.ROOT, "windows %.1f days apart", gapDays));
        }
        String what = a.hasWindow || b.hasWindow ? "a window and a publication time" : "publication times";
        return new Sim(
                decay(gapDays, 0.6, 7, 30, 90, -0.3),
                () -> String.format(Locale.ROOT, "no window in both: %s %.1f days apart", what, Math.max(0, gapDays)));
    }

    /**
     * Full similarity {@code top} up to {@code flat} days, half of it at the end of the first
     * slope, none at {@code zero} days, falling to {@code floor} at {@code far} days and beyond.
     */
    private static double decay(double days, double top, double flat, double zero, double far, double floor) {
        if (days <= 0) {
            return top;
        }
        if (days <= flat) {
            return top - (top / 2) * days / flat;
        }
        if (days <= zero) {
            return (top / 2) * (1 - (days - flat) / (zero - flat));
        }
        if (days <= far) {
            return floor * (days - zero) / (far - zero);
        }
        return floor;
    }

    /** Milliseconds between two intervals; zero or less when they overlap. */
    private static double gap(Instant af, Instant at, Instant bf, Instant bt) {
        if (!af.isAfter(bt) && !bf.isAfter(at)) {
            return 0;
        }
        return af.isAfter(bt)
                ? Duration.between(bt, af).toMillis()
                : Duration.between(at, bf).toMillis();
    }

    // --- actor -----------------------------------------------------------------------------

    static Sim actor(Prepared a, Prepared b) {
        if ((a.actorIds.isEmpty() && a.actorNames.isEmpty()) || (b.actorIds.isEmpty() && b.actorNames.isEmpty())) {
            return new Sim(0, () -> "actor not stated by both");
        }
        for (String id : a.actorIds) {
            if (b.actorIds.contains(id)) {
                return new Sim(1, () -> "same actor object " + id);
            }
        }
        for (Map.Entry<String, String> n : a.actorNames.entrySet()) {
            for (Map.Entry<String, String> m : b.actorNames.entrySet()) {
                if (Names.sameName(n.getKey(), m.getKey())) {
                    return new Sim(
                            0.9,
                            () -> "same actor name or alias, '" + n.getValue() + "'"
                                    + (n.getValue().equals(m.getValue()) ? "" : " = '" + m.getValue() + "'"));
                }
            }
        }
        return new Sim(0, () -> "different actors named");
    }

    // --- indicators ------------------------------------------------------------------------

    /** Weight of a shared indicator by how many reports hold it: 1 when rare, less the commoner. */
    static double rarity(int holders) {
        return holders <= RARE ? 1 : (double) RARE / holders;
    }

    static Sim indicators(Prepared a, Prepared b, ToIntFunction<String> holders) {
        if (a.indicators.isEmpty() || b.indicators.isEmpty()) {
            return new Sim(0, () -> "indicators not stated by both");
        }
        double best = 0;
        String detail = null;
        int shared = 0;
        for (Map.Entry<String, String> e : a.indicators.entrySet()) {
            if (b.indicators.containsKey(e.getKey())) {
                shared++;
                int n = holders.applyAsInt(e.getKey());
                double r = rarity(n);
                if (r > best || detail == null) {
                    best = Math.max(best, r);
                    detail = "shared " + e.getValue() + " (held by " + n + " reports" + (n <= RARE ? ", rare)" : ")");
                }
            }
        }
        for (Map.Entry<IpBlock, String> x : a.ips.entrySet()) {
            for (Map.Entry<IpBlock, String> y : b.ips.entrySet()) {
                if (x.getKey().equals(y.getKey()) || !x.getKey().overlaps(y.getKey())) {
                    continue;
                }
                shared++;
                String narrow = x.getKey().prefix() >= y.getKey().prefix() ? x.getValue() : y.getValue();
                int n = holders.applyAsInt(narrow);
                double r = 0.8 * rarity(n);
                if (r > best || detail == null) {
                    best = Math.max(best, r);
                    detail = a.indicators.get(x.getValue()) + " and " + b.indicators.get(y.getValue())
                            + " overlap (one inside the other, x0.8)";
                }
            }
        }
        if (shared == 0) {
            return new Sim(0, () -> "no shared indicator");
        }
        int count = shared;
        String strongest = detail;
        return new Sim(best, () -> count + " shared; strongest: " + strongest);
    }

    // --- attack patterns -------------------------------------------------------------------

    static Sim attack(Prepared a, Prepared b) {
        if (a.attackIds.isEmpty() || b.attackIds.isEmpty()) {
            return new Sim(0, () -> "techniques not stated by both");
        }
        List<String> common = new ArrayList<>();
        for (String t : a.attackIds) {
            if (b.attackIds.contains(t)) {
                common.add(t);
            }
        }
        int union = a.attackIds.size() + b.attackIds.size() - common.size();
        double j = (double) common.size() / union;
        return new Sim(j, () -> common.isEmpty() ? "no technique in common" : "in both: " + String.join(", ", common));
    }

    // --- text ------------------------------------------------------------------------------

    /**
     * A rare reference (URL or document hash) both cite, as its key; null if none. Two reports
     * citing the same advisory or leaked document are about what it says; a page everyone cites
     * (a vendor's advisory, a technique's page) says no more than a common indicator.
     */
    static String sharedReference(Prepared a, Prepared b, ToIntFunction<String> holders) {
        for (String k : a.referenceKeys()) {
            if (b.referenceKeys().contains(k) && holders.applyAsInt(k) <= RARE) {
                return k;
            }
        }
        return null;
    }

    static Sim text(Prepared a, Prepared b, ToIntFunction<String> holders) {
        String cited = sharedReference(a, b, holders);
        if (cited != null) {
            return new Sim(
                    1,
                    () -> "both cite " + cited.substring(4) + ", cited by " + holders.applyAsInt(cited)
                            + " reports in all");
        }
        if (a.signature == null || b.signature == null) {
            return new Sim(0, () -> "text not given by both");
        }
        double j = MinHash.estimate(a.signature, b.signature);
        return new Sim(
                Math.min(1, j / 0.5), () -> String.format(Locale.ROOT, "shingle Jaccard about %.2f (MinHash)", j));
    }
}
