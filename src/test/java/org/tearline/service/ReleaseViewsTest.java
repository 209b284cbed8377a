package org.tearline.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.domain.Provenance;
import org.tearline.release.InvalidPolicyException;
import org.tearline.release.ReleaseEngineTest;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/** Release views end to end: policies applied, views read over TAXII, kept current. */
class ReleaseViewsTest {

    @TempDir
    Path dir;

    TestServer server;
    String intel;

    static String policy(String audience, String member, String markings) {
        return """
                audience: %s
                members: [%s]
                sources: [intel]
                markings:
                %s
                generalise:
                  first_seen: {timestamp: day}
                """.formatted(audience, member, markings.indent(2).stripTrailing());
    }

    static final String WARY_MARKINGS = """
            tlp:amber: release
            tlp:green: release
            source-protected: redact
            method-protected: generalise""";
    static final String TRUSTED_MARKINGS = """
            tlp:amber: release
            tlp:green: release
            tlp:red: release
            source-protected: release
            method-protected: release""";

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        server.user("wary-reader", Account.Role.PARTNER);
        server.user("trusted-reader", Account.Role.PARTNER);
        server.user("analyst", Account.Role.PRODUCER);
        intel = server.app()
                .collections()
                .create(null, "tearline", "Intel", null, "intel", org.tearline.domain.CollectionKind.SOURCE)
                .id();
        server.grant("analyst", intel, true, true);
        server.app()
                .objects()
                .importObjects(intel, new ArrayList<>(ReleaseEngineTest.sources()), new Provenance("import", "test"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ReleaseService releases() {
        return server.app().releases();
    }

    List<JsonNode> view(String user, String audience) {
        String id = server.app().collections().find(audience).orElseThrow().id();
        TaxiiClient.Reply r = server.as(user).get(server.root() + "collections/" + id + "/objects/");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().path("objects").forEach(out::add);
        return out;
    }

    static JsonNode named(List<JsonNode> objects, String name) {
        return objects.stream()
                .filter(o -> name.equals(o.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no object named " + name));
    }

    @Test
    void twoPartnersReceiveTwoDifferentTearlinesOfTheSameSource() {
        releases().apply(policy("wary", "wary-reader", WARY_MARKINGS), "wary.yaml", "test");
        releases().apply(policy("trusted", "trusted-reader", TRUSTED_MARKINGS), "trusted.yaml", "test");
        List<JsonNode> wary = view("wary-reader", "wary");
        List<JsonNode> trusted = view("trusted-reader", "trusted");
        JsonNode waryActor = named(wary, "Kestrel cell");
        JsonNode trustedActor = named(trusted, "Kestrel cell");
        assertThat(waryActor.has("description")).isFalse();
        assertThat(trustedActor.get("description").asText()).contains("ORCHID");
        assertThat(waryActor.get("id").asText())
                .isNotEqualTo(trustedActor.get("id").asText());
        assertThat(wary.toString()).doesNotContain("Agent ORCHID").doesNotContain(ReleaseEngineTest.ACTOR);
        assertThat(trusted.toString()).contains("Agent ORCHID");
    }

    @Test
    void aPartnerCannotReadAnotherAudiencesViewOrTheSource() {
        releases().apply(policy("wary", "wary-reader", WARY_MARKINGS), "wary.yaml", "test");
        releases().apply(policy("trusted", "trusted-reader", TRUSTED_MARKINGS), "trusted.yaml", "test");
        String trustedView =
                server.app().collections().find("trusted").orElseThrow().id();
        TaxiiClient wary = server.as("wary-reader");
        assertThat(wary.get(server.root() + "collections/" + trustedView + "/objects/")
                        .status())
                .isEqualTo(404);
        assertThat(wary.get(server.root() + "collections/" + intel + "/objects/")
                        .status())
                .isEqualTo(404);
        JsonNode listed = wary.get(server.root() + "collections/").json();
        Set<String> ids = new HashSet<>();
        listed.path("collections").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids)
                .containsExactlyInAnyOrder(
                        server.app().collections().find("wary").orElseThrow().id(),
                        server.app()
                                .collections()
                                .find("wary-feedback")
                                .orElseThrow()
                                .id());
    }

    @Test
    void newSourceVersionUpdatesTheViewInTheSameTransaction() {
        releases().apply(policy("wary", "wary-reader", WARY_MARKINGS), "wary.yaml", "test");
        ObjectNode actor = ReleaseEngineTest.sources().get(2);
        actor.put("modified", "2026-02-01T00:00:00.000Z");
        actor.put("name", "Kestrel cell (renamed)");
        server.app().objects().importObjects(intel, List.of(actor), new Provenance("import", "test"));
        List<JsonNode> wary = view("wary-reader", "wary");
        JsonNode renamed = named(wary, "Kestrel cell (renamed)");
        assertThat(renamed.get("modified").asText()).isEqualTo("2026-02-01T00:00:00.000Z");
        String viewId = server.app().collections().find("wary").orElseThrow().id();
        JsonNode versions = server.as("wary-reader")
                .get(server.root() + "collections/" + viewId + "/objects/"
                        + renamed.get("id").asText() + "/versions/")
                .json();
        assertThat(versions.get("versions")).hasSize(2);
    }

    @Test
    void releasingTheSourceIdentityLaterReleasesTheRelationshipThatNeedsIt() {
        releases().apply(policy("wary", "wary-reader", WARY_MARKINGS), "wary.yaml", "test");
        assertThat(view("wary-reader", "wary").stream()
                        .filter(o -> "attributed-to"
                                .equals(o.path("relationship_type").asText())))
                .isEmpty();
        ObjectNode source = ReleaseEngineTest.sources().get(1);
        source.put("modified", "2026-02-01T00:00:00.000Z");
        source.putArray("object_marking_refs").add(ReleaseEngineTest.AMBER);
        server.app().objects().importObjects(intel, List.of(source), new Provenance("import", "test"));
        List<JsonNode> wary = view("wary-reader", "wary");
        assertThat(wary.stream()
                        .filter(o -> "attributed-to"
                                .equals(o.path("relationship_type").asText())))
                .hasSize(1);
        assertThat(named(wary, "Agent ORCHID")).isNotNull();
    }

    @Test
    void policyChangeThatWouldTakeBackIsReportedAndKeepsTheLastVersion() {
        releases().apply(policy("trusted", "trusted-reader", TRUSTED_MARKINGS), "t.yaml", "test");
        String stricter = policy("trusted", "trusted-reader", WARY_MARKINGS);
        ReleaseService.Preview preview = releases().preview("trusted", java.util.Optional.of(stricter));
        assertThat(preview.takenBack()).anySatisfy(t -> assertThat(t).contains(ReleaseEngineTest.SOURCE));
        ReleaseService.ApplyResult applied = releases().apply(stricter, "t.yaml", "test");
        assertThat(applied.version()).isEqualTo(2);
        assertThat(applied.summary().takenBack()).anySatisfy(t -> assertThat(t).contains(ReleaseEngineTest.SOURCE));
        // takeback: keep (the default) leaves the partner the version it already has
        List<JsonNode> trusted = view("trusted-reader", "trusted");
        assertThat(named(trusted, "Agent ORCHID").has("revoked")).isFalse();
        assertThat(named(trusted, "Kestrel cell").get("description").asText()).contains("ORCHID");
    }

    @Test
    void removingAMarkingAtTheSourceTakesNothingBack() {
        String policy = policy("trusted", "trusted-reader", TRUSTED_MARKINGS) + "unmarked: release\n";
        releases().apply(policy, "t.yaml", "test");
        ObjectNode actor = ReleaseEngineTest.sources().get(2);
        actor.put("modified", "2026-02-01T00:00:00.000Z");
        actor.put("name", "Kestrel cell (unmarked now)");
        actor.remove("object_marking_refs");
        actor.remove("granular_markings");
        server.app().objects().importObjects(intel, List.of(actor), new Provenance("import", "test"));

        // The partner gets the new version: a marking gone is nothing withdrawn.
        JsonNode updated = named(view("trusted-reader", "trusted"), "Kestrel cell (unmarked now)");
        assertThat(updated.has("object_marking_refs")).isFalse();
        assertThat(releases().preview("trusted", java.util.Optional.of(policy)).takenBack())
                .isEmpty();
    }

    @Test
    void refusesToChangeHowIdsAreMadeForAnExistingAudience() {
        releases().apply(policy("wary", "wary-reader", WARY_MARKINGS), "wary.yaml", "test");
        String original = policy("wary", "wary-reader", WARY_MARKINGS) + "ids: original\n";

        assertThatThrownBy(() -> releases().preview("wary", java.util.Optional.of(original)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("ids cannot change");
        assertThatThrownBy(() -> releases().apply(original, "wary.yaml", "test"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("ids: derived");
        assertThat(releases().history("wary")).hasSize(1);
    }

    @Test
    void revokePolicyPublishesARevokedVersion() {
        releases().apply(policy("trusted", "trusted-reader", TRUSTED_MARKINGS), "t.yaml", "test");
        releases().apply(policy("trusted", "trusted-reader", WARY_MARKINGS) + "takeback: revoke\n", "t.yaml", "test");
        List<JsonNode> trusted = view("trusted-reader", "trusted");
        assertThat(named(trusted, "Agent ORCHID").get("revoked").asBoolean()).isTrue();
        assertThat(named(trusted, "Kestrel cell").has("description")).isFalse();
    }

    @Test
    void policyVersionsAreKeptAndUnchangedPolicyIsANoOp() {
        String p = policy("wary", "wary-reader", WARY_MARKINGS);
        assertThat(releases().apply(p, "w.yaml", "alice").version()).isEqualTo(1);
        assertThat(releases().apply(p, "w.yaml", "alice").changed()).isFalse();
        releases().apply(p + "withheld-notice: none\n", "w.yaml", "bob");
        assertThat(releases().history("wary")).extracting(v -> v.appliedBy()).containsExactly("alice", "bob");
    }

    @Test
    void refusesUnknownSourcesAndMembersNamingThem() {
        assertThatThrownBy(() -> releases().apply("""
                audience: x
                members: [nobody]
                sources: [nowhere]
                """, "x.yaml", "test"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("source 'nowhere' is not a collection")
                .hasMessageContaining("member 'nobody' is not a user");
        assertThat(releases().audiences()).isEmpty();
    }

    @Test
    void everyReferenceInAViewResolvesWithinIt() {
        releases().apply(policy("wary", "wary-reader", WARY_MARKINGS), "wary.yaml", "test");
        List<JsonNode> wary = view("wary-reader", "wary");
        Set<String> ids = new HashSet<>();
        wary.forEach(o -> ids.add(o.get("id").asText()));
        for (JsonNode o : wary) {
            for (Map.Entry<String, Boolean> ref : org.tearline.release.ReleaseEngine.references((ObjectNode) o)
                    .entrySet()) {
                assertThat(ids).as("%s in %s", ref.getKey(), o.get("id")).contains(ref.getKey());
            }
        }
    }
}
