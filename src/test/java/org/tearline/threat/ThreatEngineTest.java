package org.tearline.threat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tearline.error.UnprocessableException;
import org.tearline.threat.Match.Feature;
import org.tearline.threat.ThreatReport.Actor;
import org.tearline.threat.ThreatReport.Dismissal;
import org.tearline.threat.ThreatReport.Indicator;
import org.tearline.threat.ThreatReport.Place;
import org.tearline.threat.ThreatReport.Provenance;

class ThreatEngineTest {

    private static final Instant T = Instant.parse("2025-03-06T10:00:00Z");

    private static ThreatReport crocus(String id, String producer, Instant published) {
        return ThreatReport.of(id, producer, published)
                .withWindow(Instant.parse("2025-03-07T00:00:00Z"), Instant.parse("2025-03-09T00:00:00Z"))
                .withPlaces(List.of(new Place("RU", "Moscow Oblast", "Krasnogorsk", "Crocus City Hall")))
                .withActors(List.of(new Actor(null, "ISKP", List.of("ISIS-K"))))
                .withConfidences(80, 40);
    }

    private static ThreatReport elsewhere(String id) {
        return ThreatReport.of(id, "svc-x", T.plusSeconds(86_400L * 200))
                .withWindow(T.plusSeconds(86_400L * 210), T.plusSeconds(86_400L * 212))
                .withPlaces(List.of(new Place("PT", null, "Lisbon", "Altice Arena")));
    }

    @Test
    void theDemoCaseIsOneThreatWithTwoIndependentRootsAndOneEcho() {
        ThreatEngine e = new ThreatEngine();
        ThreatReport us = crocus("report--us", "svc-us", T);
        ThreatReport gb = crocus("report--gb", "svc-gb", T.plusSeconds(3600))
                .withText("Independent reporting of an attack plan on the Krasnogorsk concert hall.");
        ThreatReport relay = crocus("report--relay", "peer-de", T.plusSeconds(7200))
                .withProvenance(new Provenance("svc-us", "report--us", List.of("peer-de")));
        e.add(us);
        Assignment a2 = e.add(gb);
        Assignment a3 = e.add(relay);

        assertThat(a2.how()).isEqualTo(Assignment.How.MATCHED);
        assertThat(a3.threatId())
                .isEqualTo(a2.threatId())
                .isEqualTo(e.threatOf("report--us").orElseThrow());
        Grouping g = e.grouping(a2.threatId());
        assertThat(g.roots()).extracting(Grouping.Root::reportId).containsExactly("report--us", "report--gb");
        assertThat(g.confirmedByIndependentSources()).isTrue();
        Grouping.Echo echo = g.roots().get(0).echoes().get(0);
        assertThat(echo.reportId()).isEqualTo("report--relay");
        assertThat(echo.evidence()).extracting(Grouping.Evidence::rule).contains(Grouping.Rule.RELAY);
        assertThat(g.producers()).containsExactly("svc-us", "svc-gb", "peer-de");
    }

    @Test
    void everyMatchExplainsEachFeatureItsContributionAndTheThreshold() {
        ThreatEngine e = new ThreatEngine();
        e.add(crocus("report--a", "svc-us", T));
        Assignment a = e.add(crocus("report--b", "svc-gb", T));
        Match m = a.match().orElseThrow();
        assertThat(m.contributions()).extracting(Match.Contribution::feature).containsExactly(Feature.values());
        assertThat(m.threshold()).isEqualTo(Weights.DEFAULT.threshold());
        assertThat(m.score())
                .isCloseTo(
                        m.contributions().stream()
                                .mapToDouble(Match.Contribution::contribution)
                                .sum(),
                        org.assertj.core.data.Offset.offset(0.01));
        assertThat(m.contributions().get(0).detail()).contains("same venue");
        assertThat(m.explain()).contains("threshold 0.50").contains("same threat");
    }

    @Test
    void aReportNearNothingFoundsItsOwnThreat() {
        ThreatEngine e = new ThreatEngine();
        e.add(crocus("report--a", "svc-us", T));
        Assignment a = e.add(elsewhere("report--far"));
        assertThat(a.how()).isEqualTo(Assignment.How.NEW_THREAT);
        assertThat(a.threatId()).isEqualTo(ThreatEngine.threatIdFor("report--far"));
        assertThat(e.threats()).hasSize(2);
    }

