package org.tearline.threat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.error.UnprocessableException;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.WarningExtension;
import org.tearline.stix.pattern.ComparisonExpression;
import org.tearline.stix.pattern.ComparisonOperator;
import org.tearline.stix.pattern.Constant;
import org.tearline.stix.pattern.InvalidPatternException;
import org.tearline.stix.pattern.ObservationExpression;
import org.tearline.stix.pattern.PathStep;
import org.tearline.stix.pattern.StixPattern;
import org.tearline.threat.ThreatReport.Actor;
import org.tearline.threat.ThreatReport.Dismissal;
import org.tearline.threat.ThreatReport.Indicator;
import org.tearline.threat.ThreatReport.Place;
import org.tearline.threat.ThreatReport.Provenance;
import org.tearline.threat.ThreatReport.Reference;
import org.tearline.threat.ThreatReport.Relation;
import org.tearline.threat.ThreatReport.Target;

/**
 * Builds the engine's view of a STIX 2.1 report (a warning, with Tearline's warning extension, or
 * any report) from the report and the objects it refers to, so a service can feed the engine
 * from its store.
 *
 * <ul>
 *   <li>producer: {@code created_by_ref}; the provenance, when the report was relayed, says the
 *       origin and the hops
 *   <li>window and the two confidences: the warning extension; a plain report's {@code
 *       confidence} is taken as its threat confidence
 *   <li>places: the {@code location}s it refers to, except those a threat actor is located at
 *       ({@code located-at} relationships); {@code country}, {@code administrative_area}, {@code
 *       city}, and the location's {@code name} as the venue when it names something narrower than
 *       the city
 *   <li>targets: the {@code identity}s it refers to other than its producer, with their sectors
 *   <li>actors: {@code threat-actor}s and {@code intrusion-set}s, with their aliases
 *   <li>indicators: the values compared with {@code =} or {@code ISSUBSET} in its indicators'
 *       STIX patterns (addresses, domains, URLs, e-mail addresses, file hashes)
 *   <li>techniques: {@code attack-pattern}s' {@code mitre-attack} external ids
 *   <li>references: its external references' URLs and hashes; relations: {@code derived-from}
 *       and {@code duplicate-of} relationships from it
 *   <li>state: the extension's status and retirement reason; dismissals: {@code opinion}s of
 *       disagree or strongly-disagree about it
 * </ul>
 */
public final class ThreatReports {

    private static final Set<String> ACTORS = Set.of("threat-actor", "intrusion-set");
    private static final Set<String> INDICATOR_TYPES =
            Set.of("ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr");

    private ThreatReports() {}

    /** A report not relayed by anyone (or whose provenance is not known). */
    public static ThreatReport fromStix(ObjectNode report, Map<String, ObjectNode> byId) {
        return fromStix(report, byId, Optional.empty());
    }

