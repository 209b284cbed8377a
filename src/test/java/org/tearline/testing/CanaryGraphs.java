package org.tearline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.tearline.release.Markings;
import org.tearline.stix.StixJson;
import org.tearline.stix.Tlp;

/**
 * Random STIX object graphs for leak tests, built from small, shrinkable specs. Every free-text
 * value carries a unique canary ({@code canary00042}), every timestamp that is not a created or
 * modified time is unique to the second, and numbers are chosen so that generalising them always
 * changes them: whatever a policy protects can then be looked for, byte for byte, in a view.
 */
public final class CanaryGraphs {

    /** A producer's own marking, listed by id in policies; its definition is in the sources. */
    public static final String CUSTOM_MARKING = "marking-definition--3f1c9a52-7b0e-4d61-9a8f-2c5e6d7b8a90";

    /** Every marking a generated object may carry: TLP 1.0, TLP 2.0, Tearline's, a custom one. */
    public static final List<String> MARKINGS = markings();

    /** The canary pattern: "canary" and five digits, always lower case. */
    public static final java.util.regex.Pattern CANARY = java.util.regex.Pattern.compile("canary\\d{5}");

    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant MODIFIED = Instant.parse("2025-01-02T00:00:00Z");
    private static final Instant BASE = Instant.parse("2025-02-03T04:05:06Z");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final String[] RELATIONSHIP_TYPES = {
        "related-to", "targets", "uses", "indicates", "attributed-to", "located-at"
    };

    private CanaryGraphs() {}

    private static List<String> markings() {
        List<String> m = new ArrayList<>();
        for (Tlp t : Tlp.values()) {
            t.tlp1Id().ifPresent(m::add);
        }
        for (Tlp t : Tlp.values()) {
            m.add(t.tlp2Id());
        }
        m.add(Markings.SOURCE_PROTECTED_ID);
        m.add(Markings.METHOD_PROTECTED_ID);
        m.add(CUSTOM_MARKING);
        return List.copyOf(m);
    }

    /** The kinds of object generated. */
    public enum Kind {
        IDENTITY("identity"),
        THREAT_ACTOR("threat-actor"),
        INDICATOR("indicator"),
        LOCATION("location"),
        MALWARE("malware"),
        ATTACK_PATTERN("attack-pattern"),
        RELATIONSHIP("relationship"),
        SIGHTING("sighting"),
        REPORT("report"),
        GROUPING("grouping"),
        NOTE("note"),
        OBSERVED_DATA("observed-data"),
        FILE("file"),
        IPV4("ipv4-addr"),
        LANGUAGE_CONTENT("language-content"),
        EXTENSION_DEFINITION("extension-definition");

        public final String type;

        Kind(String type) {
            this.type = type;
        }

        boolean sco() {
            return this == FILE || this == IPV4;
        }

        boolean sro() {
            return this == RELATIONSHIP || this == SIGHTING;
        }

        /** Translations and extension definitions: no relationship or sighting ends there. */
        boolean meta() {
            return this == LANGUAGE_CONTENT || this == EXTENSION_DEFINITION;
        }
    }

    /** A granular marking: which marking (index into {@link #MARKINGS}) on which selectable path. */
    public record Granular(int marking, int selector) {}

    /**
     * One object, as small numbers that shrink well.
     *
     * @param markings object-level markings, indexes into {@link #MARKINGS} (at most one TLP kept)
     * @param refs     references, resolved modulo the eligible targets
     * @param creator  index of the identity that created it, negative for none
     * @param variant  bits choosing optional properties; 0 is the smallest valid object
     */
    public record ObjectSpec(
            Kind kind, List<Integer> markings, List<Granular> granular, List<Integer> refs, int creator, int variant) {

        public ObjectSpec {
            markings = List.copyOf(markings);
            granular = List.copyOf(granular);
            refs = List.copyOf(refs);
        }

        boolean bit(int i) {
            return (variant & (1 << i)) != 0;
        }
    }

    /** Objects built from specs, and where every canary was put. */
    public record Graph(List<ObjectNode> objects, long salt) {

