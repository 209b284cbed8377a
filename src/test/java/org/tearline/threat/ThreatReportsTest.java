package org.tearline.threat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tearline.error.UnprocessableException;
import org.tearline.stix.StixJson;
import org.tearline.stix.WarningExtension;
import org.tearline.threat.ThreatReport.Provenance;

class ThreatReportsTest {

    private static final String REPORT = "report--6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) StixJson.mapper().readTree(text);
    }

    private static Map<String, ObjectNode> objects() throws Exception {
        Map<String, ObjectNode> m = new LinkedHashMap<>();
        for (String o : List.of(
                "{\"type\":\"location\",\"id\":\"location--1\",\"name\":\"Crocus City Hall\",\"city\":\"Krasnogorsk\","
                        + "\"administrative_area\":\"Moscow Oblast\",\"country\":\"RU\"}",
                "{\"type\":\"location\",\"id\":\"location--home\",\"country\":\"AF\"}",
                "{\"type\":\"identity\",\"id\":\"identity--producer\",\"name\":\"Service\"}",
                "{\"type\":\"identity\",\"id\":\"identity--venue\",\"name\":\"Crocus City Hall\",\"sectors\":[\"entertainment\"]}",
                "{\"type\":\"threat-actor\",\"id\":\"threat-actor--iskp\",\"name\":\"ISKP\",\"aliases\":[\"ISIS-K\"]}",
                "{\"type\":\"relationship\",\"id\":\"relationship--1\",\"relationship_type\":\"located-at\","
                        + "\"source_ref\":\"threat-actor--iskp\",\"target_ref\":\"location--home\"}",
                "{\"type\":\"indicator\",\"id\":\"indicator--1\",\"pattern_type\":\"stix\",\"pattern\":"
                        + "\"[ipv4-addr:value ISSUBSET '198.51.100.0/24'] OR [file:hashes.'SHA-256' = 'AB12'] OR"
                        + " [domain-name:value != 'x.example']\"}",
                "{\"type\":\"attack-pattern\",\"id\":\"attack-pattern--1\",\"external_references\":"
                        + "[{\"source_name\":\"mitre-attack\",\"external_id\":\"T1190\"}]}",
                "{\"type\":\"relationship\",\"id\":\"relationship--2\",\"relationship_type\":\"derived-from\","
                        + "\"source_ref\":\"" + REPORT + "\",\"target_ref\":\"report--original\"}",
                "{\"type\":\"opinion\",\"id\":\"opinion--1\",\"created_by_ref\":\"identity--recipient\","
                        + "\"created\":\"2025-03-10T00:00:00.000Z\",\"opinion\":\"strongly-disagree\","
                        + "\"explanation\":\"general\",\"object_refs\":[\"" + REPORT + "\"]}")) {
            ObjectNode n = json(o);
            m.put(n.path("id").asText(), n);
        }
        return m;
    }

    private static ObjectNode warning() throws Exception {
        return json("{\"type\":\"report\",\"spec_version\":\"2.1\",\"id\":\"" + REPORT + "\","
                + "\"created_by_ref\":\"identity--producer\",\"published\":\"2025-03-06T10:00:00.000Z\","
                + "\"name\":\"Warning: Crocus\",\"description\":\"An attack is planned.\","
                + "\"external_references\":[{\"source_name\":\"embassy\",\"url\":\"https://example.org/alert\"}],"
                + "\"object_refs\":[\"location--1\",\"location--home\",\"identity--producer\",\"identity--venue\","
                + "\"threat-actor--iskp\",\"indicator--1\",\"attack-pattern--1\",\"note--absent\"],"
                + "\"extensions\":{\"" + WarningExtension.ID + "\":{\"extension_type\":\"property-extension\","
                + "\"threat_window_start\":\"2025-03-07T00:00:00.000Z\",\"threat_window_end\":\"2025-03-09T00:00:00.000Z\","
                + "\"threat_confidence\":85,\"timing_confidence\":40,\"urgency\":\"immediate\",\"status\":\"retired\","
                + "\"retirement_reason\":\"occurred\"}}}");
    }

    @Test
    void aWarningAndWhatItRefersToBecomeTheEnginesReport() throws Exception {
        ThreatReport r = ThreatReports.fromStix(
                warning(),
                objects(),
                Optional.of(new Provenance("identity--origin", "report--original", List.of("peer-a"))));
        assertThat(r.producer()).isEqualTo("identity--producer");
        assertThat(r.origin()).isEqualTo("identity--origin");
        assertThat(r.published()).isEqualTo(Instant.parse("2025-03-06T10:00:00Z"));
        assertThat(r.window().orElseThrow().end()).isEqualTo(Instant.parse("2025-03-09T00:00:00Z"));
        assertThat(r.threatConfidence()).contains(85);
        assertThat(r.timingConfidence()).contains(40);
        assertThat(r.places())
                .containsExactly(new ThreatReport.Place("RU", "Moscow Oblast", "Krasnogorsk", "Crocus City Hall"));
        assertThat(r.targets()).extracting(ThreatReport.Target::id).containsExactly("identity--venue");
        assertThat(r.actors()).extracting(ThreatReport.Actor::aliases).containsExactly(List.of("ISIS-K"));
        assertThat(r.indicators())
                .containsExactly(
                        new ThreatReport.Indicator("ipv4-addr", "198.51.100.0/24"),
                        new ThreatReport.Indicator("file:hashes.sha-256", "AB12"));
        assertThat(r.attackIds()).containsExactly("T1190");
        assertThat(r.references()).extracting(ThreatReport.Reference::url).containsExactly("https://example.org/alert");
        assertThat(r.relations()).containsExactly(new ThreatReport.Relation("derived-from", "report--original"));
        assertThat(r.state()).isEqualTo(ThreatReport.State.retired("occurred"));
        assertThat(r.dismissals()).extracting(ThreatReport.Dismissal::kind).containsExactly("strongly-disagree");
        assertThat(r.text()).contains("Warning: Crocus").contains("An attack is planned.");
    }

    @Test
    void aPlainReportTakesItsConfidenceAsTheThreatsAndOnlyReportsAreTaken() throws Exception {
        ObjectNode plain = json("{\"type\":\"report\",\"id\":\"report--p\",\"published\":\"2025-01-01T00:00:00Z\","
                + "\"confidence\":70,\"object_refs\":[]}");
        ThreatReport r = ThreatReports.fromStix(plain, Map.of());
        assertThat(r.threatConfidence()).contains(70);
        assertThat(r.timingConfidence()).isEmpty();
        assertThat(r.producer()).contains("report--p");
        assertThatThrownBy(() ->
                        ThreatReports.fromStix(json("{\"type\":\"indicator\",\"id\":\"indicator--x\"}"), Map.of()))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("indicator");
        assertThatThrownBy(() -> ThreatReports.fromStix(json("{\"type\":\"report\",\"id\":\"report--x\"}"), Map.of()))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("report--x");
    }
}
