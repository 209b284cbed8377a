package org.tearline.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.service.ReleaseService;
import org.tearline.stix.StixJson;
import org.tearline.stix.Tlp;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Protected material travelling under another object: a translation, an extension, a custom
 * property, an external reference, a note or opinion on a withheld object. Each test posts the
 * sources over TAXII to a real server with the demo's partner-b policy applied and reads, over
 * TAXII as partner-b, everything of its view (every page of objects, the manifest, every object
 * and its versions); the canary string, or the original id, must be in none of those bytes.
 */
class ReleaseAttackTest {

    static final String GREEN = Tlp.GREEN.tlp2Id();
    static final String RED = Tlp.RED.tlp2Id();
    static final String CREATED = "2026-01-01T00:00:00.000Z";

    @TempDir
    Path dir;

    TestServer server;
    String intel;
    String view;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(dir);
        server.user("analyst", Account.Role.PRODUCER);
        server.user("partner-b", Account.Role.PARTNER);
        intel = server.app()
                .collections()
                .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                .id();
        server.grant("analyst", intel, true, true);
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/demo/partner-b.yaml"))) {
            server.app()
                    .releases()
                    .apply(new String(in.readAllBytes(), StandardCharsets.UTF_8), "partner-b.yaml", "test");
        }
        view = server.app().collections().find("partner-b").orElseThrow().id();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * An analyst translated a threat actor's source-protected description into French; the
     * attacker hoped the translation would reach partner-b though the original is redacted.
     */
    @Test
    void aTranslationOfARedactedPropertyNeverReachesThePartner() {
        ObjectNode actor = threatActor("The Night Shift", "CANARY-EN-7f31 met the source");
        protect(actor, "description");
        ObjectNode translation = object("language-content");
        translation.put("object_ref", actor.get("id").asText());
        translation.put("object_modified", CREATED);
        ObjectNode fr = translation.putObject("contents").putObject("fr");
        fr.put("name", "L'equipe de nuit");
        fr.put("description", "CANARY-FR-7f31 a rencontre la source");
        post(actor, translation);

        String seen = everythingThePartnerReads();
        assertThat(seen)
                .as("the actor itself reaches the partner")
                .contains("The Night Shift")
                .doesNotContain("CANARY-EN-7f31");
        assertThat(seen)
                .as("the released name's translation reaches the partner")
                .contains("L'equipe de nuit");
        assertThat(seen).doesNotContain("CANARY-FR-7f31");
        assertThat(seen)
                .doesNotContain(actor.get("id").asText())
                .doesNotContain(translation.get("id").asText());
    }

    /**
     * The attacker translated only the protected description, and separately an object the
     * partner may not see at all: neither translation may reach the partner.
     */
    @Test
    void aTranslationWithNothingReleasableOrOfAWithheldObjectIsWithheld() {
        ObjectNode actor = threatActor("The Night Shift", "CANARY-EN-5c02");
        protect(actor, "description");
        ObjectNode onlyProtected = translation(actor, "description", "CANARY-FR-5c02");
        ObjectNode secret = threatActor("CANARY-RED-5c02", "tlp red");
        secret.putArray("object_marking_refs").add(RED);
        ObjectNode ofSecret = translation(secret, "name", "CANARY-DE-5c02");
        post(actor, onlyProtected, secret, ofSecret);

        String seen = everythingThePartnerReads();
        assertThat(seen).contains("The Night Shift").doesNotContain("CANARY-").doesNotContain("language-content");
    }

    /**
     * A translation was made of a version whose description was source-protected; the next
     * version of the object releases a new description, and the attacker hoped the old
     * translation would pass as a translation of the new text.
     */
    @Test
    void aTranslationOfAnotherVersionIsWithheld() {
        ObjectNode actor = threatActor("The Night Shift", "CANARY-EN-44a0 met the source");
        protect(actor, "description");
        ObjectNode translation = translation(actor, "description", "CANARY-FR-44a0");
        ObjectNode fr = (ObjectNode) translation.get("contents").get("fr");
        fr.put("name", "L'equipe de nuit");
        post(actor, translation);
        ObjectNode next = threatActor("The Night Shift", "Seen in the harbour district");
        next.put("id", actor.get("id").asText());
        next.put("modified", "2026-02-01T00:00:00.000Z");
        post(next);

        String seen = everythingThePartnerReads();
        assertThat(seen).contains("Seen in the harbour district").doesNotContain("CANARY-");
    }

    /**
     * A released object carried a custom extension whose definition is withheld (TLP:RED);
     * the attacker hoped the definition's original id (the extension's key) and the
     * extension's properties would reach the partner.
     */
    @Test
    void aWithheldExtensionDefinitionLeavesNeitherItsIdNorItsPropertiesBehind() {
        ObjectNode author = identity();
        ObjectNode definition = extensionDefinition(author, "property-extension", "new-sdo");
        definition.putArray("object_marking_refs").add(RED);
        String key = definition.get("id").asText();
        ObjectNode indicator = Stix.indicator(Stix.id("indicator"), CREATED);
        indicator.putArray("object_marking_refs").add(GREEN);
        ObjectNode ext = indicator.putObject("extensions").putObject(key);
        ext.put("extension_type", "property-extension");
        ext.put("x_handler_notes", "CANARY-EXT-91d4");
        ObjectNode custom = object("x-source-report");
        custom.put("x_summary", "CANARY-SDO-91d4");
        custom.putObject("extensions").putObject(key).put("extension_type", "new-sdo");
        post(author, definition, indicator, custom);

        String seen = everythingThePartnerReads();
        assertThat(seen).as("the indicator reaches the partner").contains("test indicator");
        assertThat(seen).doesNotContain(key).doesNotContain("CANARY-EXT-91d4").doesNotContain("CANARY-SDO-91d4");
    }

    /**
     * A released object carried a custom extension whose definition is released too; the
     * attacker hoped the extension's key would give partner-b the definition's original id.
     */
    @Test
    void aReleasedExtensionIsKeyedByItsDefinitionsDerivedId() {
        ObjectNode author = identity();
        ObjectNode definition = extensionDefinition(author, "property-extension");
        definition.putArray("object_marking_refs").add(GREEN);
        String key = definition.get("id").asText();
        ObjectNode indicator = Stix.indicator(Stix.id("indicator"), CREATED);
        indicator.putArray("object_marking_refs").add(GREEN);
        ObjectNode ext = indicator.putObject("extensions").putObject(key);
        ext.put("extension_type", "property-extension");
        ext.put("x_confidence_band", "high");
        indicator
                .putArray("granular_markings")
                .addObject()
                .put("marking_ref", GREEN)
                .putArray("selectors")
                .add("extensions." + key + ".x_confidence_band");
        post(author, definition, indicator);

        String seen = everythingThePartnerReads();
        assertThat(seen).doesNotContain(key);
        Map<String, JsonNode> objects = partnerObjects();
        String released = objects.values().stream()
                .filter(o -> o.path("type").asText().equals("extension-definition")
                        && o.path("name").asText().equals("handler notes"))
                .map(o -> o.path("id").asText())
                .findFirst()
                .orElseThrow();
        JsonNode got = objects.values().stream()
                .filter(o -> o.path("type").asText().equals("indicator"))
                .findFirst()
                .orElseThrow();
        assertThat(got.path("extensions")
                        .path(released)
                        .path("x_confidence_band")
                        .asText())
                .isEqualTo("high");
        assertThat(got.path("granular_markings").get(0).path("selectors").get(0).asText())
                .isEqualTo("extensions." + released + ".x_confidence_band");
    }

    /**
     * Notes and opinions quoting protected material were attached only to objects the partner
     * may not see; the attacker hoped they would reach the partner with an empty list of
     * references or with the withheld ids.
     */
    @Test
    void aNoteOrOpinionOnWithheldObjectsOnlyIsWithheld() {
        ObjectNode secret = threatActor("CANARY-RED-3e88", "tlp red");
        secret.putArray("object_marking_refs").add(RED);
        ObjectNode note = object("note");
        note.put("content", "CANARY-NOTE-3e88");
        note.putArray("object_refs").add(secret.get("id").asText());
        ObjectNode opinion = object("opinion");
        opinion.put("opinion", "agree");
        opinion.put("explanation", "CANARY-OPINION-3e88");
        opinion.putArray("object_refs").add(secret.get("id").asText());
        ObjectNode shown = threatActor("The Day Shift", "released");
        post(secret, note, opinion, shown);

        String seen = everythingThePartnerReads();
        assertThat(seen)
                .contains("The Day Shift")
                .doesNotContain("CANARY-")
                .doesNotContain(secret.get("id").asText());
    }

    /**
     * Protected text was put in a custom property and in an external reference of a released
     * object, both marked source-protected; the attacker hoped these less usual places would
     * escape the redaction.
     */
    @Test
    void protectedTextInCustomPropertiesAndExternalReferencesIsRedacted() {
        ObjectNode actor = threatActor("The Late Shift", "released");
        actor.put("x_source_detail", "CANARY-X-0b17");
        actor.putArray("external_references")
                .addObject()
                .put("source_name", "handler")
                .put("url", "https://example.org/handler")
                .put("description", "CANARY-REF-0b17");
        actor.putArray("granular_markings")
                .addObject()
                .put("marking_ref", Markings.SOURCE_PROTECTED_ID)
                .putArray("selectors")
                .add("x_source_detail")
                .add("external_references.[0].description");
        post(actor);

        String seen = everythingThePartnerReads();
        assertThat(seen).contains("The Late Shift").contains("handler").doesNotContain("CANARY-");
    }

    /**
     * An e-mail message with no ID contributing property (no sender, subject or body) is valid
     * under its own UUIDv4 but not under the
     * partner's derived (version 5) id, so it is withheld at finish; the attacker hoped the
     * relationship that needs it would reach the partner anyway, pointing at nothing released,
     * when the view is kept current after a post and when it is recomputed in full.
     */
    @Test
    void whatNeedsAnObjectItsDerivedIdMakesInvalidIsWithheldOnEveryPath() throws IOException {
        ObjectNode actor = threatActor("The Night Shift", "seen near the port");
        ObjectNode file = StixJson.mapper().createObjectNode();
        file.put("type", "email-message");
        file.put("spec_version", "2.1");
        file.put("id", Stix.id("email-message"));
        file.put("is_multipart", false);
        file.put("date", CREATED);
        file.putArray("object_marking_refs").add(GREEN);
        ObjectNode related = object("relationship");
        related.put("relationship_type", "related-to");
        related.put("source_ref", actor.get("id").asText());
        related.put("target_ref", file.get("id").asText());
        post(actor, file, related);

        assertViewHoldsTheActorAloneAndAgreesWithThePreview("kept current after the post");
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/demo/partner-b.yaml"))) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n# applied again\n";
            server.app().releases().apply(yaml, "partner-b.yaml", "test");
        }
        assertViewHoldsTheActorAloneAndAgreesWithThePreview("recomputed in full");
    }

    private void assertViewHoldsTheActorAloneAndAgreesWithThePreview(String when) {
        Map<String, JsonNode> seen = partnerObjects();
        assertThat(seen.values())
                .as(when)
                .extracting(o -> o.path("type").asText())
                .contains("threat-actor")
                .doesNotContain("email-message", "relationship");
        ReleaseService.Preview preview = server.app().releases().preview("partner-b", Optional.empty());
        assertThat(preview.released().values())
                .as("the preview of what the view holds, " + when)
                .extracting(o -> o.path("id").asText())
                .containsExactlyInAnyOrderElementsOf(seen.keySet().stream()
                        .filter(id -> id.startsWith("threat-actor--")
                                || id.startsWith("relationship--")
                                || id.startsWith("email-message--"))
                        .toList());
    }

    // --- sources ------------------------------------------------------------------------------

    static ObjectNode object(String type) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", Stix.id(type));
        o.put("created", CREATED);
        o.put("modified", CREATED);
        o.putArray("object_marking_refs").add(GREEN);
        return o;
    }

    static ObjectNode threatActor(String name, String description) {
        ObjectNode o = object("threat-actor");
        o.put("name", name);
        o.put("description", description);
        return o;
    }

    static ObjectNode identity() {
        ObjectNode o = object("identity");
        o.put("name", "Producer desk");
        o.put("identity_class", "organization");
        return o;
    }

    static ObjectNode extensionDefinition(ObjectNode author, String... types) {
        ObjectNode o = object("extension-definition");
        o.remove("object_marking_refs");
        o.put("created_by_ref", author.get("id").asText());
        o.put("name", "handler notes");
        o.put("schema", "https://example.org/schemas/handler-notes.json");
        o.put("version", "1.0.0");
        var list = o.putArray("extension_types");
        for (String t : types) {
            list.add(t);
        }
        return o;
    }

    static ObjectNode translation(ObjectNode of, String property, String text) {
        ObjectNode t = object("language-content");
        t.put("object_ref", of.get("id").asText());
        t.put("object_modified", of.get("modified").asText());
        t.putObject("contents").putObject("fr").put(property, text);
        return t;
    }

    /** A granular source-protected marking on the properties. */
    static void protect(ObjectNode o, String... selectors) {
        var s = o.putArray("granular_markings")
                .addObject()
                .put("marking_ref", Markings.SOURCE_PROTECTED_ID)
                .putArray("selectors");
        for (String selector : selectors) {
            s.add(selector);
        }
    }

    void post(ObjectNode... objects) {
        TaxiiClient.Reply r = server.as("analyst").post(server.objectsPath(intel), Stix.envelope(objects));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().path("failure_count").asInt()).as(r.body()).isZero();
        assertThat(r.json().path("success_count").asInt()).as(r.body()).isEqualTo(objects.length);
    }

    // --- what the partner reads -----------------------------------------------------------------

    /** Every page of the view's objects, by id. */
    Map<String, JsonNode> partnerObjects() {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode page : pages(server.objectsPath(view))) {
            page.path("objects").forEach(o -> out.put(o.path("id").asText(), o));
        }
        return out;
    }

    /** The bytes of every page of objects and of the manifest, every object and its versions. */
    String everythingThePartnerReads() {
        StringBuilder all = new StringBuilder();
        TaxiiClient partner = server.as("partner-b");
        all.append(partner.get(server.collectionPath(view)).body());
        List<JsonNode> objectPages = pages(server.objectsPath(view));
        objectPages.forEach(p -> all.append(p));
        pages(server.manifestPath(view)).forEach(p -> all.append(p));
        for (JsonNode page : objectPages) {
            for (JsonNode o : page.path("objects")) {
                String path = server.objectPath(view, o.path("id").asText());
                all.append(partner.get(path).body());
                all.append(partner.get(path + "versions/").body());
            }
        }
        assertThat(objectPages).as("the partner reads its view").isNotEmpty();
        return all.toString();
    }

    private List<JsonNode> pages(String path) {
        TaxiiClient partner = server.as("partner-b");
        List<JsonNode> out = new ArrayList<>();
        Map<String, String> params = new HashMap<>();
        params.put("limit", "50");
        while (true) {
            TaxiiClient.Reply r = partner.get(path, params);
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
            out.add(r.json());
            if (!r.json().path("more").asBoolean()) {
                return out;
            }
            params.put("next", r.json().path("next").asText());
        }
    }
}