        /** The objects as JSON, one per line, for failure reports. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            objects.forEach(o -> b.append(o).append('\n'));
            return b.toString();
        }
    }

    /** Random specs, for tests that want a fixed graph from a seed rather than from jqwik. */
    public static List<ObjectSpec> randomSpecs(Random r, int n) {
        List<ObjectSpec> out = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (int i = 0; i < n; i++) {
            Kind k = r.nextInt(4) == 0 ? Kind.RELATIONSHIP : kinds[r.nextInt(kinds.length)];
            List<Integer> m = new ArrayList<>();
            for (int j = r.nextInt(3); j > 0; j--) {
                m.add(r.nextInt(MARKINGS.size()));
            }
            List<Granular> g = new ArrayList<>();
            for (int j = r.nextInt(4); j > 0; j--) {
                g.add(new Granular(r.nextInt(MARKINGS.size()), r.nextInt(64)));
            }
            List<Integer> refs = new ArrayList<>();
            for (int j = 1 + r.nextInt(4); j > 0; j--) {
                refs.add(r.nextInt(1000));
            }
            out.add(new ObjectSpec(k, m, g, refs, r.nextInt(3) == 0 ? -1 : r.nextInt(1000), r.nextInt(1 << 11)));
        }
        return out;
    }

    /**
     * Builds the objects of a graph. Objects that cannot be built (a relationship with nothing to
     * point at) are left out, so every spec list gives a valid graph.
     *
     * @param salt            makes ids differ between graphs
     * @param customCreator   when true, the custom marking's definition names an identity of the
     *                        graph as its creator
     */
    public static Graph build(List<ObjectSpec> specs, long salt, boolean customCreator) {
        return build(specs, salt, customCreator, 0);
    }

    /**
     * Builds a graph whose canaries and timestamps start further on, so that two graphs in one
     * store share none.
     */
    public static Graph build(List<ObjectSpec> specs, long salt, boolean customCreator, int offset) {
        Builder b = new Builder(specs, salt);
        b.canary = offset;
        b.tick = offset;
        return b.build(customCreator);
    }

    /** A fresh version of an object: later modified, and every canary replaced by a new one. */
    public static ObjectNode newVersion(ObjectNode object, String modified, int firstCanary) {
        String text = object.toString();
        java.util.regex.Matcher m = CANARY.matcher(text);
        StringBuilder b = new StringBuilder();
        int n = firstCanary;
        while (m.find()) {
            m.appendReplacement(b, String.format("canary%05d", n++));
        }
        m.appendTail(b);
        ObjectNode copy = (ObjectNode) parse(b.toString());
        if (copy.has("modified")) {
            copy.put("modified", modified);
        }
        return copy;
    }

