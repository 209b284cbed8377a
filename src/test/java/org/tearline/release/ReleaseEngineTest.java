package org.tearline.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tearline.stix.StixJson;
import org.tearline.stix.validation.StixValidator;

public class ReleaseEngineTest {

    public static final String AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    static final String GREEN2 = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    static final String RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    static final UUID NAMESPACE = UUID.fromString("0d7f2e52-8a3c-4c1b-9d2e-5f6a7b8c9d0e");

    public static final String ACTOR = "threat-actor--11111111-1111-4111-8111-111111111111";
    public static final String SOURCE = "identity--22222222-2222-4222-8222-222222222222";
    static final String PRODUCER = "identity--33333333-3333-4333-8333-333333333333";
    static final String REL = "relationship--44444444-4444-4444-8444-444444444444";
    static final String REPORT = "report--55555555-5555-4555-8555-555555555555";
    public static final String VENUE = "location--66666666-6666-4666-8666-666666666666";
    static final String ATTRIBUTED = "relationship--77777777-7777-4777-8777-777777777777";

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) StixJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode releasingIdentity() {
        return json("""
                {"type":"identity","spec_version":"2.1",
                 "id":"identity--99999999-9999-4999-8999-999999999999",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
                 "name":"Releasing office","identity_class":"organization"}""");
    }

    static ReleaseEngine engine(String policyYaml) {
        return new ReleaseEngine(
                PolicyParser.parse(policyYaml, "test"),
                new ReleaseContext(NAMESPACE, releasingIdentity()),
                new StixValidator());
    }

    public static List<ObjectNode> sources() {
        List<ObjectNode> s = new ArrayList<>();
        s.add(json("""
                {"type":"identity","spec_version":"2.1","id":"%s",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
                 "name":"Northgate","identity_class":"organization",
                 "object_marking_refs":["%s"]}""".formatted(PRODUCER, RED)));
        s.add(json("""
                {"type":"identity","spec_version":"2.1","id":"%s",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
                 "name":"Agent ORCHID","identity_class":"individual",
                 "object_marking_refs":["%s"]}""".formatted(SOURCE, Markings.SOURCE_PROTECTED_ID)));
        s.add(json("""
                {"type":"threat-actor","spec_version":"2.1","id":"%s",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-02T00:00:00.000Z",
                 "created_by_ref":"%s","name":"Kestrel cell",
                 "description":"Told to us by ORCHID on 2026-01-01 in Arden.",
                 "first_seen":"2026-01-01T13:45:12.345Z",
                 "object_marking_refs":["%s"],
                 "granular_markings":[{"marking_ref":"%s","selectors":["description"]},
                                      {"marking_ref":"%s","selectors":["first_seen"]}]}""".formatted(ACTOR, PRODUCER, AMBER, Markings.SOURCE_PROTECTED_ID, Markings.METHOD_PROTECTED_ID)));
        s.add(json("""
                {"type":"location","spec_version":"2.1","id":"%s",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
                 "name":"Arden Concert Hall","street_address":"1 Hall Road","city":"Arden",
                 "country":"ZZ","latitude":51.5,"longitude":-0.1,
                 "object_marking_refs":["%s"]}""".formatted(VENUE, GREEN2)));
        s.add(json("""
                {"type":"relationship","spec_version":"2.1","id":"%s",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
                 "relationship_type":"targets","source_ref":"%s","target_ref":"%s",
                 "object_marking_refs":["%s"]}""".formatted(REL, ACTOR, VENUE, AMBER)));
        s.add(json("""
                {"type":"relationship","spec_version":"2.1","id":"%s",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
                 "relationship_type":"attributed-to","source_ref":"%s","target_ref":"%s",
                 "object_marking_refs":["%s"]}""".formatted(ATTRIBUTED, ACTOR, SOURCE, AMBER)));
        s.add(json("""
                {"type":"report","spec_version":"2.1","id":"%s",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-03T00:00:00.000Z",
                 "name":"Warning: attack on Arden Concert Hall","published":"2026-01-03T00:00:00Z",
                 "object_refs":["%s","%s","%s","%s"],
                 "object_marking_refs":["%s"]}""".formatted(REPORT, ACTOR, VENUE, REL, SOURCE, AMBER)));
        return s;
    }

    static final String WARY = """
            audience: wary
            members: [w]
            sources: [intel]
            markings:
              tlp:amber: release
              tlp:green: release
              source-protected: redact
              method-protected: generalise
            generalise:
              first_seen: {timestamp: day}
            """;

    static final String TRUSTED = """
            audience: trusted
            members: [t]
            sources: [intel]
            markings:
              tlp:amber: release
              tlp:green: release
              tlp:red: release
              source-protected: release
              method-protected: release
            """;

    static Map<String, JsonNode> byName(ReleaseEngine.View v) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        for (ObjectNode o : v.objects()) {
            out.put(
                    o.path("name")
                            .asText(o.path("type").asText() + ":" + o.path("id").asText()),
                    o);
        }
        return out;
    }

    @Test
    void redactsAndGeneralisesGranularlyMarkedProperties() {
        ReleaseEngine e = engine(WARY);
        ReleaseEngine.View v = e.view(sources());
        JsonNode actor = byName(v).get("Kestrel cell");
        assertThat(actor.has("description")).isFalse();
        assertThat(actor.get("first_seen").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(actor.toString())
                .doesNotContain("ORCHID")
                .doesNotContain(ACTOR)
                .doesNotContain(Markings.SOURCE_PROTECTED_ID);
        assertThat(actor.get("id").asText()).isEqualTo(e.releasedId(ACTOR)).startsWith("threat-actor--");
    }

    @Test
    void withholdsProtectedSourceAndEverythingThatNeedsIt() {
        ReleaseEngine.View v = engine(WARY).view(sources());
        assertThat(v.explanations().get(SOURCE).released()).isFalse();
        assertThat(v.explanations().get(ATTRIBUTED).released()).isFalse();
        assertThat(v.explanations().get(ATTRIBUTED).reason()).contains("target_ref");
        assertThat(v.explanations().get(REL).released()).isTrue();
        String all = v.objects().toString();
        assertThat(all).doesNotContain("Agent ORCHID").doesNotContain(SOURCE).doesNotContain(ATTRIBUTED);
    }

    @Test
    void reportDropsWithheldMembersAndGetsAGenericNotice() {
        ReleaseEngine e = engine(WARY);
        ReleaseEngine.View v = e.view(sources());
        JsonNode report = byName(v).get("Warning: attack on Arden Concert Hall");
        assertThat(report.get("object_refs"))
                .extracting(JsonNode::asText)
                .containsExactly(e.releasedId(ACTOR), e.releasedId(VENUE), e.releasedId(REL));
        JsonNode notice = v.objects().stream()
                .filter(o -> o.path("type").asText().equals("note")
                        && o.get("object_refs").get(0).asText().equals(e.releasedId(REPORT)))
                .findFirst()
                .orElseThrow();
        assertThat(notice.get("content").asText()).contains("withheld part of the material");
    }

    @Test
    void withheldCreatorBecomesTheReleasingIdentity() {
        ReleaseEngine.View v = engine(WARY).view(sources());
        JsonNode actor = byName(v).get("Kestrel cell");
        assertThat(actor.get("created_by_ref").asText()).isEqualTo("identity--99999999-9999-4999-8999-999999999999");
        assertThat(byName(v)).containsKey("Releasing office");
    }

    @Test
    void everyReferenceInTheViewResolves() {
        for (String policy : List.of(WARY, TRUSTED)) {
            ReleaseEngine.View v = engine(policy).view(sources());
            java.util.Set<String> ids = new java.util.HashSet<>();
            v.objects().forEach(o -> ids.add(o.get("id").asText()));
            for (ObjectNode o : v.objects()) {
                for (RefRules.Ref r : RefRules.refs(o)) {
                    assertThat(ids).as("%s in %s", r.target(), o.get("id")).contains(r.target());
                }
            }
        }
    }

    @Test
    void trustedPartnerGetsTheSourceAndItsMarking() {
        ReleaseEngine e = engine(TRUSTED);
        ReleaseEngine.View v = e.view(sources());
        JsonNode actor = byName(v).get("Kestrel cell");
        assertThat(actor.get("description").asText()).contains("ORCHID");
        assertThat(v.explanations().get(SOURCE).released()).isTrue();
        assertThat(v.objects())
                .anySatisfy(o -> assertThat(o.get("id").asText()).isEqualTo(Markings.SOURCE_PROTECTED_ID));
    }

    @Test
    void derivedIdsAreStableAndDifferPerAudience() {
        ReleaseEngine wary = engine(WARY);
        ReleaseEngine trusted = engine(TRUSTED);
        assertThat(wary.releasedId(ACTOR))
                .isEqualTo(engine(WARY).releasedId(ACTOR))
                .isNotEqualTo(trusted.releasedId(ACTOR));
        assertThat(engine(WARY.replace("audience: wary", "audience: wary\nids: original"))
                        .releasedId(ACTOR))
                .isEqualTo(ACTOR);
    }

    @Test
    void sameInputsGiveTheSameViewByteForByte() {
        String a = engine(WARY).view(sources()).objects().toString();
        String b = engine(WARY).view(sources()).objects().toString();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void unmarkedObjectsAreWithheldByDefault() {
        ObjectNode unmarked = json("""
                {"type":"malware","spec_version":"2.1",
                 "id":"malware--88888888-8888-4888-8888-888888888888",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
                 "name":"Loose","is_family":false}""");
        ReleaseEngine.View v = engine(WARY).view(List.of(unmarked));
        assertThat(v.explanations().get(unmarked.get("id").asText()).reason()).contains("unmarked: withhold");
    }

    @Test
    void locationGeneralisedToCountryDropsFinerProperties() {
        ReleaseEngine e = engine("""
                audience: public
                sources: [intel]
                markings: {tlp:green: generalise}
                generalise:
                  location: {place: country}
                """);
        ReleaseEngine.View v = e.view(List.of(sources().get(3)));
        JsonNode place = v.objects().stream()
                .filter(o -> o.path("type").asText().equals("location"))
                .findFirst()
                .orElseThrow();
        assertThat(place.get("country").asText()).isEqualTo("ZZ");
        assertThat(place.get("name").asText()).isEqualTo("ZZ");
        assertThat(place.has("city")).isFalse();
        assertThat(place.has("latitude")).isFalse();
        assertThat(place.has("street_address")).isFalse();
    }

    @Test
    void tlpCeilingWithholdsObjectsAboveIt() {
        ReleaseEngine.View v = engine(TRUSTED.replace("sources: [intel]", "sources: [intel]\nadmit: {tlp: amber}"))
                .view(sources());
        assertThat(v.explanations().get(PRODUCER).released()).isFalse();
        assertThat(v.explanations().get(PRODUCER).reason()).contains("above the ceiling");
    }

    @Test
    void releasedObjectsAreValidStix() {
        StixValidator validator = new StixValidator();
        for (String policy : List.of(WARY, TRUSTED)) {
            for (ObjectNode o : engine(policy).view(sources()).objects()) {
                assertThat(validator.validate(o)).as(o.toString()).isEmpty();
            }
        }
    }

    @Test
    void explanationNamesMarkingAndRule() {
        ReleaseEngine.View v = engine(WARY).view(sources());
        Explanation actor = v.explanations().get(ACTOR);
        assertThat(actor.decisions()).anySatisfy(d -> {
            assertThat(d.path()).isEqualTo("description");
            assertThat(d.action()).isEqualTo(Action.REDACT);
            assertThat(d.marking()).isEqualTo("source-protected");
            assertThat(d.rule()).isEqualTo("markings.source-protected: redact");
        });
        assertThat(Optional.ofNullable(v.explanations().get(SOURCE).reason())).isPresent();
    }

    /**
     * A file without ID contributing properties is valid with its own UUIDv4 id but not with
     * a derived (version 5) one, so finish withholds it without dropping any reference; the
     * preview must then withhold the relationship that needs it too.
     */
    @Test
    void viewWithholdsWhatNeedsAnObjectItsReleasedIdMakesInvalid() {
        String file = "file--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
        String related = "relationship--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
        ReleaseEngine.View v = engine(TRUSTED)
                .view(List.of(json("""
                {"type":"file","spec_version":"2.1","id":"%s","size":100,
                 "object_marking_refs":["%s"]}""".formatted(file, AMBER)), json("""
                {"type":"relationship","spec_version":"2.1","id":"%s",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
                 "relationship_type":"related-to","source_ref":"%s","target_ref":"%s",
                 "object_marking_refs":["%s"]}""".formatted(related, file, file, AMBER))));
        assertThat(v.explanations().get(file).released()).isFalse();
        assertThat(v.explanations().get(file).reason()).contains("with its released id");
        assertThat(v.explanations().get(related).released()).isFalse();
        assertThat(v.objects()).noneMatch(o -> o.path("type").asText().equals("relationship"));
    }
}
