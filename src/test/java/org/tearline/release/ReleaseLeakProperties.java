package org.tearline.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.tearline.stix.StixJson;
import org.tearline.stix.Tlp;
import org.tearline.stix.validation.StixValidator;
import org.tearline.testing.CanaryGraphs;
import org.tearline.testing.CanaryGraphs.Kind;
import org.tearline.testing.CanaryGraphs.ObjectSpec;
import org.tearline.testing.LeakArbitraries;
import org.tearline.testing.LeakOracle;
import org.tearline.testing.LeakPolicy;

/**
 * Design rule 7 for the engine: whatever the policy and whatever the objects, nothing the
 * policy protects reaches a view. Random graphs of a few dozen marked objects, every text value
 * carrying a unique canary, against random valid policies; what is protected is worked out by
 * {@link LeakOracle} from the policy's words, not by asking the engine.
 */
class ReleaseLeakProperties {

    static final UUID NAMESPACE = UUID.fromString("5b0c7e1a-2d4f-4e6a-9c8b-7a6f5e4d3c2b");
    static final StixValidator VALIDATOR = new StixValidator();
    static final String RELEASING_ID = "identity--0f0e0d0c-0b0a-4908-8706-050403020100";

    /** A generated case: a policy and the source graph it is applied to. */
    record Scenario(LeakPolicy policy, List<ObjectSpec> specs, long salt, boolean customCreator) {

        CanaryGraphs.Graph graph() {
            return CanaryGraphs.build(specs, salt, customCreator);
        }

        @Override
        public String toString() {
            return "\n--- policy ---\n" + policy.yaml() + "--- sources ---\n" + graph().describe();
        }
    }