    @Test
    void theIndexOffersOnlyReportsThatShareAKey() {
        ThreatEngine e = new ThreatEngine();
        for (int i = 0; i < 200; i++) {
            e.add(elsewhere("report--far-" + i).withPlaces(List.of(new Place("PT", null, "City" + i, null))));
        }
        Assignment a = e.add(crocus("report--a", "svc-us", T));
        assertThat(a.candidates()).isZero();
        Assignment b = e.add(crocus("report--b", "svc-gb", T));
        assertThat(b.candidates()).isEqualTo(1);
    }

    @Test
    void anAddressInsideAReportedBlockIsASharedIndicator() {
        ThreatEngine e = new ThreatEngine();
        ThreatReport block = ThreatReport.of("report--block", "cert-a", T)
                .withIndicators(List.of(new Indicator("ipv4-addr", "198.51.100.0/24")));
        ThreatReport addr = ThreatReport.of("report--addr", "cert-b", T)
                .withIndicators(List.of(new Indicator("ipv4-addr", "198.51.100.77")));
        ThreatReport outside = ThreatReport.of("report--out", "cert-c", T)
                .withIndicators(List.of(new Indicator("ipv4-addr", "198.51.101.77")));
        e.add(block);
        e.add(addr);
        e.add(outside);
        Match in = e.compare("report--addr", "report--block");
        assertThat(in.contributions().get(3).similarity()).isGreaterThan(0);
        assertThat(in.contributions().get(3).detail()).contains("overlap");
        assertThat(e.compare("report--out", "report--block")
                        .contributions()
                        .get(3)
                        .similarity())
                .isZero();
    }

    @Test
    void aCommonIndicatorWeighsLittleAndARareOneInFull() {
        ThreatEngine e = new ThreatEngine();
        for (int i = 0; i < 30; i++) {
            e.add(ThreatReport.of("report--bg-" + i, "p" + i, T)
                    .withIndicators(List.of(new Indicator("ipv4-addr", "185.220.101.1"))));
        }
        ThreatReport a = ThreatReport.of("report--a", "x", T)
                .withIndicators(List.of(
                        new Indicator("ipv4-addr", "185.220.101.1"), new Indicator("domain-name", "Rare.EXAMPLE")));
        ThreatReport b = ThreatReport.of("report--b", "y", T)
                .withIndicators(List.of(new Indicator("ipv4-addr", "185.220.101.1")));
        ThreatReport c = ThreatReport.of("report--c", "z", T)
                .withIndicators(List.of(new Indicator("domain-name", "rare[.]example.")));
        e.add(a);
        e.add(b);
        e.add(c);
        assertThat(e.compare("report--b", "report--a").contributions().get(3).similarity())
                .isLessThan(0.15);
        assertThat(e.compare("report--c", "report--a").contributions().get(3).similarity())
                .isEqualTo(1.0);
    }

    @Test
    void splitKeepsTheReportApartFromThenOnAndARebuildReplaysIt() {
        ThreatEngine e = new ThreatEngine();
        e.add(crocus("report--a", "svc-us", T));
        e.add(crocus("report--b", "svc-gb", T.plusSeconds(60)));
        String t = e.threatOf("report--a").orElseThrow();
        Decision d = e.split(t, "report--b", "analyst-1", T.plusSeconds(120), "another venue of the same name");
        assertThat(e.threatOf("report--b")).isNotEqualTo(e.threatOf("report--a"));
        assertThat(d.members()).containsExactly("report--a");

        ThreatEngine rebuilt = ThreatEngine.rebuild(
                Weights.DEFAULT,
                PlaceNames.builtIn(),
                List.of(crocus("report--b", "svc-gb", T.plusSeconds(60)), crocus("report--a", "svc-us", T)),
                List.of(d));
        assertThat(rebuilt.threatOf("report--b")).isNotEqualTo(rebuilt.threatOf("report--a"));
        assertThat(rebuilt.threatOf("report--a")).contains(t);
    }

    @Test
    void mergeAndConfirmMoveReportsAndAreKeptAsDecisions() {
        ThreatEngine e = new ThreatEngine();
        e.add(crocus("report--a", "svc-us", T));
        e.add(elsewhere("report--far"));
        String t1 = e.threatOf("report--a").orElseThrow();
        String t2 = e.threatOf("report--far").orElseThrow();
        Decision m = e.merge(t1, t2, "analyst-1", T, "one plot, two targets");
        assertThat(e.threatOf("report--far")).contains(t1);
        assertThat(e.threat(t2)).isEmpty();
        assertThat(e.threat(t1).orElseThrow().assignments())
                .filteredOn(x -> x.reportId().equals("report--far"))
                .extracting(Assignment::how)
                .containsExactly(Assignment.How.ANALYST);

        e.add(elsewhere("report--far-2").withPlaces(List.of(new Place("NO", null, "Bergen", null))));
        String t3 = e.threatOf("report--far-2").orElseThrow();
        Decision c = e.confirm(t1, "report--far-2", "analyst-2", T, null);
        assertThat(e.threatOf("report--far-2")).contains(t1);
        assertThat(e.threat(t3)).isEmpty();
        assertThat(e.decisions()).containsExactly(m, c);
        assertThatThrownBy(() -> e.merge(t1, t1, "a", T, null)).isInstanceOf(UnprocessableException.class);
        assertThatThrownBy(() -> e.split(t1, "report--nope", "a", T, null)).hasMessageContaining("report--nope");
    }

