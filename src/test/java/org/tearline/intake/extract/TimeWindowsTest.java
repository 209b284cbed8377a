package org.tearline.intake.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each phrase read against a publication time: Thursday 7 March 2024, 19:00 UTC. */
class TimeWindowsTest {

    private static final Instant PUBLISHED = Instant.parse("2024-03-07T19:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "within the next 48 hours | 2024-03-07T19:00:00Z | 2024-03-09T19:00:00Z",
                "in the next 24 hours | 2024-03-07T19:00:00Z | 2024-03-08T19:00:00Z",
                "over the next seventy-two hours | 2024-03-07T19:00:00Z | 2024-03-10T19:00:00Z",
                "within the next two weeks | 2024-03-07T19:00:00Z | 2024-03-21T19:00:00Z",
                "within 3 days | 2024-03-07T19:00:00Z | 2024-03-10T19:00:00Z",
                "in the coming days | 2024-03-07T19:00:00Z | 2024-03-14T19:00:00Z",
                "in the coming hours | 2024-03-07T19:00:00Z | 2024-03-08T19:00:00Z",
                "over the coming weeks | 2024-03-07T19:00:00Z | 2024-04-04T19:00:00Z",
                "over the weekend | 2024-03-09T00:00:00Z | 2024-03-11T00:00:00Z",
                "this weekend | 2024-03-09T00:00:00Z | 2024-03-11T00:00:00Z",
                "next weekend | 2024-03-16T00:00:00Z | 2024-03-18T00:00:00Z",
                "this week | 2024-03-07T19:00:00Z | 2024-03-11T00:00:00Z",
                "next week | 2024-03-11T00:00:00Z | 2024-03-18T00:00:00Z",
                "tomorrow | 2024-03-08T00:00:00Z | 2024-03-09T00:00:00Z",
                "tomorrow night | 2024-03-08T18:00:00Z | 2024-03-09T06:00:00Z",
                "tonight | 2024-03-07T19:00:00Z | 2024-03-08T06:00:00Z",
                "today | 2024-03-07T19:00:00Z | 2024-03-08T00:00:00Z",
                "on March 8 | 2024-03-08T00:00:00Z | 2024-03-09T00:00:00Z",
                "8 March 2024 | 2024-03-08T00:00:00Z | 2024-03-09T00:00:00Z",
                "March 8, 2025 | 2025-03-08T00:00:00Z | 2025-03-09T00:00:00Z",
                "2024-03-08 | 2024-03-08T00:00:00Z | 2024-03-09T00:00:00Z",
                "March 8-10 | 2024-03-08T00:00:00Z | 2024-03-11T00:00:00Z",
                "8\u201310 March | 2024-03-08T00:00:00Z | 2024-03-11T00:00:00Z",
                "from March 8 to 12 | 2024-03-08T00:00:00Z | 2024-03-13T00:00:00Z",
                "between 2 and 4 April 2024 | 2024-04-02T00:00:00Z | 2024-04-05T00:00:00Z",
            })
    void aPhraseStandsForItsInterval(String phrase, String start, String end) {
        String text = "Attacks are possible " + phrase + ", officials said.";

        List<Candidate> windows = Extractor.standard()
                .extract(new ExtractionRequest(DocumentText.of(text), PUBLISHED, Optional.empty(), List.of(), Set.of()))
                .stream()
                .filter(c -> c.kind() == CandidateKind.TIME_WINDOW)
                .toList();

        assertThat(windows).singleElement().satisfies(c -> {
            assertThat(c.details()).containsEntry("start", start).containsEntry("end", end);
            assertThat(c.value()).isEqualTo(start + "/" + end);
            assertThat(phrase)
                    .contains(text.substring(c.start(), c.end())
                            .replace("on ", "")
                            .replace("from ", ""));
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // Written on a Monday about the weekend just gone, and about the coming one.
                "2024-06-17T06:00:00Z | Banks said customers had been targeted over the weekend. | 2024-06-15T00:00:00Z",
                "2024-06-17T06:00:00Z | Avoid crowds over the weekend. | 2024-06-22T00:00:00Z",
                // On a Sunday, "this weekend" is the one under way, from the moment of publication.
                "2024-03-10T12:00:00Z | Avoid crowds this weekend. | 2024-03-10T12:00:00Z",
            })
    void theWeekendIsTheOneTheSentenceMeans(String published, String text, String start) {
        assertThat(Extractor.standard()
                        .extract(new ExtractionRequest(
                                DocumentText.of(text),
                                Instant.parse(published),
                                Optional.empty(),
                                List.of(),
                                Set.of())))
                .filteredOn(c -> c.kind() == CandidateKind.TIME_WINDOW)
                .singleElement()
                .satisfies(c -> assertThat(c.details()).containsEntry("start", start));
    }
}
