package org.tearline.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tearline.intake.extract.Candidate;
import org.tearline.intake.extract.CandidateKind;
import org.tearline.intake.extract.Extraction;
import org.tearline.intake.extract.ExtractionRequest;
import org.tearline.intake.extract.KnownActor;

/**
 * A deliberately small stand-in for the extraction engine, for the intake workflow's tests
 * only: it finds dotted IPv4 addresses, the word "Moscow" (a place in RU), "within the next 48
 * hours" (a window from the publication time), "concerts" (a target type) and the names of
 * known actors, each with its offsets. The workflow's tests depend on this, never on the real
 * engine's rules.
 */
public final class IntakeTestExtraction implements Extraction {

    private static final Pattern IPV4 = Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b");

    @Override
    public List<Candidate> extract(ExtractionRequest request) {
        List<Candidate> out = new ArrayList<>();
        List<String> pages = request.text().pages();
        for (int p = 0; p < pages.size(); p++) {
            String text = pages.get(p);
            int page = p + 1;
            find(out, text, page, IPV4, CandidateKind.IPV4, "test-ipv4", Map.of());
            find(
                    out,
                    text,
                    page,
                    Pattern.compile("\\bMoscow\\b"),
                    CandidateKind.PLACE,
                    "test-place",
                    Map.of("country", "RU", "region", "Moscow", "latitude", "55.75222", "longitude", "37.61556"));
            Instant start = request.published();
            Instant end = start.plus(Duration.ofHours(48));
            find(
                    out,
                    text,
                    page,
                    Pattern.compile("within the next 48 hours"),
                    CandidateKind.TIME_WINDOW,
                    "test-window",
                    Map.of("start", start.toString(), "end", end.toString()));
            find(
                    out,
                    text,
                    page,
                    Pattern.compile("\\bconcerts\\b"),
                    CandidateKind.TARGET_TYPE,
                    "test-target",
                    Map.of("sector", "entertainment", "description", "concerts and large gatherings"));
            for (KnownActor a : request.knownActors()) {
                find(
                        out,
                        text,
                        page,
                        Pattern.compile("\\b" + Pattern.quote(a.name()) + "\\b"),
                        CandidateKind.THREAT_ACTOR,
                        "test-actor",
                        Map.of("id", a.id()));
            }
        }
        out.sort(Comparator.comparingInt(Candidate::page).thenComparingInt(Candidate::start));
        return out;
    }

    private static void find(
            List<Candidate> out,
            String text,
            int page,
            Pattern pattern,
            CandidateKind kind,
            String rule,
            Map<String, String> details) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            String snippet = text.substring(Math.max(0, m.start() - 40), Math.min(text.length(), m.end() + 40));
            out.add(new Candidate(kind, m.group(), page, m.start(), m.end(), snippet, rule, details));
        }
    }
}
