package org.tearline.intake.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Target types, known actors, and the lines of a page kept apart. */
class ProseRulesTest {

    private static final List<KnownActor> ACTORS = List.of(
            new KnownActor("intrusion-set--1", "APT28", List.of("Fancy Bear", "Sofacy")),
            new KnownActor("intrusion-set--2", "Sandworm Team", List.of("Sandworm")));

    private static List<Candidate> extract(String text) {
        return Extractor.standard()
                .extract(new ExtractionRequest(
                        DocumentText.of(text),
                        Instant.parse("2024-03-07T19:00:00Z"),
                        Optional.empty(),
                        ACTORS,
                        Set.of()));
    }

    @Test
    void targetTypesCarryADescriptionAndASectorWhereOneFits() {
        List<Candidate> found =
                extract("Threats to concerts, shopping malls, the metro, synagogues and schools were reported.");

        assertThat(found)
                .extracting(Candidate::value, c -> c.details().get("sector"))
                .containsExactly(
                        Tuple.tuple("concerts", "entertainment"),
                        Tuple.tuple("shopping centres", "retail"),
                        Tuple.tuple("transport", "transportation"),
                        Tuple.tuple("places of worship", null),
                        Tuple.tuple("schools", "education"));
    }

    /** The embassy advisory of the README, wrapped as it is there: "large" ends a line. */
    @Test
    void aTargetTypeWrappedOverALineIsOnePhraseWithOffsetsOverBothLines() {
        String text = "extremists have imminent plans to target large\ngatherings in Moscow, to include concerts";
        List<Candidate> found = extract(text);

        assertThat(found)
                .filteredOn(c -> c.kind() == CandidateKind.TARGET_TYPE)
                .extracting(Candidate::value, c -> text.substring(c.start(), c.end()))
                .containsExactly(
                        Tuple.tuple("large gatherings", "large\ngatherings"), Tuple.tuple("concerts", "concerts"));
    }

    @Test
    void actorsAreFoundByNameAndAliasInAnyCaseAsWholeWords() {
        List<Candidate> found = extract(
                "fancy bear and SANDWORM TEAM, then apt28 again; APT281 and Sofacyx are other things. Sandworm too.");

        assertThat(found)
                .filteredOn(c -> c.kind() == CandidateKind.THREAT_ACTOR)
                .extracting(Candidate::value, Candidate::rule, c -> c.details().get("id"))
                .containsExactly(
                        Tuple.tuple("APT28", "actor-alias", "intrusion-set--1"),
                        Tuple.tuple("Sandworm Team", "actor-name", "intrusion-set--2"),
                        Tuple.tuple("APT28", "actor-name", "intrusion-set--1"),
                        Tuple.tuple("Sandworm Team", "actor-alias", "intrusion-set--2"));
    }

    @Test
    void tokensOnSeparateLinesStaySeparateAndAWrappedNameIsNotInvented() {
        String text =
                "hosts:\nalpha-node\n.com\nbeta[.]\nnet\nthe loader called update-\nservice.com then\ncdn-mirror.net";

        assertThat(extract(text))
                .filteredOn(c -> c.kind() == CandidateKind.DOMAIN)
                .extracting(Candidate::value)
                .containsExactly("cdn-mirror.net");
    }

    @Test
    void pagesAreReadApartWithOffsetsIntoTheirOwnText() {
        List<Candidate> found = Extractor.standard()
                .extract(new ExtractionRequest(
                        new DocumentText(List.of("Page one names evil[.]com.", "Then 45.9.21.1 in Kyiv.")),
                        Instant.parse("2024-03-07T19:00:00Z"),
                        Optional.empty(),
                        List.of(),
                        Set.of()));

        assertThat(found)
                .extracting(Candidate::page, Candidate::value, Candidate::start, Candidate::end)
                .containsExactly(
                        Tuple.tuple(1, "evil.com", 15, 25),
                        Tuple.tuple(2, "45.9.21.1", 5, 14),
                        Tuple.tuple(2, "Kyiv", 18, 22));
    }
}