    /** Parses JSON text. */
    public static JsonNode parse(String json) {
        try {
            return StixJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Builder {
        private final List<ObjectSpec> specs;
        private final long salt;
        private final List<String> ids = new ArrayList<>();
        private int canary;
        private int tick;

        Builder(List<ObjectSpec> specs, long salt) {
            this.specs = specs;
            this.salt = salt;
        }

        Graph build(boolean customCreator) {
            for (int i = 0; i < specs.size(); i++) {
                ids.add(specs.get(i).kind().type + "--"
                        + UUID.nameUUIDFromBytes((salt + "/" + i).getBytes(StandardCharsets.UTF_8)));
            }
            boolean[] present = presence();
            // Translations last: they copy what they translate.
            ObjectNode[] built = new ObjectNode[specs.size()];
            for (int i = 0; i < specs.size(); i++) {
                if (present[i] && specs.get(i).kind() != Kind.LANGUAGE_CONTENT) {
                    built[i] = object(i, present, built);
                }
            }
            for (int i = 0; i < specs.size(); i++) {
                if (present[i] && specs.get(i).kind() == Kind.LANGUAGE_CONTENT) {
                    built[i] = object(i, present, built);
                }
            }
            List<ObjectNode> out = new ArrayList<>();
            for (ObjectNode o : built) {
                if (o != null) {
                    out.add(o);
                }
            }
            ObjectNode custom = StixJson.mapper().createObjectNode();
            custom.put("type", "marking-definition");
            custom.put("spec_version", "2.1");
            custom.put("id", CUSTOM_MARKING);
            custom.put("created", stamp(CREATED));
            List<Integer> identities = eligible(present, -1, k -> k == Kind.IDENTITY);
            if (customCreator && !identities.isEmpty()) {
                custom.put("created_by_ref", ids.get(identities.get(0)));
            }
            if ((salt & 1) == 1) {
                // A definition may itself be marked; the marking's definition must then be
                // published too.
                custom.putArray("object_marking_refs").add(Tlp.GREEN.tlp2Id());
            }
            custom.put("name", "Producer caveat");
            custom.put("definition_type", "statement");
            custom.putObject("definition").put("statement", "Handle according to the producer's agreement.");
            out.add(custom);
            return new Graph(out, salt);
        }

        /** Which specs can be built: those whose required references have somewhere to go. */
        private boolean[] presence() {
            boolean[] present = new boolean[specs.size()];
            boolean anySco = false;
            boolean anyOther = false;
            for (int i = 0; i < specs.size(); i++) {
                Kind k = specs.get(i).kind();
                present[i] = !k.sro() && !isContainer(k) && k != Kind.OBSERVED_DATA && !k.meta();
                anySco |= k.sco();
                anyOther |= present[i];
            }
            boolean anySdo = false;
            boolean anyEntity = false;
            for (int i = 0; i < specs.size(); i++) {
                Kind k = specs.get(i).kind();
                if (k == Kind.OBSERVED_DATA) {
                    present[i] = anySco;
                } else if (isContainer(k)) {
                    present[i] = anyOther;
                }
                anySdo |= present[i] && !k.sco();
                anyEntity |= present[i];
            }
            for (int i = 0; i < specs.size(); i++) {
                Kind k = specs.get(i).kind();
                if (k == Kind.RELATIONSHIP) {
                    present[i] = anyEntity;
                } else if (k == Kind.SIGHTING) {
                    present[i] = anySdo;
                }
            }
            boolean anyIdentity = false;
            for (int i = 0; i < specs.size(); i++) {
                anyIdentity |= present[i] && specs.get(i).kind() == Kind.IDENTITY;
            }
            boolean anyTarget = false;
            for (int i = 0; i < specs.size(); i++) {
                if (specs.get(i).kind() == Kind.EXTENSION_DEFINITION) {
                    present[i] = anyIdentity;
                }
                anyTarget |= present[i];
            }
            for (int i = 0; i < specs.size(); i++) {
                if (specs.get(i).kind() == Kind.LANGUAGE_CONTENT) {
                    present[i] = anyTarget;
                }
            }
            return present;
        }

        private static boolean isContainer(Kind k) {
            return k == Kind.REPORT || k == Kind.GROUPING || k == Kind.NOTE;
        }

        private List<Integer> eligible(boolean[] present, int self, java.util.function.Predicate<Kind> ok) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                if (present[i] && i != self && ok.test(specs.get(i).kind())) {
                    out.add(i);
                }
            }
            return out;
        }

        private String pick(List<Integer> candidates, int choice) {
            return ids.get(candidates.get(Math.floorMod(choice, candidates.size())));
        }

        private int ref(ObjectSpec s, int i) {
            return i < s.refs().size() ? s.refs().get(i) : i;
        }

        private String text(String what) {
            return what + " " + String.format("canary%05d", canary++);
        }

        private Instant nextTime() {
            int k = tick++;
            return BASE.plus(k, ChronoUnit.DAYS)
                    .plus(k * 7L + 3, ChronoUnit.MINUTES)
                    .plusSeconds(k % 50 + 1)
                    .plusMillis(k % 800 + 101);
        }

        private int nextNumber() {
            return tick++;
        }

        private ObjectNode object(int i, boolean[] present, ObjectNode[] built) {
            ObjectSpec s = specs.get(i);
            Kind k = s.kind();
            ObjectNode o = StixJson.mapper().createObjectNode();
            o.put("type", k.type);
            o.put("spec_version", "2.1");
            o.put("id", ids.get(i));
            if (!k.sco()) {
                o.put("created", stamp(CREATED));
                o.put("modified", stamp(MODIFIED));
                List<Integer> identities = eligible(present, i, x -> x == Kind.IDENTITY);
                if (s.creator() >= 0 && !identities.isEmpty()) {
                    o.put("created_by_ref", pick(identities, s.creator()));
                }
            }
            switch (k) {
                case IDENTITY -> {
                    o.put("name", text("name"));
                    o.put("identity_class", s.bit(5) ? "individual" : "organization");
                    if (s.bit(6)) {
                        o.put("contact_information", text("contact"));
                    }
                    if (s.bit(7)) {
                        list(o, "roles", 2);
                    }
                }
                case THREAT_ACTOR -> {
                    o.put("name", text("name"));
                    if (s.bit(5)) {
                        list(o, "aliases", 3);
                    }
                    if (s.bit(6)) {
                        seen(o, "first_seen", "last_seen");
                    }
                    if (s.bit(7)) {
                        list(o, "goals", 2);
                    }
                    if (s.bit(8)) {
                        o.put("x_score", 10 * nextNumber() + 3);
                    }
                }
                case INDICATOR -> {
                    o.put("name", text("name"));
                    o.put("pattern", "[file:name = '" + String.format("canary%05d", canary++) + ".exe']");
                    o.put("pattern_type", "stix");
                    Instant from = nextTime();
                    o.put("valid_from", stamp(from));
                    if (s.bit(6)) {
                        phases(o);
                    }
                    if (s.bit(7)) {
                        o.put(
                                "valid_until",
                                stamp(from.plus(400, ChronoUnit.DAYS).plusMillis(7)));
                    }
                }
                case LOCATION -> {
                    o.put("name", text("place"));
                    if (s.bit(5)) {
                        o.put("city", text("city"));
                    }
                    if (s.bit(6)) {
                        o.put("administrative_area", text("area"));
                    }
                    o.put("country", "ZZ");
                    if (s.bit(7)) {
                        o.put("street_address", text("street"));
                    }
                    if (s.bit(8)) {
                        o.put("postal_code", text("postcode"));
                    }
                    if (s.bit(9)) {
                        int n = nextNumber();
                        o.put("latitude", 10.0123 + (n % 700) * 0.1);
                        o.put("longitude", -20.0457 - (n % 700) * 0.1);
                    }
                }
                case MALWARE -> {
                    o.put("name", text("name"));
                    o.put("is_family", s.bit(5));
                    if (s.bit(6)) {
                        list(o, "aliases", 2);
                    }
                    if (s.bit(7)) {
                        seen(o, "first_seen", "last_seen");
                    }
                    if (s.bit(8)) {
                        phases(o);
                    }
                }
                case ATTACK_PATTERN -> {
                    o.put("name", text("name"));
                    if (s.bit(5)) {
                        list(o, "aliases", 2);
                    }
                    if (s.bit(6)) {
                        phases(o);
                    }
                }
                case RELATIONSHIP -> {
                    List<Integer> ends = eligible(present, i, x -> !x.sro() && !x.meta());
                    o.put(
                            "relationship_type",
                            RELATIONSHIP_TYPES[Math.floorMod(s.variant() >> 5, RELATIONSHIP_TYPES.length)]);
                    o.put("source_ref", pick(ends, ref(s, 0)));
                    o.put("target_ref", pick(ends, ref(s, 1)));
                    if (s.bit(8)) {
                        seen(o, "start_time", "stop_time");
                    }
                }
                case SIGHTING -> {
                    o.put(
                            "sighting_of_ref",
                            pick(eligible(present, i, x -> !x.sro() && !x.sco() && !x.meta()), ref(s, 0)));
                    List<Integer> where = eligible(present, i, x -> x == Kind.IDENTITY || x == Kind.LOCATION);
                    if (s.refs().size() > 1 && !where.isEmpty()) {
                        o.putArray("where_sighted_refs").add(pick(where, ref(s, 1)));
                    }
                    if (s.bit(5)) {
                        o.put("count", 1000 * nextNumber() + 7);
                    }
                    if (s.bit(6)) {
                        seen(o, "first_seen", "last_seen");
                    }
                    if (s.bit(7)) {
                        o.put("summary", true);
                    }
                }
                case REPORT -> {
                    o.put("name", text("name"));
                    o.put("published", stamp(nextTime()));
                    members(o, s, i, present);
                    if (s.bit(5)) {
                        o.putArray("report_types").add("threat-report");
                    }
                }
                case GROUPING -> {
                    o.put("name", text("name"));
                    o.put("context", "suspicious-activity");
                    members(o, s, i, present);
                }
                case NOTE -> {
                    if (s.bit(5)) {
                        o.put("abstract", text("abstract"));
                    }
                    o.put("content", text("content"));
                    if (s.bit(6)) {
                        list(o, "authors", 2);
                    }
                    members(o, s, i, present);
                }
                case OBSERVED_DATA -> {
                    seen(o, "first_observed", "last_observed");
                    o.put("number_observed", 100 * nextNumber() + 13);
                    List<Integer> scos = eligible(present, i, Kind::sco);
                    Set<String> refs = new LinkedHashSet<>();
                    for (int r = 0; r < Math.max(1, s.refs().size()); r++) {
                        refs.add(pick(scos, ref(s, r)));
                    }
                    ArrayNode list = o.putArray("object_refs");
                    refs.forEach(list::add);
                }
                case FILE -> {
                    o.put("name", String.format("canary%05d", canary++) + ".bin");
                    if (s.bit(5)) {
                        o.put("size", 4096 * nextNumber() + 5);
                    }
                }
                case IPV4 -> {
                    int n = Math.floorMod(ids.get(i).hashCode(), 1 << 24);
                    o.put("value", "10." + (n >> 16) + "." + ((n >> 8) & 255) + "." + (n & 255));
                }
                case LANGUAGE_CONTENT -> {
                    List<Integer> targets = eligible(present, i, x -> x != Kind.LANGUAGE_CONTENT);
                    int t = targets.get(Math.floorMod(ref(s, 0), targets.size()));
                    ObjectNode target = built[t];
                    o.put("object_ref", ids.get(t));
                    if (target.has("modified")) {
                        o.put("object_modified", target.get("modified").asText());
                    }
                    ObjectNode contents = o.putObject("contents");
                    translate(target, contents.putObject("fr"), "fr", s.variant());
                    if (s.bit(5)) {
                        translate(target, contents.putObject("de"), "de", s.variant() >> 3);
                    }
                }
                case EXTENSION_DEFINITION -> {
                    o.put(
                            "created_by_ref",
                            pick(eligible(present, i, x -> x == Kind.IDENTITY), Math.max(0, s.creator())));
                    o.put("name", text("name"));
                    if (s.bit(0)) {
                        o.put("description", text("description"));
                    }
                    o.put("schema", "https://example.org/schemas/" + i + ".json");
                    o.put("version", "1.0.0");
                    o.putArray("extension_types").add("property-extension");
                }
                default -> throw new IllegalStateException(k.name());
            }
            if (!k.sco() && !k.meta()) {
                common(o, s);
                List<Integer> definitions = eligible(present, i, x -> x == Kind.EXTENSION_DEFINITION);
                if (s.bit(10) && !definitions.isEmpty()) {
                    ObjectNode ext = o.putObject("extensions").putObject(pick(definitions, ref(s, 2)));
                    ext.put("extension_type", "property-extension");
                    ext.put("x_handling", text("handling"));
                }
            }
            markings(o, s);
            return o;
        }

        /**
         * A translation of some of the target's text properties: each translated value mirrors
         * the original (lists and objects alike) and keeps its canaries, so a translation of
         * protected text carries protected canaries. A target without text gets a translation
         * of a property it does not have.
         */
        private void translate(ObjectNode target, ObjectNode into, String lang, int choice) {
            int j = 0;
            Iterator<Map.Entry<String, JsonNode>> it = target.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (NOT_TRANSLATED.contains(name)
                        || name.endsWith("_ref")
                        || name.endsWith("_refs")
                        || !onlyText(e.getValue())
                        || !CANARY.matcher(e.getValue().toString()).find()) {
                    continue;
                }
                if (j == 0 || ((choice >> (j % 5)) & 1) == 1) {
                    into.set(name, mirror(e.getValue(), lang));
                }
                j++;
            }
            if (into.isEmpty()) {
                into.put("x_missing", text(lang));
            }
        }

