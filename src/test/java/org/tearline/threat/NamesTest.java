package org.tearline.threat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tearline.threat.ThreatReport.Place;

class NamesTest {

    private final PlaceNames names = PlaceNames.builtIn();

    @Test
    void foldingRemovesCaseDiacriticsAndTransliteratesCyrillic() {
        assertThat(Names.fold("Крокус Сити Холл")).isEqualTo("krokus siti kholl");
        assertThat(Names.fold("  Köln–Zentrum ")).isEqualTo("koln zentrum");
        assertThat(Names.fold("Bol'shoy")).isEqualTo("bolshoy");
    }

    @Test
    void transliterationsOfOneNameAreOneNameButShortOnesAreNotGuessed() {
        assertThat(Names.sameName(Names.fold("Krokus Siti Kholl"), Names.fold("Crocus City Hall")))
                .isTrue();
        assertThat(Names.sameName("moskva", "moscow")).isTrue();
        assertThat(Names.sameName("krasnogorsk", "krasnoyarsk")).isFalse();
        assertThat(Names.sameName("rio", "roi")).isFalse();
    }

    @Test
    void exonymsCountriesAndKnownCitiesAreNormalised() {
        PlaceNames.Normal moskva = names.normalise(new Place(null, null, "Moskva", null));
        assertThat(moskva).isEqualTo(new PlaceNames.Normal("RU", "moscow oblast", "moscow", null));
        PlaceNames.Normal krasnogorsk = names.normalise(new Place("Россия", "Московская область", "Красногорск", null));
        assertThat(krasnogorsk).isEqualTo(new PlaceNames.Normal("RU", "moscow oblast", "krasnogorsk", null));
        assertThat(names.normalise(new Place("Austria", null, "Wien", null)).city())
                .isEqualTo("vienna");
        PlaceNames more =
                names.with(java.util.Map.of("Bayern", "Bavaria"), java.util.Map.of("Regensburg", "Bavaria/DE"));
        assertThat(more.normalise(new Place(null, null, "Regensburg", null)))
                .isEqualTo(new PlaceNames.Normal("DE", "bavaria", "regensburg", null));
    }

    @Test
    void placesCompareFromTheCountryDown() {
        PlaceNames.Normal venue = names.normalise(new Place("RU", null, "Krasnogorsk", "Crocus City Hall"));
        PlaceNames.Normal city = names.normalise(new Place("RU", null, "Krasnogorsk", null));
        PlaceNames.Normal otherVenue = names.normalise(new Place("RU", null, "Krasnogorsk", "Vegas Mall"));
        PlaceNames.Normal moscow = names.normalise(new Place("RU", null, "Moscow", null));
        PlaceNames.Normal vienna = names.normalise(new Place("AT", null, "Vienna", null));
        assertThat(Scorer.place(venue, venue).value()).isEqualTo(1.0);
        assertThat(Scorer.place(venue, city).value()).isEqualTo(0.8);
        assertThat(Scorer.place(venue, otherVenue).value()).isNegative();
        assertThat(Scorer.place(city, moscow).value()).isEqualTo(0.3);
        assertThat(Scorer.place(city, vienna).value()).isEqualTo(-0.5);
    }
}