    @Test
    void aNewVersionOfAHeldReportStaysInItsThreat() {
        ThreatEngine e = new ThreatEngine();
        e.add(crocus("report--a", "svc-us", T));
        e.add(crocus("report--b", "svc-gb", T));
        String t = e.threatOf("report--b").orElseThrow();
        e.add(elsewhere("report--b"));
        assertThat(e.threatOf("report--b")).contains(t);
        assertThat(e.size()).isEqualTo(2);
        assertThat(e.report("report--b").orElseThrow().places().get(0).city()).isEqualTo("Lisbon");
    }

    @Test
    void theRebuildFromScratchGivesTheSameThreats() {
        List<ThreatReport> reports = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reports.add(crocus("report--c" + i, "svc-" + (i % 4), T.plusSeconds(i * 60L)));
            reports.add(elsewhere("report--e" + i).withPlaces(List.of(new Place("PT", null, "Lisbon", "Arena " + i))));
        }
        ThreatEngine incremental = new ThreatEngine();
        reports.forEach(incremental::add);
        ThreatEngine rebuilt = ThreatEngine.rebuild(Weights.DEFAULT, PlaceNames.builtIn(), reports, List.of());
        for (ThreatReport r : reports) {
            assertThat(rebuilt.threatOf(r.id())).isEqualTo(incremental.threatOf(r.id()));
        }
    }

    @Test
    void aLapsedWindowWithIndependentWarningsStillActiveIsSaidInWords() {
        ThreatEngine e = new ThreatEngine();
        ThreatReport us = crocus("report--us", "svc-us", T)
                .withDismissals(
                        List.of(new Dismissal("recipient", T.plusSeconds(86_400 * 4), "strongly-disagree", "general")));
        ThreatReport gb = crocus("report--gb", "svc-gb", T)
                .withWindow(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-31T00:00:00Z"))
                .withText("A different text from an independent service.")
                .withConfidences(60, 20);
        e.add(us);
        e.add(gb);
        Picture p = e.picture(e.threatOf("report--us").orElseThrow(), Instant.parse("2025-03-12T00:00:00Z"));
        assertThat(p.state()).isEqualTo(Picture.State.ACTIVE);
        assertThat(p.reports())
                .extracting(Picture.ReportLine::state)
                .containsExactly(Picture.State.ACTIVE, Picture.State.WINDOW_LAPSED); // gb, then us (same time, by id)
        assertThat(p.earliestStart()).contains(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(p.latestEnd()).contains(Instant.parse("2025-03-31T00:00:00Z"));
        assertThat(p.overlap().orElseThrow().start()).isEqualTo(Instant.parse("2025-03-07T00:00:00Z"));
        assertThat(p.threatConfidence().orElseThrow()).isEqualTo(new Picture.Range(60, 80, 2));
        assertThat(p.timingConfidence().orElseThrow()).isEqualTo(new Picture.Range(20, 40, 2));
        assertThat(p.notes())
                .singleElement()
                .asString()
                .contains("report--us")
                .contains("1 independent warning is still active")
                .contains("svc-gb")
                .contains("does not make a warning false");
        assertThat(p.dismissals()).hasSize(1);
        assertThat(p.summary()).contains("2 independent sources: confirmed").contains("dismissed by recipient");
    }

    @Test
    void onlyAProducersStatedReasonRetiresAndALapseIsNeverRetirement() {
        ThreatEngine e = new ThreatEngine();
        e.add(crocus("report--us", "svc-us", T).withState(ThreatReport.State.retired("averted")));
        e.add(crocus("report--gb", "svc-gb", T).withText("other words entirely"));
        String t = e.threatOf("report--us").orElseThrow();
        Instant later = Instant.parse("2025-04-01T00:00:00Z");
        assertThat(e.picture(t, later).state()).isEqualTo(Picture.State.WINDOW_LAPSED);
        assertThat(e.picture(t, later).notes()).isEmpty();
        assertThatThrownBy(() -> ThreatReport.State.retired(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
