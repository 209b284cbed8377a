package org.tearline.intake.extract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The bundled gazetteer: GeoNames' populated places of at least 15,000 inhabitants and the
 * countries, by name (built by tools/gazetteer/build.sh; GeoNames data, CC BY 4.0). A name is
 * looked up as written, capitalised; a name that is also a common English word ("Nice",
 * "Reading", "Mobile") needs a locative word before it ("in Nice") to count.
 */
final class Gazetteer {

    static final String RESOURCE = "gazetteer.tsv.gz";

    /** A place (or a country, with no region and geonameid). */
    record Place(
            String geonameid,
            String name,
            String country,
            String region,
            long population,
            String latitude,
            String longitude,
            boolean isCountry) {}

    /** Words that are city names too; they count only after "in", "near", "from"... */
    private static final Set<String> COMMON_WORDS = Set.of(
            "Along",
            "August",
            "Aurora",
            "Austin",
            "Bar",
            "Bath",
            "Bend",
            "Best",
            "Buy",
            "Central",
            "Charlotte",
            "Chase",
            "Cleveland",
            "Date",
            "Deal",
            "Eagle",
            "Enterprise",
            "Florence",
            "Gap",
            "Hamilton",
            "Homestead",
            "Hope",
            "Independence",
            "Jackson",
            "Kent",
            "Liberty",
            "Lincoln",
            "Madison",
            "Mandi",
            "March",
            "Marina",
            "Marion",
            "Mercedes",
            "Metro",
            "Mission",
            "Mobile",
            "Most",
            "Nice",
            "Normal",
            "Of",
            "Orange",
            "Pace",
            "Paradise",
            "Pearl",
            "Phoenix",
            "Police",
            "Reading",
            "Sale",
            "Salt",
            "Same",
            "Split",
            "Spring",
            "Surprise",
            "Temple",
            "Tours",
            "Troy",
            "Union",
            "Victoria",
            "Vista",
            "Warren",
            "Wells",
            "Sandy",
            "Mercy",
            "Salem",
            "Rome",
            "Plantation",
            "Carmel",
            "Given",
            "Du",
            "Ita",
            "Bay",
            "Are",
            "Uni",
            "Ede",
            "Bus",
            "Born",
            "Goes",
            "Pop",
            "Man",
            "Mango",
            "Hit",
            "Ilo",
            "Bra",
            "Pau",
            "Lens",
            "Rue",
            "Cork",
            "Derby",
            "Hull",
            "Worthing",
            "Colon",
            // A country's abbreviation is an adjective more often than a place: "U.S. citizens".
            "US",
            "U.S.",
            "USA",
            "U.S.A.",
            "UK");

    private static final Set<String> LOCATIVES =
            Set.of("in", "near", "from", "to", "at", "outside", "around", "across", "into", "towards", "toward", "of");

    private final Map<String, List<Place>> byName;
    private final Map<String, List<Place>> byUpperName;
    private final Map<String, Place> countries;
    private final int longestWords;

    private Gazetteer(Map<String, List<Place>> byName, Map<String, Place> countries, int longestWords) {
        this.byName = byName;
        this.countries = countries;
        this.longestWords = longestWords;
        Map<String, List<Place>> upper = new HashMap<>();
        byName.forEach((k, v) -> upper.merge(k.toUpperCase(Locale.ROOT), v, (a, b) -> {
            List<Place> all = new ArrayList<>(a);
            all.addAll(b);
            all.sort(BY_POPULATION);
            return all;
        }));
        this.byUpperName = upper;
    }

    private static final Comparator<Place> BY_POPULATION =
            Comparator.comparingLong(Place::population).reversed().thenComparing(Place::geonameid);

    static Gazetteer load() {
        try (InputStream raw = Gazetteer.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("the gazetteer resource " + RESOURCE + " is missing from the build");
            }
            return read(new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the gazetteer " + RESOURCE, e);
        }
    }

