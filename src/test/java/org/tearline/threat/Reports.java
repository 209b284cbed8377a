package org.tearline.threat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tearline.threat.ThreatReport.Actor;
import org.tearline.threat.ThreatReport.Indicator;
import org.tearline.threat.ThreatReport.Place;
import org.tearline.threat.ThreatReport.Provenance;
import org.tearline.threat.ThreatReport.Reference;
import org.tearline.threat.ThreatReport.Relation;
import org.tearline.threat.ThreatReport.Target;

/** Reads the compact JSON form of a report the labelled set is written in. */
final class Reports {

    private Reports() {}

    static ThreatReport fromJson(JsonNode j) {
        ThreatReport r = ThreatReport.of(
                j.path("id").asText(),
                j.path("producer").asText(),
                Instant.parse(j.path("published").asText()));
        if (j.has("window")) {
            r = r.withWindow(
                    Instant.parse(j.path("window").get(0).asText()),
                    Instant.parse(j.path("window").get(1).asText()));
        }
        r = r.withConfidences(
                j.has("threat_confidence") ? j.path("threat_confidence").asInt() : null,
                j.has("timing_confidence") ? j.path("timing_confidence").asInt() : null);
        r = r.withPlaces(list(
                j.path("places"),
                p -> new Place(text(p, "country"), text(p, "region"), text(p, "city"), text(p, "venue"))));
        r = r.withTargets(
                list(j.path("targets"), t -> new Target(text(t, "id"), text(t, "name"), strings(t.path("sectors")))));
        r = r.withActors(
                list(j.path("actors"), a -> new Actor(text(a, "id"), text(a, "name"), strings(a.path("aliases")))));
        r = r.withIndicators(list(
                j.path("indicators"),
                i -> new Indicator(i.path("type").asText(), i.path("value").asText())));
        r = r.withAttackIds(strings(j.path("attack")));
        r = r.withText(j.path("text").asText(""));
        r = r.withReferences(list(j.path("references"), x -> new Reference(text(x, "url"), text(x, "hash"))));
        r = r.withRelations(list(
                j.path("relations"),
                x -> new Relation(x.path("type").asText(), x.path("target").asText())));
        if (j.has("provenance")) {
            JsonNode p = j.path("provenance");
            r = r.withProvenance(new Provenance(p.path("origin").asText(), text(p, "report"), strings(p.path("hops"))));
        }
        return r;
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> f) {
        List<T> out = new ArrayList<>();
        array.forEach(x -> out.add(f.apply(x)));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
