package org.tearline.intake.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlacesTest {

    private static List<Candidate> places(String text) {
        return Extractor.standard()
                .extract(new ExtractionRequest(
                        DocumentText.of(text),
                        Instant.parse("2024-03-07T19:00:00Z"),
                        Optional.empty(),
                        List.of(),
                        Set.of()))
                .stream()
                .filter(c -> c.kind() == CandidateKind.PLACE)
                .toList();
    }

    @Test
    void aPlaceCarriesItsCountryRegionAndGeonamesId() {
        assertThat(places("Protests are planned in Nairobi.")).singleElement().satisfies(c -> {
            assertThat(c.value()).isEqualTo("Nairobi");
            assertThat(c.details())
                    .containsEntry("country", "KE")
                    .containsEntry("countryName", "Kenya")
                    .containsEntry("type", "city")
                    .containsKeys("region", "geonameid", "latitude", "longitude")
                    .doesNotContainKey("alternatives");
        });
    }

    @Test
    void anAmbiguousNameShowsItsAlternativesAndPrefersTheMostPopulous() {
        assertThat(places("Police in Moscow said nothing.")).singleElement().satisfies(c -> {
            assertThat(c.details()).containsEntry("country", "RU");
            assertThat(c.rule()).isEqualTo("place-ambiguous-by-population");
            assertThat(c.details().get("alternatives")).contains("Moscow (US.ID");
        });
    }

    @Test
    void anAmbiguousNamePrefersAPlaceInACountryTheDocumentNames() {
        List<Candidate> found = places("A student in Moscow was arrested. The United States said the campus is safe.");

        assertThat(found)
                .filteredOn(c -> c.value().equals("Moscow"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.details()).containsEntry("country", "US").containsEntry("region", "US.ID");
                    assertThat(c.rule()).isEqualTo("place-ambiguous-by-country-named");
                    assertThat(c.details().get("alternatives")).contains("RU.48");
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Nice work by the analysts.",
                "Reading the report, we agree.",
                "Mobile devices were targeted.",
                "Most victims were banks.",
                "Police said the threat was low.",
                "Split the list in two.",
                "March is busy. Orange alerts follow.",
                "U.S. citizens should avoid the area.",
                "the city of moscow in lower case",
                "Mr Jackson and Dr Lincoln spoke."
            })
    void wordsThatAreAlsoTownsAreNoPlaceWithoutALocativeBeforeThem(String text) {
        assertThat(places(text)).isEmpty();
    }

    @Test
    void aWordThatIsAlsoATownIsAPlaceAfterAPreposition() {
        assertThat(places("The attack in Nice and the arrests in Reading."))
                .extracting(Candidate::value, c -> c.details().get("country"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Nice", "FR"),
                        org.assertj.core.groups.Tuple.tuple("Reading", "GB"));
    }

    @Test
    void namesOfSeveralWordsCapitalsAndCountriesAreFound() {
        assertThat(places("RIO DE JANEIRO: in Rio de Janeiro and Buenos Aires, Argentina, and in the U.S."))
                .extracting(Candidate::value)
                .containsExactly("Rio de Janeiro", "Rio de Janeiro", "Buenos Aires", "Argentina", "United States");
    }
}
