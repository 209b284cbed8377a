package org.tearline.intake.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Extraction measured on the corpus (src/test/resources/intake/corpus): advisories, news
 * articles, analysts' memos and indicator reports written for these tests, each with the
 * candidates a careful analyst would take from it. A candidate counts as right when its kind,
 * its value, the text at its offsets and (for a place) its country all agree with one
 * expected; repeats of the same finding count once.
 */
class ExtractionCorpusTest {

    private static final double FLOOR = 0.9;

    /** What is compared: kind, value, the text at the offsets, and a place's country. */
    private record Finding(CandidateKind kind, String value, String text, String country) {}

    private static final class Counts {
        int truePositives;
        int falsePositives;
        int falseNegatives;

        double precision() {
            int found = truePositives + falsePositives;
            return found == 0 ? 1.0 : (double) truePositives / found;
        }

        double recall() {
            int expected = truePositives + falseNegatives;
            return expected == 0 ? 1.0 : (double) truePositives / expected;
        }
    }

    @Test
    void precisionAndRecallOfEveryKindAreAtLeastNinetyPercentOverTheCorpus() {
        Map<CandidateKind, Counts> counts = new EnumMap<>(CandidateKind.class);
        for (CandidateKind kind : CandidateKind.values()) {
            counts.put(kind, new Counts());
        }
        List<String> misses = new ArrayList<>();
        for (CorpusDocument doc : CorpusDocument.all()) {
            Set<Finding> expected = expected(doc.expected());
            Set<Finding> actual = new HashSet<>();
            for (Candidate c : Extractor.standard().extract(doc.request())) {
                actual.add(finding(doc.text(), c));
            }
            for (Finding f : actual) {
                if (expected.contains(f)) {
                    counts.get(f.kind()).truePositives++;
                } else {
                    counts.get(f.kind()).falsePositives++;
                    misses.add(doc.name() + ": unexpected " + f);
                }
            }
            for (Finding f : expected) {
                if (!actual.contains(f)) {
                    counts.get(f.kind()).falseNegatives++;
                    misses.add(doc.name() + ": missed " + f);
                }
            }
        }
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT, "%-17s %5s %5s %5s %9s %7s%n", "kind", "tp", "fp", "fn", "precision", "recall"));
        for (Map.Entry<CandidateKind, Counts> e : counts.entrySet()) {
            Counts c = e.getValue();
            table.append(String.format(
                    Locale.ROOT,
                    "%-17s %5d %5d %5d %9.3f %7.3f%n",
                    e.getKey(),
                    c.truePositives,
                    c.falsePositives,
                    c.falseNegatives,
                    c.precision(),
                    c.recall()));
        }
        System.out.println("Extraction over the corpus (" + CorpusDocument.NAMES.size() + " documents)\n" + table);
        misses.forEach(System.out::println);

        for (Map.Entry<CandidateKind, Counts> e : counts.entrySet()) {
            Counts c = e.getValue();
            assertThat(c.truePositives + c.falseNegatives)
                    .as("the corpus expects some %s", e.getKey())
                    .isPositive();
            assertThat(c.precision())
                    .as("precision of %s; misses: %s", e.getKey(), misses)
                    .isGreaterThanOrEqualTo(FLOOR);
            assertThat(c.recall())
                    .as("recall of %s; misses: %s", e.getKey(), misses)
                    .isGreaterThanOrEqualTo(FLOOR);
        }
    }

    @Test
    void theEmbassyAdvisoryGivesMoscowTheGatheringsAndConcertsAndFortyEightHoursFromPublication() {
        CorpusDocument embassy = CorpusDocument.all().get(0);
        Instant published = Instant.parse(embassy.expected().get("published").asText());

        List<Candidate> found = Extractor.standard().extract(embassy.request());

        assertThat(found)
                .filteredOn(c -> c.kind() == CandidateKind.PLACE && c.value().equals("Moscow"))
                .isNotEmpty()
                .allSatisfy(c -> {
                    assertThat(c.details()).containsEntry("country", "RU").containsEntry("geonameid", "524901");
                    assertThat(c.details().get("alternatives")).contains("US.ID");
                });
        assertThat(found)
                .filteredOn(c -> c.kind() == CandidateKind.TARGET_TYPE)
                .extracting(Candidate::value)
                .contains("concerts", "large gatherings");
        assertThat(found)
                .filteredOn(
                        c -> c.kind() == CandidateKind.TARGET_TYPE && c.value().equals("concerts"))
                .allSatisfy(c -> assertThat(c.details()).containsEntry("sector", "entertainment"));
        assertThat(found)
                .filteredOn(c -> c.kind() == CandidateKind.TIME_WINDOW)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.details().get("start")).isEqualTo(published.toString());
                    assertThat(c.details().get("end"))
                            .isEqualTo(published.plusSeconds(48 * 3600).toString());
                    assertThat(embassy.text().substring(c.start(), c.end())).isEqualTo("over the next 48 hours");
                });
    }

    @Test
    void everyCandidateInTheCorpusHasOffsetsThatHoldTheTextItWasReadFrom() {
        for (CorpusDocument doc : CorpusDocument.all()) {
            for (Candidate c : Extractor.standard().extract(doc.request())) {
                assertThat(c.page()).isEqualTo(1);
                assertThat(c.start()).isGreaterThanOrEqualTo(0).isLessThan(c.end());
                assertThat(c.end()).isLessThanOrEqualTo(doc.text().length());
                String said = doc.text().substring(c.start(), c.end());
                assertThat(said).as("%s in %s", c, doc.name()).isNotBlank();
                assertThat(said.strip()).as("no spaces around %s", c).isEqualTo(said);
                assertThat(c.snippet().replace("\u2026", "")).contains(said.replaceAll("\\s+", " "));
                assertThat(c.rule()).isNotBlank();
            }
        }
    }

    private static Finding finding(String text, Candidate c) {
        return new Finding(
                c.kind(),
                c.value(),
                text.substring(c.start(), c.end()),
                c.kind() == CandidateKind.PLACE ? c.details().get("country") : null);
    }

    private static Set<Finding> expected(JsonNode expected) {
        Set<Finding> all = new HashSet<>();
        for (JsonNode e : expected.get("candidates")) {
            all.add(new Finding(
                    CandidateKind.valueOf(e.get("kind").asText()),
                    e.get("value").asText(),
                    e.get("text").asText(),
                    e.has("country") ? e.get("country").asText() : null));
        }
        return all;
    }
}
