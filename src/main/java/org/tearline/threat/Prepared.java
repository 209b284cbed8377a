package org.tearline.threat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tearline.threat.ThreatReport.Actor;
import org.tearline.threat.ThreatReport.Indicator;
import org.tearline.threat.ThreatReport.Place;
import org.tearline.threat.ThreatReport.Reference;
import org.tearline.threat.ThreatReport.Target;

/**
 * A report with everything the matching and the grouping compare computed once: normalised
 * places, folded names, indicator keys, IP blocks, the text's shingles and MinHash signature.
 */
final class Prepared {

    final ThreatReport report;
    final int ordinal;
    final List<PlaceNames.Normal> places = new ArrayList<>();
    final Set<String> targetIds = new LinkedHashSet<>();
    final Set<String> targetNames = new LinkedHashSet<>();
    final Set<String> sectors = new LinkedHashSet<>();
    final Set<String> actorIds = new LinkedHashSet<>();
    /** Each folded actor name or alias, mapped to the name as written (for the explanation). */
    final Map<String, String> actorNames = new LinkedHashMap<>();
    /** Indicator keys ({@code type|value}, normalised), mapped to the value as written. */
    final Map<String, String> indicators = new LinkedHashMap<>();
    /** IP blocks with their indicator key. */
    final Map<IpBlock, String> ips = new LinkedHashMap<>();

    final Set<String> attackIds = new LinkedHashSet<>();
    final long[] shingles;
    final long[] signature;
    final Set<String> urls = new LinkedHashSet<>();
    final Set<String> hashes = new LinkedHashSet<>();
    private final Set<String> referenceKeys = new LinkedHashSet<>();
    final Instant from;
    final Instant to;
    final boolean hasWindow;

    Prepared(ThreatReport r, int ordinal, PlaceNames names) {
        this.report = r;
        this.ordinal = ordinal;
        for (Place p : r.places()) {
            places.add(names.normalise(p));
        }
        for (Target t : r.targets()) {
            if (t.id() != null) {
                targetIds.add(t.id());
            }
            if (t.name() != null && !Names.fold(t.name()).isEmpty()) {
                targetNames.add(names.canonical(Names.fold(t.name())));
            }
            for (String s : t.sectors()) {
                String f = Names.fold(s);
                if (!f.isEmpty()) {
                    sectors.add(f);
                }
            }
        }
        for (Actor a : r.actors()) {
            if (a.id() != null) {
                actorIds.add(a.id());
            }
            if (a.name() != null) {
                addName(Names.fold(a.name()), a.name());
            }
            for (String alias : a.aliases()) {
                addName(Names.fold(alias), alias);
            }
        }
        for (Indicator i : r.indicators()) {
            String type = i.type().trim().toLowerCase(Locale.ROOT);
            String value = refang(i.value().trim());
            if (type.equals("ipv4-addr") || type.equals("ipv6-addr") || type.equals("ip")) {
                IpBlock b = IpBlock.parse(value).orElse(null);
                if (b != null) {
                    String key = "ip|" + b.networkKey(b.prefix());
                    indicators.put(key, i.value());
                    ips.put(b, key);
                    continue;
                }
            }
            if (type.equals("domain-name") || type.equals("email-addr") || type.startsWith("file:hashes")) {
                value = value.toLowerCase(Locale.ROOT);
                if (value.endsWith(".")) {
                    value = value.substring(0, value.length() - 1);
                }
            }
            indicators.put(type + "|" + value, i.value());
        }
        for (String t : r.attackIds()) {
            attackIds.add(t.trim().toUpperCase(Locale.ROOT));
        }
        for (Reference ref : r.references()) {
            if (ref.url() != null && !ref.url().isBlank()) {
                urls.add(url(ref.url()));
            }
            if (ref.hash() != null && !ref.hash().isBlank()) {
                hashes.add(ref.hash().trim().toLowerCase(Locale.ROOT));
            }
        }
        urls.forEach(u -> referenceKeys.add("ref|" + u));
        hashes.forEach(h -> referenceKeys.add("ref|" + h));
        shingles = MinHash.shingles(r.text());
        signature = MinHash.signature(shingles);
        hasWindow = r.window().isPresent();
        from = r.window().map(ThreatReport.Window::from).orElse(r.published());
        to = r.window().map(ThreatReport.Window::to).orElse(r.published());
    }

    /** The references as keys of the holder counts: {@code ref|url} and {@code ref|hash}. */
    Set<String> referenceKeys() {
        return referenceKeys;
    }

    private void addName(String folded, String written) {
        if (!folded.isEmpty()) {
            actorNames.putIfAbsent(folded, written);
        }
    }

    /** Undoes the usual defanging ({@code hxxp}, {@code [.]}, {@code (.)}, {@code [:]}). */
    static String refang(String v) {
        return v.replace("[.]", ".")
                .replace("(.)", ".")
                .replace("{.}", ".")
                .replace("[:]", ":")
                .replaceFirst("^(?i)hxxp", "http")
                .replaceFirst("^(?i)fxp", "ftp");
    }

    /** A URL compared without its scheme's case, its host's case, a fragment or a final slash. */
    static String url(String u) {
        String s = u.trim();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        int scheme = s.indexOf("://");
        if (scheme > 0) {
            int pathStart = s.indexOf('/', scheme + 3);
            String head = pathStart < 0 ? s : s.substring(0, pathStart);
            String tail = pathStart < 0 ? "" : s.substring(pathStart);
            s = head.toLowerCase(Locale.ROOT).replaceFirst("^https://", "http://") + tail;
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