    /**
     * A report with the provenance the peers layer recorded for it.
     *
     * @param report the STIX report
     * @param byId the objects it refers to, and relationships and opinions about it, by id; a
     *     reference to an object absent here is left out
     * @param provenance its origin and relay hops, when it came through others
     * @throws UnprocessableException when it is not a report or has no id or publication time
     */
    public static ThreatReport fromStix(
            ObjectNode report, Map<String, ObjectNode> byId, Optional<Provenance> provenance) {
        if (!"report".equals(report.path("type").asText())) {
            throw new UnprocessableException("only a STIX report can be matched to a threat, not a '"
                    + report.path("type").asText() + "'");
        }
        String id = report.path("id").asText("");
        if (id.isEmpty()) {
            throw new UnprocessableException("the report has no id");
        }
        Instant published = time(report, "published")
                .or(() -> time(report, "created"))
                .orElseThrow(() -> new UnprocessableException("report " + id + " has no valid published time"));
        String producer = report.path("created_by_ref").asText("");
        if (producer.isEmpty()) {
            producer = provenance.map(Provenance::origin).orElse("unknown producer of " + id);
        }
        ThreatReport r = ThreatReport.of(id, producer, published);
        Optional<ObjectNode> ext = WarningExtension.of(report);
        if (ext.isPresent()) {
            Instant start =
                    WarningExtension.time(ext.get(), "threat_window_start").orElse(null);
            Instant end = WarningExtension.time(ext.get(), "threat_window_end").orElse(null);
            if (start != null || end != null) {
                if (start != null && end != null && end.isBefore(start)) {
                    throw new UnprocessableException(
                            "report " + id + ": threat_window_end " + end + " is before threat_window_start " + start);
                }
                r = r.withWindow(start, end);
            }
            r = r.withConfidences(
                    confidence(ext.get().get("threat_confidence")),
                    confidence(ext.get().get("timing_confidence")));
            if (WarningExtension.RETIRED.equals(ext.get().path("status").asText())) {
                String reason = ext.get().path("retirement_reason").asText("");
                r = r.withState(ThreatReport.State.retired(reason.isEmpty() ? "not stated" : reason));
            }
        } else {
            r = r.withConfidences(confidence(report.get("confidence")), null);
        }
        Set<String> actorHomes = new LinkedHashSet<>();
        for (ObjectNode o : byId.values()) {
            if ("relationship".equals(o.path("type").asText())
                    && "located-at".equals(o.path("relationship_type").asText())
                    && ACTORS.contains(typeOf(o.path("source_ref").asText()))) {
                actorHomes.add(o.path("target_ref").asText());
            }
        }
        List<Place> places = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        List<Actor> actors = new ArrayList<>();
        List<Indicator> indicators = new ArrayList<>();
        List<String> attack = new ArrayList<>();
        for (JsonNode ref : report.path("object_refs")) {
            ObjectNode o = byId.get(ref.asText());
            if (o == null) {
                continue;
            }
            switch (o.path("type").asText()) {
                case "location" -> {
                    if (!actorHomes.contains(ref.asText())) {
                        place(o).ifPresent(places::add);
                    }
                }
                case "identity" -> {
                    if (!ref.asText().equals(report.path("created_by_ref").asText())) {
                        targets.add(new Target(ref.asText(), text(o, "name"), strings(o.path("sectors"))));
                    }
                }
                case "threat-actor", "intrusion-set" ->
                    actors.add(new Actor(ref.asText(), text(o, "name"), strings(o.path("aliases"))));
                case "indicator" -> indicators.addAll(indicators(o));
                case "attack-pattern" -> {
                    for (JsonNode x : o.path("external_references")) {
                        if ("mitre-attack".equals(x.path("source_name").asText()) && x.hasNonNull("external_id")) {
                            attack.add(x.path("external_id").asText());
                        }
                    }
                }
                default -> {
                    // other objects (notes, observed data, ...) say nothing the matching weighs
                }
            }
        }
        List<Reference> references = new ArrayList<>();
        for (JsonNode x : report.path("external_references")) {
            String url = text(x, "url");
            String hash = null;
            var names = x.path("hashes").fieldNames();
            if (names.hasNext()) {
                String alg = names.next();
                hash = alg.toLowerCase(Locale.ROOT) + ":"
                        + x.path("hashes").path(alg).asText();
            }
            if (url != null || hash != null) {
                references.add(new Reference(url, hash));
            }
        }
        List<Relation> relations = new ArrayList<>();
        List<Dismissal> dismissals = new ArrayList<>();
        for (ObjectNode o : byId.values()) {
            String type = o.path("type").asText();
            if ("relationship".equals(type) && id.equals(o.path("source_ref").asText())) {
                String rt = o.path("relationship_type").asText();
                if (rt.equals("derived-from") || rt.equals("duplicate-of")) {
                    relations.add(new Relation(rt, o.path("target_ref").asText()));
                }
            }
            if ("opinion".equals(type) && refersTo(o, id)) {
                String opinion = o.path("opinion").asText();
                if (opinion.equals("disagree") || opinion.equals("strongly-disagree")) {
                    dismissals.add(new Dismissal(
                            o.path("created_by_ref").asText("unknown"),
                            time(o, "created").orElse(published),
                            opinion,
                            text(o, "explanation")));
                }
            }
        }
        String text = String.join("\n", nonNull(text(report, "name"), text(report, "description")));
        r = r.withPlaces(places)
                .withTargets(targets)
                .withActors(actors)
                .withIndicators(indicators)
                .withAttackIds(attack)
                .withText(text)
                .withReferences(references)
                .withRelations(relations)
                .withDismissals(dismissals);
        if (provenance.isPresent()) {
            r = r.withProvenance(provenance.get());
        }
        return r;
    }