        /** Properties every SDO and SRO may have. */
        private void common(ObjectNode o, ObjectSpec s) {
            if (s.bit(0)) {
                o.put("description", text("description"));
            }
            if (s.bit(1)) {
                list(o, "labels", 3);
            }
            if (s.bit(2)) {
                ArrayNode refs = o.putArray("external_references");
                for (int r = 0; r < 2; r++) {
                    ObjectNode e = refs.addObject();
                    e.put("source_name", text("source"));
                    e.put("description", text("reference"));
                    e.put("external_id", text("ref"));
                }
            }
            if (s.bit(3)) {
                int n = nextNumber() % 9 + 1;
                o.put("confidence", 10 * n + n);
            }
            if (s.bit(4)) {
                o.put("x_remark", text("remark"));
            }
        }

        private void list(ObjectNode o, String property, int n) {
            ArrayNode a = o.putArray(property);
            for (int j = 0; j < n; j++) {
                a.add(text(property));
            }
        }

        private void seen(ObjectNode o, String first, String last) {
            Instant t = nextTime();
            o.put(first, stamp(t));
            o.put(last, stamp(t.plus(3, ChronoUnit.HOURS).plusSeconds(17)));
        }

        private void phases(ObjectNode o) {
            ArrayNode a = o.putArray("kill_chain_phases");
            ObjectNode p = a.addObject();
            p.put("kill_chain_name", "mitre-attack");
            p.put("phase_name", "phase-" + String.format("canary%05d", canary++));
        }

