package org.tearline.warning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Provenance;
import org.tearline.release.ReleaseEngineTest;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.WarningExtension;
import org.tearline.testing.MutableClock;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * A warning's whole path over real HTTP, with a producer's two users and two partners: draft,
 * decision, refused self-approval, approval, two tearlines, receipts, a dismissal, a lapse, an
 * extension, a retirement, and the bad requests along the way.
 */
public class WarningLifecycleTest {

    static final Instant START = Instant.parse("2026-11-20T09:00:00Z");
    static final String WARNING = "report--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(START);
    TestServer server;
    TaxiiClient analyst;
    TaxiiClient supervisor;
    TaxiiClient trustedPartner;
    TaxiiClient waryPartner;

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir, TestServer.config(null), clock);
        server.user("analyst", Account.Role.PRODUCER);
        server.user("supervisor", Account.Role.PRODUCER);
        server.user("pa", Account.Role.PARTNER);
        server.user("pb", Account.Role.PARTNER);
        String intel = server.app()
                .collections()
                .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                .id();
        server.grant("analyst", intel, true, true);
        server.grant("supervisor", intel, true, true);
        List<ObjectNode> sources = new ArrayList<>(ReleaseEngineTest.sources());
        sources.removeIf(o -> o.get("type").asText().equals("report"));
        server.app().objects().importObjects(intel, new ArrayList<>(sources), new Provenance("import", "test"));
        String markings = """
                markings: {tlp:amber: release, tlp:green: release, source-protected: %s,
                           method-protected: %s}
                """;
        server.app()
                .releases()
                .apply(
                        "audience: trusted\nmembers: [pa]\nsources: [intel]\n"
                                + markings.formatted("release", "release"),
                        "trusted.yaml",
                        "analyst");
        server.app()
                .releases()
                .apply(
                        "audience: wary\nmembers: [pb]\nsources: [intel]\n" + markings.formatted("redact", "redact"),
                        "wary.yaml",
                        "analyst");
        analyst = server.as("analyst");
        supervisor = server.as("supervisor");
        trustedPartner = server.as("pa");
        waryPartner = server.as("pb");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static ObjectNode report() {
        return report(WARNING, "2026-11-22T09:00:00.000Z");
    }

    /**
     * A warning report on the Arden Concert Hall case, with this id and window end, referring to
     * {@link ReleaseEngineTest}'s actor, source and venue; shared by the API's attack tests.
     */
    public static ObjectNode report(String id, String windowEnd) {
        ObjectNode r = ReleaseEngineTest.json("""
                {"type": "report", "spec_version": "2.1", "id": "%s",
                 "created": "2026-11-20T09:00:00.000Z", "modified": "2026-11-20T09:00:00.000Z",
                 "name": "Warning: attack on Arden Concert Hall",
                 "published": "2026-11-20T09:00:00Z",
                 "object_refs": ["%s", "%s", "%s"],
                 "object_marking_refs": ["%s"],
                 "extensions": {"%s": {"extension_type": "property-extension",
                   "threat_window_start": "2026-11-20T09:00:00.000Z",
                   "threat_window_end": "%s",
                   "threat_confidence": 85, "timing_confidence": 40, "urgency": "immediate"}}}
                """.formatted(
                        id,
                        ReleaseEngineTest.ACTOR,
                        ReleaseEngineTest.SOURCE,
                        ReleaseEngineTest.VENUE,
                        ReleaseEngineTest.AMBER,
                        WarningExtension.ID,
                        windowEnd));
        return r;
    }

    TaxiiClient.Reply post(TaxiiClient who, String path, String json) {
        return who.send(who.request(path)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)));
    }

    String viewOf(String audience) {
        return server.app().collections().find(audience).orElseThrow().id();
    }

    /** The warning as a partner receives it, or null. */
    JsonNode warningIn(TaxiiClient partner, String audience) {
        JsonNode env = partner.get(
                        server.root() + "collections/" + viewOf(audience) + "/objects/",
                        Map.of("match[type]", "report"))
                .json();
        for (JsonNode o : env.path("objects")) {
            if (o.path("extensions").has(WarningExtension.ID)) {
                return o;
            }
        }
        return null;
    }

    String statusIn(TaxiiClient partner, String audience) {
        return warningIn(partner, audience)
                .get("extensions")
                .get(WarningExtension.ID)
                .get("status")
                .asText();
    }

    /** An approval's body: it names the decision it approves. */
    String approval() {
        return "{\"decision_id\": \"" + server.app().warnings().find(WARNING).decisionId() + "\"}";
    }

    void createAndDecide() {
        ObjectNode body = StixJson.mapper().createObjectNode();
        body.put("collection", "intel");
        body.set("report", report());
        assertThat(post(analyst, "/api/warnings", body.toString()).status()).isEqualTo(200);
        assertThat(post(analyst, "/api/warnings/" + WARNING + "/decide", "{\"warn\": [\"trusted\", \"wary\"]}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void followsAWarningFromDraftToRetirement() {
        createAndDecide();
        // Nothing reaches partners before approval.
        assertThat(warningIn(trustedPartner, "trusted")).isNull();
        assertThat(warningIn(waryPartner, "wary")).isNull();

        TaxiiClient.Reply self = post(analyst, "/api/warnings/" + WARNING + "/approve", approval());
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().get("description").asText()).contains("cannot approve");
        assertThat(server.app().warnings().find(WARNING).state().label()).isEqualTo("decided");

        assertThat(post(supervisor, "/api/warnings/" + WARNING + "/approve", approval())
                        .status())
                .isEqualTo(200);

        // Two tearlines of one warning.
        JsonNode trusted = warningIn(trustedPartner, "trusted");
        JsonNode wary = warningIn(waryPartner, "wary");
        assertThat(trusted).isNotNull();
        assertThat(wary).isNotNull();
        assertThat(trusted.get("object_refs")).hasSize(3);
        assertThat(wary.get("object_refs")).hasSize(2);
        assertThat(wary.get("extensions")
                        .get(WarningExtension.ID)
                        .get("material_withheld")
                        .asBoolean())
                .isTrue();
        assertThat(trusted.get("id").asText()).isNotEqualTo(wary.get("id").asText());
        assertThat(statusIn(waryPartner, "wary")).isEqualTo("active");

        // Receipts: both partners retrieved it.
        server.app().receipts().flush();
        JsonNode shown = analyst.get("/api/warnings/" + WARNING).json();
        for (JsonNode a : shown.get("audiences")) {
            assertThat(a.get("retrieved_by")).as(a.toString()).isNotEmpty();
        }

        // A dismissal by the wary partner, about the warning as it received it.
        String feedback =
                server.app().collections().find("wary-feedback").orElseThrow().id();
        ObjectNode opinion = opinion(wary.get("id").asText(), "strongly-disagree");
        TaxiiClient.Reply posted = waryPartner.post(
                server.root() + "collections/" + feedback + "/objects/", Stix.envelope(List.of(opinion)));
        assertThat(posted.json().get("success_count").asInt()).as(posted.body()).isEqualTo(1);
        JsonNode queue = analyst.get("/api/queue").json().get("items");
        assertThat(queue.toString()).contains("dismissed").contains("strongly-disagree");

        // The window lapses: the warning stays active, says so, and is queued for reassessment.
        clock.advance(Duration.ofDays(3));
        assertThat(server.app().warnings().checkWindows()).containsExactly(WARNING);
        assertThat(server.app().warnings().checkWindows()).isEmpty();
        assertThat(statusIn(trustedPartner, "trusted")).isEqualTo("window-lapsed");
        assertThat(analyst.get("/api/queue").json().toString()).contains("window-lapsed");

        // Extended: active again, with the new end.
        String until = StixTimestamp.format(START.plus(Duration.ofDays(10)));
        assertThat(post(analyst, "/api/warnings/" + WARNING + "/extend", "{\"until\": \"" + until + "\"}")
                        .status())
                .isEqualTo(200);
        JsonNode extended = warningIn(waryPartner, "wary").get("extensions").get(WarningExtension.ID);
        assertThat(extended.get("status").asText()).isEqualTo("active");
        assertThat(extended.get("threat_window_end").asText()).isEqualTo(until);

        // Retired, with its reason, for partners too.
        assertThat(post(supervisor, "/api/warnings/" + WARNING + "/retire", "{\"reason\": \"averted\"}")
                        .status())
                .isEqualTo(200);
        JsonNode retired =
                warningIn(trustedPartner, "trusted").get("extensions").get(WarningExtension.ID);
        assertThat(retired.get("status").asText()).isEqualTo("retired");
        assertThat(retired.get("retirement_reason").asText()).isEqualTo("averted");

        // The timeline has every step, in order.
        JsonNode events =
                analyst.get("/api/warnings/" + WARNING + "/timeline").json().get("events");
        List<String> kinds = new ArrayList<>();
        events.forEach(e -> kinds.add(e.get("event").asText()));
        assertThat(kinds)
                .containsSubsequence(
                        "warning-created",
                        "warning-decided",
                        "warning-approved",
                        "release",
                        "retrieval",
                        "dismissal",
                        "warning-window-lapsed",
                        "warning-extended",
                        "warning-retired");
        String previous = "";
        for (JsonNode e : events) {
            assertThat(e.get("at").asText()).isGreaterThanOrEqualTo(previous);
            assertThat(e.get("actor").asText()).isNotBlank();
            previous = e.get("at").asText();
        }
    }

    static ObjectNode opinion(String about, String value) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "opinion");
        o.put("spec_version", "2.1");
        o.put("id", Stix.id("opinion"));
        o.put("created", "2026-11-20T12:00:00.000Z");
        o.put("modified", "2026-11-20T12:00:00.000Z");
        o.put("opinion", value);
        o.put("explanation", "We assess the venue as well protected.");
        o.putArray("object_refs").add(about);
        return o;
    }

    @Test
    void refusesFeedbackAboutSomethingNeverReleasedToThePartner() {
        createAndDecide();
        post(supervisor, "/api/warnings/" + WARNING + "/approve", approval());
        String feedback =
                server.app().collections().find("wary-feedback").orElseThrow().id();
        String trustedId = warningIn(trustedPartner, "trusted").get("id").asText();
        for (String about : List.of(WARNING, trustedId, ReleaseEngineTest.SOURCE)) {
            TaxiiClient.Reply r = waryPartner.post(
                    server.root() + "collections/" + feedback + "/objects/",
                    Stix.envelope(List.of(opinion(about, "disagree"))));
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.json().get("failure_count").asInt()).isEqualTo(1);
            assertThat(r.json().get("failures").get(0).get("message").asText())
                    .contains("not something released to you");
        }
        List<org.tearline.domain.FeedbackRecord> none =
                server.app().store().read(tx -> tx.warnings().feedbackOn(WARNING));
        assertThat(none).isEmpty();
        assertThat(analyst.get("/api/queue").json().toString()).doesNotContain("dismissed");
    }

    @Test
    void refusesFeedbackIntoAnotherAudiencesCollection() {
        createAndDecide();
        post(supervisor, "/api/warnings/" + WARNING + "/approve", approval());
        String trustedFeedback = server.app()
                .collections()
                .find("trusted-feedback")
                .orElseThrow()
                .id();
        String waryId = warningIn(waryPartner, "wary").get("id").asText();
        TaxiiClient.Reply r = waryPartner.post(
                server.root() + "collections/" + trustedFeedback + "/objects/",
                Stix.envelope(List.of(opinion(waryId, "disagree"))));
        assertThat(r.status()).isEqualTo(404);
        List<org.tearline.domain.FeedbackRecord> none =
                server.app().store().read(tx -> tx.warnings().feedbackOn(WARNING));
        assertThat(none).isEmpty();
    }

    @Test
    void partnersReadOnlyTheirOwnFeedback() {
        createAndDecide();
        post(supervisor, "/api/warnings/" + WARNING + "/approve", approval());
        server.user("pb2", Account.Role.PARTNER);
        server.app()
                .releases()
                .apply(
                        "audience: wary\nmembers: [pb, pb2]\nsources: [intel]\n"
                                + "markings: {tlp:amber: release, tlp:green: release, source-protected: redact,"
                                + " method-protected: redact}\n",
                        "wary.yaml",
                        "analyst");
        String feedback =
                server.app().collections().find("wary-feedback").orElseThrow().id();
        String waryId = warningIn(waryPartner, "wary").get("id").asText();
        ObjectNode mine = opinion(waryId, "agree");
        waryPartner.post(server.root() + "collections/" + feedback + "/objects/", Stix.envelope(List.of(mine)));
        TaxiiClient other = server.as("pb2");
        String path = server.root() + "collections/" + feedback + "/objects/";
        assertThat(other.get(path).json().has("objects")).isFalse();
        assertThat(other.get(path + mine.get("id").asText() + "/").status()).isEqualTo(404);
        assertThat(waryPartner.get(path).json().get("objects")).hasSize(1);
    }

    @Test
    void decisionsOnARetiredWarningAreRefusedAndChangeNothing() {
        createAndDecide();
        post(supervisor, "/api/warnings/" + WARNING + "/approve", approval());
        post(analyst, "/api/warnings/" + WARNING + "/retire", "{\"reason\": \"occurred\"}");
        long entries = server.app().store().read(tx -> tx.record().auditHead()).seq();
        for (String[] call : new String[][] {
            {"decide", "{\"warn\": [\"wary\"]}"},
            {"approve", "{}"},
            {"extend", "{\"until\": \"2030-01-01T00:00:00Z\"}"},
            {"retire", "{\"reason\": \"averted\"}"}
        }) {
            TaxiiClient.Reply r = post(supervisor, "/api/warnings/" + WARNING + "/" + call[0], call[1]);
            assertThat(r.status()).as(call[0]).isEqualTo(409);
            assertThat(r.json().get("description").asText()).contains("is retired");
        }
        assertThat(server.app().warnings().find(WARNING).retiredReason()).isEqualTo("occurred");
        assertThat(server.app().store().read(tx -> tx.record().auditHead()).seq())
                .isEqualTo(entries);
    }

    @Test
    void aWaiverNeedsAJustificationAndASecondPerson() {
        ObjectNode body = StixJson.mapper().createObjectNode();
        body.put("collection", "intel");
        body.set("report", report());
        post(analyst, "/api/warnings", body.toString());
        TaxiiClient.Reply bad = post(analyst, "/api/warnings/" + WARNING + "/decide", "{\"waive\": \"because\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("description").asText()).contains("endangers-sources");
        assertThat(post(analyst, "/api/warnings/" + WARNING + "/decide", "{\"waive\": \"other\"}")
                        .status())
                .isEqualTo(400);
        assertThat(post(analyst, "/api/warnings/" + WARNING + "/decide", "{\"waive\": \"endangers-sources\"}")
                        .status())
                .isEqualTo(200);
        assertThat(post(analyst, "/api/warnings/" + WARNING + "/approve", approval())
                        .status())
                .isEqualTo(403);
        assertThat(post(supervisor, "/api/warnings/" + WARNING + "/approve", approval())
                        .json()
                        .get("state")
                        .asText())
                .isEqualTo("waived");
        assertThat(warningIn(trustedPartner, "trusted")).isNull();
    }

    @Test
    void partnersCannotUseTheWarningApi() {
        createAndDecide();
        assertThat(trustedPartner.get("/api/queue").status()).isEqualTo(403);
        assertThat(post(trustedPartner, "/api/warnings/" + WARNING + "/approve", approval())
                        .status())
                .isEqualTo(403);
        assertThat(server.anonymous().get("/api/queue").status()).isEqualTo(401);
    }
}