    private static boolean refersTo(ObjectNode o, String id) {
        for (JsonNode x : o.path("object_refs")) {
            if (id.equals(x.asText())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Place> place(ObjectNode o) {
        String country = text(o, "country");
        String region = text(o, "administrative_area");
        String city = text(o, "city");
        String name = text(o, "name");
        String venue = null;
        if (name != null
                && (city != null || text(o, "street_address") != null)
                && !Names.fold(name).equals(Names.fold(city))) {
            venue = name;
        } else if (name != null && city == null && region == null && country == null) {
            // A location with only a name: most often a city ("Moscow"), so it is taken as one.
            city = name;
        }
        if (country == null && region == null && city == null && venue == null) {
            return Optional.empty();
        }
        return Optional.of(new Place(country, region, city, venue));
    }

    /** The values an indicator's pattern tests for equality or membership of an IP block. */
    static List<Indicator> indicators(ObjectNode indicator) {
        List<Indicator> out = new ArrayList<>();
        if (!"stix".equals(indicator.path("pattern_type").asText("stix"))) {
            return out;
        }
        StixPattern p;
        try {
            p = StixPattern.parse(indicator.path("pattern").asText(""));
        } catch (InvalidPatternException e) {
            // An invalid pattern was refused on the way in; one here contributes no indicator.
            return out;
        }
        collect(p.expression(), out);
        return out;
    }

    private static void collect(ObservationExpression e, List<Indicator> out) {
        if (e instanceof ObservationExpression.Observation o) {
            collect(o.comparison(), out);
        } else if (e instanceof ObservationExpression.Composite c) {
            c.operands().forEach(x -> collect(x, out));
        } else if (e instanceof ObservationExpression.Qualified q) {
            collect(q.expression(), out);
        }
    }

    private static void collect(ComparisonExpression e, List<Indicator> out) {
        if (e instanceof ComparisonExpression.Composite c) {
            c.operands().forEach(x -> collect(x, out));
            return;
        }
        if (!(e instanceof ComparisonExpression.Comparison c) || c.negated()) {
            return;
        }
        boolean equal = c.operator() == ComparisonOperator.EQUAL;
        boolean subset = c.operator() == ComparisonOperator.ISSUBSET;
        if (!(c.constant() instanceof Constant.StringConstant s) || !(equal || subset)) {
            return;
        }
        String type = c.path().objectType();
        String property = c.path().property();
        if (INDICATOR_TYPES.contains(type) && property.equals("value")) {
            out.add(new Indicator(type, s.value()));
        } else if (type.equals("file")
                && property.equals("hashes")
                && equal
                && c.path().steps().size() == 2
                && c.path().steps().get(1) instanceof PathStep.Property alg) {
            out.add(new Indicator("file:hashes." + alg.name().toLowerCase(Locale.ROOT), s.value()));
        }
    }

    private static Integer confidence(JsonNode v) {
        return v != null && v.isIntegralNumber() && v.asInt() >= 0 && v.asInt() <= 100 ? v.asInt() : null;
    }

    private static Optional<Instant> time(JsonNode o, String property) {
        JsonNode v = o.get(property);
        return v != null && v.isTextual() ? StixTimestamp.parse(v.asText()) : Optional.empty();
    }

    private static String text(JsonNode o, String property) {
        JsonNode v = o.get(property);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : array) {
            if (x.isTextual()) {
                out.add(x.asText());
            }
        }
        return out;
    }

    private static List<String> nonNull(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static String typeOf(String id) {
        int i = id.indexOf("--");
        return i < 0 ? "" : id.substring(0, i);
    }
}