        private void members(ObjectNode o, ObjectSpec s, int i, boolean[] present) {
            List<Integer> any = eligible(present, i, x -> true);
            Set<String> refs = new LinkedHashSet<>();
            for (int r = 0; r < Math.max(1, s.refs().size()); r++) {
                refs.add(pick(any, ref(s, r)));
            }
            ArrayNode list = o.putArray("object_refs");
            refs.forEach(list::add);
        }

        private void markings(ObjectNode o, ObjectSpec s) {
            Set<String> refs = new LinkedHashSet<>();
            boolean tlp = false;
            for (int m : s.markings()) {
                String id = MARKINGS.get(Math.floorMod(m, MARKINGS.size()));
                boolean isTlp = Tlp.ofMarkingId(id).isPresent();
                if (isTlp && tlp) {
                    continue;
                }
                tlp |= isTlp;
                refs.add(id);
            }
            List<String> selectable = selectable(o);
            ArrayNode granular = StixJson.mapper().createArrayNode();
            for (Granular g : s.granular()) {
                if (selectable.isEmpty()) {
                    break;
                }
                ObjectNode gm = granular.addObject();
                gm.put("marking_ref", MARKINGS.get(Math.floorMod(g.marking(), MARKINGS.size())));
                gm.putArray("selectors").add(selectable.get(Math.floorMod(g.selector(), selectable.size())));
            }
            if (!refs.isEmpty()) {
                ArrayNode a = o.putArray("object_marking_refs");
                refs.forEach(a::add);
            }
            if (!granular.isEmpty()) {
                o.set("granular_markings", granular);
            }
        }
    }