    private static Gazetteer read(BufferedReader in) throws IOException {
        Map<String, List<Place>> byName = new HashMap<>();
        Map<String, Place> countries = new HashMap<>();
        int longest = 1;
        String line;
        List<String[]> cities = new ArrayList<>();
        while ((line = in.readLine()) != null) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("C") && f.length >= 3) {
                String[] names = f[2].split("\\|", -1);
                // The name it is shown by: the last plain one ("Russia", "United States").
                String shown = names[0];
                for (String name : names) {
                    if (name.length() > 3 && name.indexOf('.') < 0) {
                        shown = name;
                    }
                }
                for (String name : names) {
                    // Two-letter codes ("US", "UK") are written in capitals only; "us" is a word.
                    Place country = new Place("", shown, f[1], "", Long.MAX_VALUE, "", "", true);
                    countries.putIfAbsent(f[1], country);
                    byName.computeIfAbsent(name, k -> new ArrayList<>()).add(country);
                    longest = Math.max(longest, words(name));
                }
            } else if (f[0].equals("P") && f.length >= 9) {
                cities.add(f);
            }
        }
        for (String[] f : cities) {
            Place place = new Place(
                    f[1], f[2], f[3], f[4].isEmpty() ? "" : f[3] + "." + f[4], Long.parseLong(f[5]), f[6], f[7], false);
            byName.computeIfAbsent(f[2], k -> new ArrayList<>()).add(place);
            longest = Math.max(longest, words(f[2]));
        }
        byName.values().forEach(list -> list.sort(BY_POPULATION));
        return new Gazetteer(byName, countries, Math.min(longest, 6));
    }

    private static int words(String name) {
        return (int) name.chars().filter(ch -> ch == ' ' || ch == '-').count() + 1;
    }

    /** The places named on a page, each preferring a place in a country the document names. */
    List<Found> find(String page, Set<String> documentCountries) {
        List<Found> found = new ArrayList<>();
        int i = 0;
        int n = page.length();
        while (i < n) {
            char c = page.charAt(i);
            if (!Character.isUpperCase(c) || (i > 0 && Character.isLetterOrDigit(page.charAt(i - 1)))) {
                i++;
                continue;
            }
            Found match = longestAt(page, i, documentCountries);
            if (match != null) {
                found.add(match);
                i = match.end();
            } else {
                int w = i;
                while (w < n && Character.isLetter(page.charAt(w))) {
                    w++;
                }
                i = Math.max(w, i + 1);
            }
        }
        return found;
    }

    /** The countries a page names, unambiguous ones only, for preferring among places. */
    Set<String> countriesNamed(String page) {
        Set<String> codes = new HashSet<>();
        for (Found f : find(page, Set.of())) {
            if (f.details().get("type").equals("country")) {
                codes.add(f.details().get("country"));
            }
        }
        return codes;
    }

    private Found longestAt(String page, int start, Set<String> documentCountries) {
        List<Integer> ends = wordEnds(page, start, longestWords);
        for (int k = ends.size() - 1; k >= 0; k--) {
            int end = ends.get(k);
            String name = page.substring(start, end);
            List<Place> places = byName.get(name);
            if (places == null && name.length() > 3 && name.equals(name.toUpperCase(Locale.ROOT))) {
                places = byUpperName.get(name);
            }
            if (places == null) {
                continue;
            }
            if (places.get(0).isCountry() && name.length() <= 3 && !name.equals(name.toUpperCase(Locale.ROOT))) {
                continue;
            }
            String title =
                    name.length() > 1 ? name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT) : name;
            boolean common = COMMON_WORDS.contains(name) || COMMON_WORDS.contains(title);
            if (common && !afterLocative(page, start)) {
                continue;
            }
            if (k == 0 && titleBefore(page, start)) {
                continue;
            }
            return found(places, start, end, documentCountries, common);
        }
        return null;
    }

    private Found found(List<Place> places, int start, int end, Set<String> documentCountries, boolean common) {
        Place chosen = places.get(0);
        String rule = places.size() > 1 ? "place-ambiguous-by-population" : "place";
        if (places.size() > 1 && !chosen.isCountry()) {
            for (Place p : places) {
                if (documentCountries.contains(p.country())) {
                    chosen = p;
                    rule = "place-ambiguous-by-country-named";
                    break;
                }
            }
        }
        if (common) {
            rule = rule + "-after-locative";
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("type", chosen.isCountry() ? "country" : "city");
        details.put("country", chosen.country());
        Place country = countries.get(chosen.country());
        if (country != null) {
            details.put("countryName", country.name());
        }
        if (!chosen.isCountry()) {
            details.put("region", chosen.region());
            details.put("geonameid", chosen.geonameid());
            details.put("latitude", chosen.latitude());
            details.put("longitude", chosen.longitude());
            details.put("population", Long.toString(chosen.population()));
        }
        if (places.size() > 1) {
            StringBuilder alternatives = new StringBuilder();
            for (Place p : places) {
                if (p.equals(chosen)) {
                    continue;
                }
                if (alternatives.length() > 0) {
                    alternatives.append("; ");
                }
                alternatives.append(
                        p.isCountry()
                                ? p.name() + " (country " + p.country() + ")"
                                : p.name() + " (" + p.region() + ", population " + p.population() + ", geonameid "
                                        + p.geonameid() + ")");
            }
            details.put("alternatives", alternatives.toString());
        }
        String value = chosen.name();
        return new Found(CandidateKind.PLACE, value, start, end, rule, details);
    }

    /** The ends of up to {@code max} words from {@code start}, joined by one space or hyphen, on one line. */
    private static List<Integer> wordEnds(String page, int start, int max) {
        List<Integer> ends = new ArrayList<>(max);
        int i = start;
        int n = page.length();
        while (ends.size() < max && i < n) {
            int w = i;
            while (w < n
                    && (Character.isLetter(page.charAt(w))
                            || page.charAt(w) == '\''
                            || (page.charAt(w) == '.' && w + 1 < n && Character.isLetter(page.charAt(w + 1))))) {
                w++;
            }
            if (w == i) {
                break;
            }
            // "U.S." keeps its last dot.
            if (w < n
                    && page.charAt(w) == '.'
                    && w - i <= 4
                    && page.substring(i, w).contains(".")) {
                ends.add(w + 1);
            }
            ends.add(w);
            if (w + 1 < n
                    && (page.charAt(w) == ' ' || page.charAt(w) == '-')
                    && Character.isLetter(page.charAt(w + 1))) {
                i = w + 1;
            } else {
                break;
            }
        }
        ends.sort(null);
        return ends;
    }

    private static boolean afterLocative(String page, int start) {
        int e = start - 1;
        // "in the U.S.": the article between the preposition and the name does not count.
        if (e >= 3 && page.startsWith("the ", e - 3)) {
            e -= 4;
        }
        while (e >= 0 && page.charAt(e) == ' ') {
            e--;
        }
        int s = e;
        while (s >= 0 && Character.isLetter(page.charAt(s))) {
            s--;
        }
        return e > s && LOCATIVES.contains(page.substring(s + 1, e + 1).toLowerCase(Locale.ROOT));
    }

    /** "Mr Jackson", "Dr. Florence": a person, not a place. */
    private static boolean titleBefore(String page, int start) {
        int e = start - 1;
        while (e >= 0 && (page.charAt(e) == ' ' || page.charAt(e) == '.')) {
            e--;
        }
        int s = e;
        while (s >= 0 && Character.isLetter(page.charAt(s))) {
            s--;
        }
        String word = page.substring(s + 1, e + 1);
        return Set.of("Mr", "Mrs", "Ms", "Dr", "President", "Minister", "General", "Saint", "St")
                .contains(word);
    }
}
