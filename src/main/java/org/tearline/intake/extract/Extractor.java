package org.tearline.intake.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The standard extraction: refangs each page, runs the indicator, place, time, target and
 * actor rules over it, and reports each match with its page, its offsets in that page's text
 * (the defanged text, as the analyst reads it) and a snippet. Stateless apart from the
 * gazetteer, which is read once, on first use, and shared: safe for any number of threads.
 */
public final class Extractor implements Extraction {

    /** The room either side of a match in its snippet. */
    private static final int SNIPPET_SIDE = 60;

    private static final Extractor STANDARD = new Extractor();

    /** Holds the gazetteer; the JVM loads it (once, thread-safely) on the first place lookup. */
    private static final class Bundled {
        static final Gazetteer GAZETTEER = Gazetteer.load();
    }

    private Extractor() {}

    /** The extraction with the bundled gazetteer (GeoNames, CC BY 4.0) and the built-in benign list. */
    public static Extraction standard() {
        return STANDARD;
    }

    @Override
    public List<Candidate> extract(ExtractionRequest request) {
        Benign benign = Benign.of(request.publisherDomain(), request.extraBenign());
        Actors actors = Actors.of(request.knownActors());
        Gazetteer gazetteer = Bundled.GAZETTEER;
        List<String> pages = request.text().pages();
        Set<String> countries = new HashSet<>();
        for (String page : pages) {
            countries.addAll(gazetteer.countriesNamed(page));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            String page = pages.get(p);
            List<Found> found = new ArrayList<>(Indicators.find(page, Refanged.of(page), benign));
            found.addAll(TimeWindows.find(page, request.published()));
            found.addAll(actors.find(page));
            Ranges taken = new Ranges();
            for (Found f : found) {
                taken.add(f.start(), f.end());
            }
            List<Found> prose = new ArrayList<>(gazetteer.find(page, countries));
            prose.addAll(TargetTypes.find(page));
            for (Found f : prose) {
                // A word inside an indicator ("moscow-news.ru") or a date is not a place.
                if (!taken.overlaps(f.start(), f.end())) {
                    found.add(f);
                }
            }
            found.sort(Comparator.comparingInt(Found::start).thenComparingInt(Found::end));
            for (Found f : found) {
                candidates.add(new Candidate(
                        f.kind(),
                        f.value(),
                        p + 1,
                        f.start(),
                        f.end(),
                        snippet(page, f.start(), f.end()),
                        f.rule(),
                        f.details()));
            }
        }
        return List.copyOf(candidates);
    }

    /** The text around a match, on one line, cut at word boundaries where it can be. */
    static String snippet(String page, int start, int end) {
        int from = Math.max(0, start - SNIPPET_SIDE);
        int to = Math.min(page.length(), end + SNIPPET_SIDE);
        while (from > 0 && from < start && !Character.isWhitespace(page.charAt(from - 1))) {
            from++;
        }
        while (to < page.length() && to > end && !Character.isWhitespace(page.charAt(to))) {
            to--;
        }
        return (from > 0 ? "\u2026" : "")
                + page.substring(from, to).replaceAll("\\s+", " ").strip()
                + (to < page.length() ? "\u2026" : "");
    }
}