    private static final Set<String> NOT_TRANSLATED = Set.of(
            "type",
            "spec_version",
            "id",
            "created",
            "modified",
            "revoked",
            "object_marking_refs",
            "granular_markings",
            "extensions");

    private static boolean onlyText(JsonNode v) {
        if (v.isTextual()) {
            return true;
        }
        if (v.isContainerNode()) {
            for (JsonNode c : v) {
                if (!onlyText(c)) {
                    return false;
                }
            }
            return !v.isEmpty();
        }
        return false;
    }

    private static JsonNode mirror(JsonNode v, String lang) {
        if (v.isTextual()) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(lang + " " + v.asText());
        }
        if (v.isArray()) {
            ArrayNode out = StixJson.mapper().createArrayNode();
            v.forEach(c -> out.add(mirror(c, lang)));
            return out;
        }
        ObjectNode out = StixJson.mapper().createObjectNode();
        v.fields().forEachRemaining(e -> out.set(e.getKey(), mirror(e.getValue(), lang)));
        return out;
    }

    /**
     * Paths a granular marking may select: every property but the object's identity and its
     * markings, every list item, and every property of an object in a list.
     */
    static List<String> selectable(ObjectNode o) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (Set.of("type", "id", "spec_version", "created", "modified", "object_marking_refs", "granular_markings")
                    .contains(name)) {
                continue;
            }
            out.add(name);
            if (e.getValue().isArray()) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    String item = name + ".[" + i + "]";
                    out.add(item);
                    JsonNode v = e.getValue().get(i);
                    if (v.isObject()) {
                        v.fieldNames().forEachRemaining(f -> out.add(item + "." + f));
                    }
                }
            }
        }
        return out;
    }

    static String stamp(Instant t) {
        return STAMP.format(t);
    }
}