    // --- generators ---------------------------------------------------------------------------

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(
                        LeakArbitraries.policies(),
                        LeakArbitraries.objectSpecs()
                                .list()
                                .ofMinSize(2)
                                .ofMaxSize(40)
                                .withSizeDistribution(RandomDistribution.uniform()),
                        Arbitraries.longs().between(0, 1 << 20),
                        Arbitraries.of(true, false))
                .as(Scenario::new);
    }

    /**
     * Graphs of places: locations (and what refers to them) under policies that generalise
     * locations, with parts of them protected by other markings.
     */
    @Provide
    Arbitrary<Scenario> placeScenarios() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(6, Kind.LOCATION),
                Tuple.of(1, Kind.IDENTITY),
                Tuple.of(2, Kind.RELATIONSHIP),
                Tuple.of(1, Kind.SIGHTING),
                Tuple.of(1, Kind.REPORT));
        Arbitrary<LeakPolicy> placePolicies = Combinators.combine(
                        LeakArbitraries.policies(),
                        Arbitraries.frequency(Tuple.of(3, "city"), Tuple.of(1, "region"), Tuple.of(1, "country")))
                .as((p, level) ->
                        p.with(p.ceiling(), p.admitTypes(), p.unmarked(), p.unlisted(), Optional.of(level), false));
        // every place with a city, an area and a street (and few other properties), for the
        // granular markings to land on
        Arbitrary<ObjectSpec> places = LeakArbitraries.objectSpecs(kinds, 4)
                .map(o -> new ObjectSpec(
                        o.kind(),
                        o.markings(),
                        o.granular(),
                        o.refs(),
                        o.creator(),
                        o.kind() == Kind.LOCATION ? o.variant() & ~0b1_1111 | 0b1110_0000 : o.variant()));
        return Combinators.combine(
                        placePolicies,
                        places.list().ofMinSize(1).ofMaxSize(20),
                        Arbitraries.longs().between(0, 1 << 20),
                        Arbitraries.of(true, false))
                .as(Scenario::new);
    }

    @Provide
    Arbitrary<Scenario> derivedScenarios() {
        return scenarios()
                .map(s -> new Scenario(s.policy().withDerivedIds(true), s.specs(), s.salt(), s.customCreator()));
    }

    // --- helpers ------------------------------------------------------------------------------

    static ObjectNode releasingIdentity() {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "identity");
        o.put("spec_version", "2.1");
        o.put("id", RELEASING_ID);
        o.put("created", "2026-01-01T00:00:00.000Z");
        o.put("modified", "2026-01-01T00:00:00.000Z");
        o.put("name", "Releasing office");
        o.put("identity_class", "organization");
        return o;
    }

    static ReleaseEngine engine(LeakPolicy policy) {
        return new ReleaseEngine(
                PolicyParser.parse(policy.yaml(), policy.audience()),
                new ReleaseContext(NAMESPACE, releasingIdentity()),
                VALIDATOR);
    }

    static String serialise(ReleaseEngine.View view) {
        return view.objects().stream().map(ObjectNode::toString).collect(Collectors.joining("\n"));
    }

    static Set<String> ids(ReleaseEngine.View view) {
        Set<String> ids = new TreeSet<>();
        view.objects().forEach(o -> ids.add(o.path("id").asText()));
        return ids;
    }

    static java.util.function.Function<String, String> releasedIds(LeakPolicy p) {
        DerivedIds derived = new DerivedIds(NAMESPACE, p.audience());
        return id -> p.derivedIds() ? derived.derive(id) : id;
    }

    // --- properties ---------------------------------------------------------------------------

    @Property(tries = 100)
    void generatedSourcesAreValidStix(@ForAll("scenarios") Scenario s) {
        for (ObjectNode o : s.graph().objects()) {
            assertThat(VALIDATOR.validate(o)).as("generated %s", o).isEmpty();
        }
    }

    /** Asserts that nothing the oracle calls protected is in the view; returns the verdict. */
    static LeakOracle.Verdict assertNoLeak(LeakPolicy policy, List<ObjectNode> sources, ReleaseEngine.View view) {
        LeakOracle.Verdict verdict = LeakOracle.judge(policy, sources);
        List<String> leaks = new ArrayList<>();
        for (ObjectNode o : view.objects()) {
            leaks.addAll(
                    verdict.leaksIn(o.toString(), "view object " + o.path("id").asText()));
        }
        leaks.addAll(verdict.numberLeaks(view.objects(), releasedIds(policy)));
        assertThat(leaks).as("leaks").isEmpty();
        return verdict;
    }

    /** Source objects released with some of their material protected. */
    static List<ObjectNode> partlyReleased(
            LeakPolicy policy, List<ObjectNode> sources, LeakOracle.Verdict verdict, ReleaseEngine.View view) {
        Set<String> inView = ids(view);
        java.util.function.Function<String, String> released = releasedIds(policy);
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : sources) {
            String id = o.path("id").asText();
            if (!verdict.withheld().containsKey(id)
                    && inView.contains(released.apply(id))
                    && CanaryGraphs.CANARY
                            .matcher(o.toString())
                            .results()
                            .anyMatch(m -> verdict.canaries().containsKey(m.group()))) {
                out.add(o);
            }
        }
        return out;
    }

    @Property(tries = 400)
    void noProtectedMaterialReachesTheView(@ForAll("scenarios") Scenario s) {
        List<ObjectNode> sources = s.graph().objects();
        ReleaseEngine.View view = engine(s.policy()).view(sources);
        LeakOracle.Verdict verdict = assertNoLeak(s.policy(), sources, view);

        // What this case exercised: the property proves nothing unless these occur often.
        int partlyReleased = partlyReleased(s.policy(), sources, verdict, view).size();
        LeakOracle.Stats st = verdict.stats();
        Statistics.label("withheld by policy").collect(st.withheldByPolicy() > 0);
        Statistics.label("withheld for a withheld endpoint or members").collect(st.withheldByClosure() > 0);
        Statistics.label("released objects with protected parts").collect(partlyReleased > 0);
        Statistics.label("generalised parts").collect(st.generalisedParts() > 0);
        Statistics.label("protected list items or nested properties").collect(st.nestedParts() > 0);
        Statistics.label("ids").collect(s.policy().derivedIds() ? "derived" : "original");
        Statistics.label("protected canaries").collect(verdict.canaries().isEmpty() ? "none" : "some");
        Statistics.label("protected times").collect(!verdict.timestamps().isEmpty());
        Statistics.label("protected numbers").collect(!verdict.numbers().isEmpty());
        Statistics.label("view size").collect(view.objects().size() > 5 ? ">5" : "<=5");
        Statistics.label("translations")
                .collect(sources.stream().anyMatch(o -> o.path("type").asText().equals("language-content")));
        Statistics.label("extensions keyed by a definition")
                .collect(sources.stream().anyMatch(o -> o.has("extensions")));

        Statistics.label("withheld by policy").coverage(c -> c.check(true).percentage(p -> p > 60));
        Statistics.label("withheld for a withheld endpoint or members")
                .coverage(c -> c.check(true).percentage(p -> p > 25));
        Statistics.label("released objects with protected parts")
                .coverage(c -> c.check(true).percentage(p -> p > 40));
        Statistics.label("generalised parts").coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("protected list items or nested properties")
                .coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("ids").coverage(c -> {
            c.check("derived").percentage(p -> p > 50);
            c.check("original").percentage(p -> p > 10);
        });
        Statistics.label("protected times").coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("protected numbers").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("view size").coverage(c -> c.check(">5").percentage(p -> p > 40));
        Statistics.label("translations").coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("extensions keyed by a definition")
                .coverage(c -> c.check(true).percentage(p -> p > 15));
    }

    @Property(tries = 400)
    void generalisedPlacesRevealNothingProtected(@ForAll("placeScenarios") Scenario s) {
        List<ObjectNode> sources = s.graph().objects();
        ReleaseEngine.View view = engine(s.policy()).view(sources);
        LeakOracle.Verdict verdict = assertNoLeak(s.policy(), sources, view);

        // released places of which more than their name was protected
        long places = partlyReleased(s.policy(), sources, verdict, view).stream()
                .filter(o -> o.path("type").asText().equals("location"))
                .filter(o -> CanaryGraphs.CANARY
                                .matcher(o.toString())
                                .results()
                                .filter(m -> verdict.canaries().containsKey(m.group()))
                                .count()
                        > 1)
                .count();
        Statistics.label("released places with several protected parts").collect(places > 0);
        // The generator yields such places in about a fifth to a quarter of the tries, so the
        // floor sits well below that: it is there to catch a generator that stopped making
        // them, not to fail on a run that drew a few less (a 20% floor failed at 19.5%).
        Statistics.label("released places with several protected parts")
                .coverage(c -> c.check(true).percentage(p -> p > 10));
    }

    @Property(tries = 250)
    void everyReferenceInTheViewResolvesWithinIt(@ForAll("scenarios") Scenario s) {
        ReleaseEngine.View view = engine(s.policy()).view(s.graph().objects());
        Set<String> ids = ids(view);
        List<String> dangling = new ArrayList<>();
        for (ObjectNode o : view.objects()) {
            for (String target : ReleaseEngine.references(o).keySet()) {
                if (!ids.contains(target)) {
                    dangling.add(o.path("id").asText() + " -> " + target);
                }
            }
        }
        assertThat(dangling).as("references to objects not in the view").isEmpty();
        Statistics.label("references")
                .collect(view.objects().stream()
                        .anyMatch(o -> !ReleaseEngine.references(o).isEmpty()
                                && !o.path("type").asText().equals("note")));
        Statistics.label("references").coverage(c -> c.check(true).percentage(p -> p > 50));
    }

    @Property(tries = 250)
    void everyViewObjectIsValidStix(@ForAll("scenarios") Scenario s) {
        ReleaseEngine.View view = engine(s.policy()).view(s.graph().objects());
        Map<String, Object> invalid = new LinkedHashMap<>();
        for (ObjectNode o : view.objects()) {
            var violations = VALIDATOR.validate(o);
            if (!violations.isEmpty()) {
                invalid.put(o.toString(), violations);
            }
        }
        assertThat(invalid).as("invalid view objects").isEmpty();
        assertThat(ids(view)).as("every view has the releasing identity").contains(RELEASING_ID);
    }

    @Property(tries = 200)
    void sameInputsGiveTheSameBytesWhateverTheirOrder(@ForAll("scenarios") Scenario s, @ForAll long shuffleSeed) {
        List<ObjectNode> sources = s.graph().objects();
        String first = serialise(engine(s.policy()).view(sources));
        String again = serialise(engine(s.policy()).view(s.graph().objects()));
        List<ObjectNode> shuffled = new ArrayList<>(s.graph().objects());
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        String reordered = serialise(engine(s.policy()).view(shuffled));
        assertThat(again).as("the same inputs again").isEqualTo(first);
        assertThat(reordered).as("the inputs shuffled").isEqualTo(first);
    }

    @Property(tries = 200)
    void derivedIdsDifferPerAudienceAndSurviveNewVersions(@ForAll("derivedScenarios") Scenario s) {
        List<ObjectNode> sources = s.graph().objects();
        ReleaseEngine.View view = engine(s.policy()).view(sources);
        Set<String> published = new HashSet<>();
        published.add(RELEASING_ID);
        view.objects().stream()
                .filter(o -> o.path("type").asText().equals("marking-definition"))
                .forEach(o -> published.add(o.path("id").asText()));

        // every id in the view is published as it is, or derived for this audience
        Map<String, String> derivedToOriginal = new HashMap<>();
        DerivedIds derived = new DerivedIds(NAMESPACE, s.policy().audience());
        for (ObjectNode o : sources) {
            String id = o.path("id").asText();
            derivedToOriginal.put(derived.derive(id), id);
            derivedToOriginal.put(
                    "note--" + DerivedIds.uuid5(NAMESPACE, s.policy().audience() + "\nnotice\n" + id),
                    "notice of " + id);
        }
        assertThat(ids(view))
                .allSatisfy(id -> assertThat(published.contains(id) || derivedToOriginal.containsKey(id))
                        .as("%s is published or derived", id)
                        .isTrue());

        // another audience under the same policy shares no released id with this one
        LeakPolicy other = s.policy().forAudience("other-partner", List.of("q"));
        Set<String> otherIds = ids(engine(other).view(sources));
        Set<String> shared = new TreeSet<>(ids(view));
        shared.retainAll(otherIds);
        shared.removeAll(published);
        assertThat(shared).as("ids shared by two audiences").isEmpty();

        // a new version of every object keeps every released id
        List<ObjectNode> next = new ArrayList<>();
        for (ObjectNode o : sources) {
            ObjectNode v2 = o.deepCopy();
            if (v2.has("modified")) {
                v2.put("modified", "2025-09-01T00:00:00.000Z");
            }
            // a translation of the new version, as the producer would make it
            if (v2.has("object_modified")) {
                v2.put("object_modified", "2025-09-01T00:00:00.000Z");
            }
            next.add(v2);
        }
        ReleaseEngine.View later = engine(s.policy()).view(next);
        assertThat(ids(later)).as("released ids of the next versions").isEqualTo(ids(view));
        Statistics.label("released source objects").collect(view.objects().size() - published.size() > 0);
        Statistics.label("released source objects").coverage(c -> c.check(true).percentage(p -> p > 50));
    }

    // --- what these properties found (shrunk samples, kept as examples) ----------------------

    static ObjectNode object(String json) {
        return (ObjectNode) CanaryGraphs.parse(json);
    }

    static LeakPolicy policy() {
        return LeakPolicy.of("partner", List.of("p"), List.of("intel"));
    }

    @Example
    void aGranularWithholdInsideARedactedPropertyStillWithholdsTheObject() {
        LeakPolicy p = policy().marking("method-protected", Action.RELEASE)
                .marking("tlp:red", Action.GENERALISE)
                .withDerivedIds(false);
        ObjectNode source = object(
                """
                {"type":"identity","spec_version":"2.1",
                 "id":"identity--2d1f1f94-982a-30bb-b331-01efb6837577",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "name":"name canary00001","identity_class":"organization",
                 "external_references":[{"source_name":"source canary00005"}],
                 "object_marking_refs":["%s"],
                 "granular_markings":[
                   {"marking_ref":"%s","selectors":["external_references.[0]"]},
                   {"marking_ref":"%s","selectors":["external_references"]}]}""".formatted(Markings.METHOD_PROTECTED_ID, Tlp.CLEAR.tlp1Id().orElseThrow(), Tlp.RED.tlp2Id()));
        ReleaseEngine.View view = engine(p).view(List.of(source));
        assertThat(view.explanations().get(source.path("id").asText()).released())
                .isFalse();
        assertNoLeak(p, List.of(source), view);
    }

    @Example
    void aGeneralisedPlaceNameIsNeverARedactedCity() {
        LeakPolicy p =
                policy().with(Optional.empty(), Set.of(), Action.GENERALISE, Action.REDACT, Optional.of("city"), false);
        ObjectNode source = object("""
                {"type":"location","spec_version":"2.1",
                 "id":"location--aa00c4c0-f44c-3cb7-8ad6-8df40e8f8877",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "name":"place canary00000","city":"city canary00001",
                 "administrative_area":"Arden","country":"ZZ",
                 "granular_markings":[{"marking_ref":"%s","selectors":["city"]}]}""".formatted(Markings.SOURCE_PROTECTED_ID));
        ReleaseEngine.View view = engine(p).view(List.of(source));
        assertNoLeak(p, List.of(source), view);
        assertThat(view.objects())
                .anySatisfy(o -> assertThat(o.path("name").asText()).isEqualTo("Arden"));
    }

    @Example
    void aPublishedMarkingDefinitionNamesTheReleasingIdentityAndBringsItsOwnMarkings() {
        LeakPolicy p = policy().marking(CanaryGraphs.CUSTOM_MARKING, Action.RELEASE);
        ObjectNode creator = object("""
                {"type":"identity","spec_version":"2.1",
                 "id":"identity--aa00c4c0-f44c-3cb7-8ad6-8df40e8f8877",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "name":"Producer canary00000","identity_class":"organization"}""");
        ObjectNode definition = object("""
                {"type":"marking-definition","spec_version":"2.1","id":"%s",
                 "created":"2025-01-01T00:00:00.000Z",
                 "created_by_ref":"identity--aa00c4c0-f44c-3cb7-8ad6-8df40e8f8877",
                 "object_marking_refs":["%s"],
                 "name":"Producer caveat","definition_type":"statement",
                 "definition":{"statement":"Handle with care."}}""".formatted(CanaryGraphs.CUSTOM_MARKING, Tlp.GREEN.tlp2Id()));
        ObjectNode marked = object("""
                {"type":"malware","spec_version":"2.1",
                 "id":"malware--1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "name":"name canary00002","is_family":false,
                 "object_marking_refs":["%s"]}""".formatted(CanaryGraphs.CUSTOM_MARKING));
        List<ObjectNode> sources = List.of(creator, definition, marked);
        ReleaseEngine.View view = engine(p).view(sources);
        assertNoLeak(p, sources, view);
        assertThat(ids(view)).contains(CanaryGraphs.CUSTOM_MARKING, Tlp.GREEN.tlp2Id());
        assertThat(view.objects())
                .filteredOn(o -> o.path("id").asText().equals(CanaryGraphs.CUSTOM_MARKING))
                .singleElement()
                .satisfies(d -> assertThat(d.path("created_by_ref").asText()).isEqualTo(RELEASING_ID));
    }

    @Example
    void aTranslationOfAGeneralisedPropertyIsDroppedAndOneWithNothingLeftIsWithheld() {
        LeakPolicy p = policy().marking("tlp:green", Action.RELEASE)
                .marking("source-protected", Action.GENERALISE)
                .rule("description", "phrase", "Reporting from a source.");
        ObjectNode actor = object("""
                {"type":"threat-actor","spec_version":"2.1",
                 "id":"threat-actor--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "name":"name canary00001","description":"description canary00002",
                 "object_marking_refs":["%s"],
                 "granular_markings":[{"marking_ref":"%s","selectors":["description"]}]}""".formatted(Tlp.GREEN.tlp2Id(), Markings.SOURCE_PROTECTED_ID));
        ObjectNode both = object("""
                {"type":"language-content","spec_version":"2.1",
                 "id":"language-content--1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "object_ref":"threat-actor--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "object_modified":"2025-01-02T00:00:00.000Z",
                 "contents":{"fr":{"name":"nom canary00001",
                                   "description":"fr description canary00002"}},
                 "object_marking_refs":["%s"]}""".formatted(Tlp.GREEN.tlp2Id()));
        ObjectNode onlyProtected = object("""
                {"type":"language-content","spec_version":"2.1",
                 "id":"language-content--2a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "object_ref":"threat-actor--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "contents":{"de":{"description":"de description canary00002"}},
                 "object_marking_refs":["%s"]}""".formatted(Tlp.GREEN.tlp2Id()));
        List<ObjectNode> sources = List.of(actor, both, onlyProtected);
        ReleaseEngine.View view = engine(p).view(sources);
        assertNoLeak(p, sources, view);
        assertThat(view.explanations().get(onlyProtected.path("id").asText()).released())
                .isFalse();
        String released = releasedIds(p).apply(both.path("id").asText());
        assertThat(view.objects())
                .filteredOn(o -> o.path("id").asText().equals(released))
                .singleElement()
                .satisfies(o -> assertThat(
                                o.path("contents").path("fr").path("name").asText())
                        .isEqualTo("nom canary00001"));
    }

    @Example
    void anExtensionFollowsItsDefinitionAndANewTypeIsWithheldWithoutIt() {
        LeakPolicy p = policy().marking("tlp:green", Action.RELEASE).marking("tlp:red", Action.WITHHOLD);
        String creator = """
                {"type":"identity","spec_version":"2.1",
                 "id":"identity--3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "name":"Desk","identity_class":"organization","object_marking_refs":["%s"]}""".formatted(Tlp.GREEN.tlp2Id());
        String definition = """
                {"type":"extension-definition","spec_version":"2.1",
                 "id":"extension-definition--4a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "created_by_ref":"identity--3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "name":"Handling","schema":"https://example.org/h.json","version":"1",
                 "extension_types":["new-sdo","property-extension"],
                 "object_marking_refs":["%s"]}""";
        ObjectNode custom = object("""
                {"type":"x-handler-report","spec_version":"2.1",
                 "id":"x-handler-report--5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "x_summary":"summary canary00003",
                 "extensions":{"extension-definition--4a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d":
                               {"extension_type":"new-sdo"}},
                 "object_marking_refs":["%s"]}""".formatted(Tlp.GREEN.tlp2Id()));
        String customId = custom.path("id").asText();

        List<ObjectNode> withheld = List.of(object(creator), object(definition.formatted(Tlp.RED.tlp2Id())), custom);
        ReleaseEngine.View without = engine(p).view(withheld);
        assertNoLeak(p, withheld, without);
        assertThat(without.explanations().get(customId).released()).isFalse();

        List<ObjectNode> released = List.of(object(creator), object(definition.formatted(Tlp.GREEN.tlp2Id())), custom);
        ReleaseEngine.View with = engine(p).view(released);
        assertNoLeak(p, released, with);
        String key = releasedIds(p).apply("extension-definition--4a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        assertThat(with.objects())
                .filteredOn(o -> o.path("id").asText().equals(releasedIds(p).apply(customId)))
                .singleElement()
                .satisfies(o -> assertThat(o.path("extensions").has(key)).isTrue());
    }

    @Example
    void aPublishedMarkingDefinitionCarriesNoCustomExtension() {
        LeakPolicy p =
                policy().marking(CanaryGraphs.CUSTOM_MARKING, Action.RELEASE).marking("tlp:green", Action.RELEASE);
        ObjectNode creator = object("""
                {"type":"identity","spec_version":"2.1",
                 "id":"identity--6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "name":"Desk","identity_class":"organization","object_marking_refs":["%s"]}""".formatted(Tlp.GREEN.tlp2Id()));
        ObjectNode extension = object("""
                {"type":"extension-definition","spec_version":"2.1",
                 "id":"extension-definition--7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "created_by_ref":"identity--6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "name":"Terms","schema":"https://example.org/t.json","version":"1",
                 "extension_types":["property-extension"],
                 "object_marking_refs":["%s"]}""".formatted(Tlp.GREEN.tlp2Id()));
        ObjectNode definition = object("""
                {"type":"marking-definition","spec_version":"2.1","id":"%s",
                 "created":"2025-01-01T00:00:00.000Z","name":"Producer caveat",
                 "extensions":{"extension-definition--7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d":
                     {"extension_type":"property-extension","x_terms":"terms canary00004"}}}""".formatted(CanaryGraphs.CUSTOM_MARKING));
        ObjectNode marked = object("""
                {"type":"malware","spec_version":"2.1",
                 "id":"malware--8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                 "created":"2025-01-01T00:00:00.000Z","modified":"2025-01-02T00:00:00.000Z",
                 "name":"name canary00005","is_family":false,
                 "object_marking_refs":["%s"]}""".formatted(CanaryGraphs.CUSTOM_MARKING));
        List<ObjectNode> sources = List.of(creator, extension, definition, marked);
        assertThat(sources).allSatisfy(o -> assertThat(VALIDATOR.validate(o)).isEmpty());
        ReleaseEngine.View view = engine(p).view(sources);
        assertNoLeak(p, sources, view);
        assertThat(view.objects())
                .filteredOn(o -> o.path("id").asText().equals(CanaryGraphs.CUSTOM_MARKING))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.toString())
                            .doesNotContain("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
                            .doesNotContain("canary00004");
                    assertThat(VALIDATOR.validate(d)).isEmpty();
                });
    }
}
