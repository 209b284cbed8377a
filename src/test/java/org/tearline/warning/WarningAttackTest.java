package org.tearline.warning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.cli.Demo;
import org.tearline.domain.Account;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.WarningExtension;
import org.tearline.testing.MutableClock;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Attacks on the duty to warn, over real HTTP against the demo: a producer user changing an
 * approved warning alone through TAXII, the substance of a draft warning reaching partners
 * through the objects it refers to, and an approval confirmed for one decision releasing
 * another.
 */
class WarningAttackTest {

    static final String KESTREL = "threat-actor--601cb4bf-7ad7-5220-ab79-64c9a8a0346f";
    static final String ARDEN = "location--38b14879-9650-5155-92f1-0c55749dc89b";
    static final String TARGETS = "relationship--58586323-e0d4-58c8-b361-09715bafdc0e";
    static final String INTEL = "9a4f6c1e-5d2b-4e8a-8f3c-2b7d1e0a6c54";

    /** The console's session and sign-in cookies (web.Sessions keeps them package-private). */
    static final String SESSION_COOKIE = "tl_session";

    static final String LOGIN_COOKIE = "tl_login";

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    TestServer server;
    TaxiiClient analyst;
    TaxiiClient supervisor;
    TaxiiClient partnerA;
    TaxiiClient partnerB;
    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir, TestServer.config(null), clock);
        Demo.seed(server.app(), new PrintStream(OutputStream.nullOutputStream()));
        analyst = client(Demo.ANALYST, Demo.ANALYST_PASSWORD);
        supervisor = client(Demo.SUPERVISOR, Demo.SUPERVISOR_PASSWORD);
        partnerA = client(Demo.PARTNER_A, Demo.PARTNER_A_PASSWORD);
        partnerB = client(Demo.PARTNER_B, Demo.PARTNER_B_PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * The supervisor posted a new version of the approved (and lapsed) warning straight to its
     * source collection over TAXII, saying "false alarm", urgency low, threat confidence 5,
     * active again, to have it reach both partners without anyone else's approval.
     */
    @Test
    void aNewVersionOfAReleasedWarningWaitsForADecisionAndASecondApproval() {
        warnBothPartners();
        clock.advance(Duration.ofMinutes(10));
        assertThat(server.app().warnings().checkWindows()).containsExactly(Demo.WARNING);

        ObjectNode forged = report(supervisor);
        forged.put("description", "false alarm");
        ObjectNode ext = (ObjectNode) forged.get("extensions").get(WarningExtension.ID);
        ext.put("urgency", "low");
        ext.put("threat_confidence", 5);
        ext.put("status", "active");
        forged.put("modified", StixTimestamp.format(clock.instant().plusSeconds(1)));
        // The new version also points at a new object, which is held with it.
        ObjectNode decoy = StixJson.mapper().createObjectNode();
        decoy.put("type", "indicator");
        decoy.put("spec_version", "2.1");
        decoy.put("id", "indicator--" + java.util.UUID.randomUUID());
        decoy.put("created", "2026-11-23T09:05:00.000Z");
        decoy.put("modified", "2026-11-23T09:05:00.000Z");
        decoy.put("name", "Decoy rendezvous domain");
        decoy.put("pattern", "[domain-name:value = 'decoy.example']");
        decoy.put("pattern_type", "stix");
        decoy.put("valid_from", "2026-11-23T09:05:00Z");
        decoy.putArray("object_marking_refs").add("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82");
        ((com.fasterxml.jackson.databind.node.ArrayNode) forged.get("object_refs"))
                .add(decoy.get("id").asText());
        TaxiiClient.Reply posted = supervisor.post(server.objectsPath(INTEL), Stix.envelope(forged, decoy));
        assertThat(posted.json().get("success_count").asInt()).as(posted.body()).isEqualTo(2);

        // Both partners keep the approved version, lapsed as it was.
        for (TaxiiClient partner : List.of(partnerA, partnerB)) {
            JsonNode held = warningIn(partner, partner == partnerA ? "partner-a" : "partner-b");
            assertThat(held.path("description").asText()).doesNotContain("false alarm");
            JsonNode e = held.get("extensions").get(WarningExtension.ID);
            assertThat(e.get("urgency").asText()).isEqualTo("immediate");
            assertThat(e.get("threat_confidence").asInt()).isEqualTo(85);
            assertThat(e.get("status").asText()).isEqualTo("window-lapsed");
            assertThat(partner.get(server.root() + "collections/"
                                    + viewOf(partner == partnerA ? "partner-a" : "partner-b") + "/objects/")
                            .body())
                    .doesNotContain("decoy");
        }
        // The record shows a warning step: a new version awaiting a decision.
        JsonNode shown = analyst.get("/api/warnings/" + Demo.WARNING).json();
        assertThat(shown.get("state").asText()).isEqualTo("draft");
        assertThat(events()).contains("warning-new-version");
        assertThat(analyst.get("/api/queue").json().toString()).contains("awaiting-decision");

        // Its writer can neither carry it through alone nor approve another's decision on it.
        JsonNode decided = post(
                        supervisor,
                        "/api/warnings/" + Demo.WARNING + "/decide",
                        "{\"warn\": [\"partner-a\", \"partner-b\"]}")
                .json();
        TaxiiClient.Reply alone = post(supervisor, "/api/warnings/" + Demo.WARNING + "/approve", approval(decided));
        assertThat(alone.status()).isEqualTo(403);
        JsonNode byOther = post(
                        analyst,
                        "/api/warnings/" + Demo.WARNING + "/decide",
                        "{\"warn\": [\"partner-a\", \"partner-b\"]}")
                .json();
        TaxiiClient.Reply writerApproves =
                post(supervisor, "/api/warnings/" + Demo.WARNING + "/approve", approval(byOther));
        assertThat(writerApproves.status()).isEqualTo(403);
        assertThat(writerApproves.json().get("description").asText()).contains("version of the warning");
        assertThat(warningIn(partnerB, "partner-b").path("description").asText())
                .doesNotContain("false alarm");

        // Decided by one and approved by another, it reaches them as written, active again.
        server.user("chief", Account.Role.PRODUCER);
        JsonNode current = analyst.get("/api/warnings/" + Demo.WARNING).json();
        TaxiiClient.Reply approved =
                post(server.as("chief"), "/api/warnings/" + Demo.WARNING + "/approve", approval(current.get("record")));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        JsonNode released = warningIn(partnerB, "partner-b");
        assertThat(released.path("description").asText()).isEqualTo("false alarm");
        assertThat(released.get("extensions")
                        .get(WarningExtension.ID)
                        .get("status")
                        .asText())
                .isEqualTo("active");
        assertThat(partnerA.get(server.root() + "collections/" + viewOf("partner-a") + "/objects/")
                        .body())
                .contains("Decoy rendezvous domain");
    }

    /**
     * An analyst retired the approved warning by posting a version with status "retired"
     * straight to its source collection over TAXII, to withdraw it from partners alone.
     */
    @Test
    void aRetirementWrittenDirectlyWaitsForApprovalToo() {
        warnBothPartners();
        ObjectNode retired = report(analyst);
        ObjectNode ext = (ObjectNode) retired.get("extensions").get(WarningExtension.ID);
        ext.put("status", "retired");
        ext.put("retirement_reason", "no-longer-credible");
        retired.put("modified", StixTimestamp.format(clock.instant().plusSeconds(60)));
        assertThat(postObject(analyst, retired).get("success_count").asInt()).isEqualTo(1);

        assertThat(statusIn(partnerA, "partner-a")).isEqualTo("active");
        assertThat(statusIn(partnerB, "partner-b")).isEqualTo("active");
        assertThat(server.app().warnings().find(Demo.WARNING).state().label()).isEqualTo("draft");
        assertThat(events()).contains("warning-new-version");

        // A decision by one and the approval of a third, neither of them its writer, retire it.
        JsonNode decided = post(
                        supervisor,
                        "/api/warnings/" + Demo.WARNING + "/decide",
                        "{\"warn\": [\"partner-a\", \"partner-b\"]}")
                .json();
        server.user("chief", Account.Role.PRODUCER);
        TaxiiClient.Reply done =
                post(server.as("chief"), "/api/warnings/" + Demo.WARNING + "/approve", approval(decided));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("state").asText()).isEqualTo("retired");
        assertThat(statusIn(partnerB, "partner-b")).isEqualTo("retired");
    }

    /**
     * With the demo warning still a draft, partner B read the objects it refers to, "Kestrel
     * cell" targets "Arden Concert Hall": the substance of the warning before any decision.
     */
    @Test
    void whatADraftWarningRefersToIsHeldWithIt() throws Exception {
        for (TaxiiClient partner : List.of(partnerA, partnerB)) {
            String view = partner == partnerA ? "partner-a" : "partner-b";
            String all = partner.get(server.root() + "collections/" + viewOf(view) + "/objects/")
                    .body();
            assertThat(all)
                    .as(view)
                    .doesNotContain("Kestrel")
                    .doesNotContain("Arden Concert")
                    .doesNotContain("\"targets\"");
        }
        // The preview says which warning holds what.
        String session = signIn(Demo.ANALYST, Demo.ANALYST_PASSWORD);
        String preview = get("/console/objects/" + KESTREL, session).body();
        assertThat(preview).contains("held with warning " + Demo.WARNING);

        // Warning partner A frees them for partner A only.
        warn(List.of("partner-a"));
        String a = partnerA.get(server.root() + "collections/" + viewOf("partner-a") + "/objects/")
                .body();
        assertThat(a).contains("Kestrel cell").contains("\"targets\"");
        String b = partnerB.get(server.root() + "collections/" + viewOf("partner-b") + "/objects/")
                .body();
        assertThat(b).doesNotContain("Kestrel").doesNotContain("\"targets\"");

        // A second draft about the same two: partner A keeps what it has, but a new
        // relationship between them, not even listed in the draft, is held with it.
        ObjectNode second = report(analyst);
        second.put("id", "report--" + java.util.UUID.randomUUID());
        second.put("name", "Warning: second approach to Arden Concert Hall");
        second.putArray("object_refs").add(KESTREL).add(ARDEN);
        ObjectNode body = StixJson.mapper().createObjectNode();
        body.put("collection", "intel");
        body.set("report", second);
        assertThat(post(analyst, "/api/warnings", body.toString()).status()).isEqualTo(200);
        ObjectNode scouted = StixJson.mapper().createObjectNode();
        scouted.put("type", "relationship");
        scouted.put("spec_version", "2.1");
        scouted.put("id", "relationship--" + java.util.UUID.randomUUID());
        scouted.put("created", "2026-11-23T09:30:00.000Z");
        scouted.put("modified", "2026-11-23T09:30:00.000Z");
        scouted.put("relationship_type", "located-at");
        scouted.put("source_ref", KESTREL);
        scouted.put("target_ref", ARDEN);
        scouted.putArray("object_marking_refs").add("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82");
        postObject(analyst, scouted);
        String after = partnerA.get(server.root() + "collections/" + viewOf("partner-a") + "/objects/")
                .body();
        assertThat(after).contains("Kestrel cell").doesNotContain("located-at");
        assertThat(get("/console/objects/" + scouted.get("id").asText(), session)
                        .body())
                .contains("held with warning " + second.get("id").asText());
    }

    /**
     * The supervisor's confirmation page said "warn partner-a"; meanwhile the analyst
     * re-decided for partner-a and partner-b, and the supervisor's confirm was to release to
     * both.
     */
    @Test
    void anApprovalIsBoundToTheDecisionItWasShown() throws Exception {
        post(analyst, "/api/warnings/" + Demo.WARNING + "/decide", "{\"warn\": [\"partner-a\"]}");
        String session = signIn(Demo.SUPERVISOR, Demo.SUPERVISOR_PASSWORD);
        String page = get("/console/warnings/" + Demo.WARNING, session).body();
        Map<String, String> fields = hidden(page, "/approve");
        HttpResponse<String> confirm = post("/console/warnings/" + Demo.WARNING + "/approve", session, fields);
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("warn partner-a?");

        post(analyst, "/api/warnings/" + Demo.WARNING + "/decide", "{\"warn\": [\"partner-a\", \"partner-b\"]}");
        HttpResponse<String> stale =
                post("/console/warnings/" + Demo.WARNING + "/approve", session, hidden(confirm.body(), "/approve"));

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("decision changed");
        assertThat(server.app().warnings().find(Demo.WARNING).state().label()).isEqualTo("decided");
        assertThat(warningIn(partnerA, "partner-a")).isNull();
        assertThat(warningIn(partnerB, "partner-b")).isNull();

        // Over the API too, an approval naming an earlier decision is refused.
        TaxiiClient.Reply api = post(
                supervisor,
                "/api/warnings/" + Demo.WARNING + "/approve",
                "{\"decision_id\": \"" + fields.getOrDefault("decision_id", "none") + "\"}");
        assertThat(api.status()).isEqualTo(409);
        assertThat(warningIn(partnerB, "partner-b")).isNull();
    }

    // --- helpers ---------------------------------------------------------------------------

    private TaxiiClient client(String user, String password) {
        return new TaxiiClient(server.base(), TaxiiClient.basic(user, password));
    }

    private void warnBothPartners() {
        warn(List.of("partner-a", "partner-b"));
        assertThat(warningIn(partnerB, "partner-b")).isNotNull();
    }

    private void warn(List<String> audiences) {
        JsonNode decided = post(
                        analyst,
                        "/api/warnings/" + Demo.WARNING + "/decide",
                        "{\"warn\": " + StixJson.mapper().valueToTree(audiences) + "}")
                .json();
        TaxiiClient.Reply approved = post(supervisor, "/api/warnings/" + Demo.WARNING + "/approve", approval(decided));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    }

    /** The body of an approval of the decision a reply showed. */
    private static String approval(JsonNode decided) {
        ObjectNode body = StixJson.mapper().createObjectNode();
        body.put("decision_id", decided.path("decision_id").asText(""));
        return body.toString();
    }

    private List<String> events() {
        List<String> kinds = new ArrayList<>();
        analyst.get("/api/warnings/" + Demo.WARNING + "/timeline")
                .json()
                .get("events")
                .forEach(e -> kinds.add(e.get("event").asText()));
        return kinds;
    }

    /** The warning's latest version in the source collection, as a producer reads it. */
    private ObjectNode report(TaxiiClient who) {
        JsonNode env = who.get(server.objectPath(INTEL, Demo.WARNING)).json();
        return ((ObjectNode) env.get("objects").get(0)).deepCopy();
    }

    private JsonNode postObject(TaxiiClient who, ObjectNode object) {
        TaxiiClient.Reply r = who.post(server.objectsPath(INTEL), Stix.envelope(object));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("success_count").asInt()).as(r.body()).isEqualTo(1);
        return r.json();
    }

    private TaxiiClient.Reply post(TaxiiClient who, String path, String json) {
        return who.send(who.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String viewOf(String audience) {
        return server.app().collections().find(audience).orElseThrow().id();
    }

    /** The warning as a partner receives it, or null. */
    private JsonNode warningIn(TaxiiClient partner, String audience) {
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

    private String statusIn(TaxiiClient partner, String audience) {
        return warningIn(partner, audience)
                .get("extensions")
                .get(WarningExtension.ID)
                .get("status")
                .asText();
    }

    // The console, as a browser drives it: sign-in form, session cookie, posted forms.

    private String signIn(String user, String password) throws Exception {
        HttpResponse<String> page = get("/console/login", null);
        String loginCookie = cookie(page, LOGIN_COOKIE);
        Matcher m = Pattern.compile("name=\"login\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("login", m.group(1));
        fields.put("user", user);
        fields.put("password", password);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/console/login"))
                        .header("Cookie", LOGIN_COOKIE + "=" + loginCookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(303);
        return cookie(r, SESSION_COOKIE);
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (session != null) {
            b.header("Cookie", SESSION_COOKIE + "=" + session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String session, Map<String, String> fields) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", SESSION_COOKIE + "=" + session)
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The hidden fields of the page's form that posts to an action ending so. */
    private static Map<String, String> hidden(String page, String actionEnd) {
        Matcher f = Pattern.compile(
                        "<form[^>]*action=\"[^\"]*" + Pattern.quote(actionEnd) + "\"[^>]*>(.*?)</form>", Pattern.DOTALL)
                .matcher(page);
        assertThat(f.find()).as("a form posting to " + actionEnd).isTrue();
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher h = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
                .matcher(f.group(1));
        while (h.find()) {
            fields.put(h.group(1), h.group(2));
        }
        return fields;
    }

    private URI uri(String path) {
        return URI.create(server.base().toString().replaceAll("/$", "") + path);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String cookie(HttpResponse<String> r, String name) {
        String c = r.headers().allValues("Set-Cookie").stream()
                .filter(x -> x.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie"));
        return c.substring(c.indexOf('=') + 1, c.indexOf(';'));
    }
}
