package org.tearline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Provenance;
import org.tearline.release.ReleaseEngineTest;
import org.tearline.stix.StixJson;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;
import org.tearline.warning.WarningLifecycleTest;

/**
 * Attacks on {@code /api} from a browser that holds a producer's credentials (HTTP Basic, which
 * browsers cache and send again by themselves): another site's page makes the browser post to
 * the API. Each test starts with a decided warning waiting for the supervisor's approval.
 */
class ApiAttackTest {

    static final String WARNING = "report--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

    @TempDir
    Path dir;

    TestServer server;
    TaxiiClient analyst;
    TaxiiClient supervisor;
    /** The id of the decision the warning waits on, as the API returned it. */
    String decision;

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir);
        server.user("analyst", Account.Role.PRODUCER);
        server.user("supervisor", Account.Role.PRODUCER);
        server.user("pa", Account.Role.PARTNER);
        String intel = server.app()
                .collections()
                .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                .id();
        server.grant("analyst", intel, true, true);
        server.grant("supervisor", intel, true, true);
        List<ObjectNode> sources = new ArrayList<>(ReleaseEngineTest.sources());
        sources.removeIf(o -> o.get("type").asText().equals("report"));
        server.app().objects().importObjects(intel, new ArrayList<>(sources), new Provenance("import", "test"));
        server.app()
                .releases()
                .apply(
                        "audience: trusted\nmembers: [pa]\nsources: [intel]\n"
                                + "markings: {tlp:amber: release, tlp:green: release}\n",
                        "trusted.yaml",
                        "analyst");
        analyst = server.as("analyst");
        supervisor = server.as("supervisor");
        ObjectNode body = StixJson.mapper().createObjectNode();
        body.put("collection", "intel");
        body.set("report", WarningLifecycleTest.report(WARNING, "2099-11-22T09:00:00.000Z"));
        assertThat(json(analyst, "/api/warnings", body.toString()).status()).isEqualTo(200);
        TaxiiClient.Reply decided = json(analyst, "/api/warnings/" + WARNING + "/decide", "{\"warn\": [\"trusted\"]}");
        assertThat(decided.status()).isEqualTo(200);
        decision = decided.json().get("decision_id").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * An attacker's page at another origin posted a bodiless form to the approve endpoint: the
     * supervisor's browser added the cached credentials, and the warning went out.
     */
    @Test
    void refusesACrossSiteApprovalCarryingCachedCredentials() {
        TaxiiClient.Reply r = supervisor.send(supervisor
                .request(approve())
                .header("Origin", "https://attacker.example")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().get("description").asText()).contains("Origin").contains("https://attacker.example");
        assertThat(state()).isEqualTo("decided");
    }

    /**
     * The attacker's page sent a JSON-typed body through fetch with credentials; the browser
     * says in Sec-Fetch-Site that the request comes from another site.
     */
    @Test
    void refusesARequestTheBrowserMarksAsCrossSite() {
        for (String site : List.of("cross-site", "same-site")) {
            TaxiiClient.Reply r = supervisor.send(supervisor
                    .request(approve())
                    .header("Sec-Fetch-Site", site)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.json().get("description").asText())
                    .contains("Sec-Fetch-Site")
                    .contains(site);
        }
        TaxiiClient.Reply r = supervisor.send(supervisor
                .request("/api/queue")
                .header("Sec-Fetch-Site", "cross-site")
                .GET());
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(state()).isEqualTo("decided");
    }

    /**
     * A form post (text/plain, one of the types a browser sends cross-site without asking
     * first) from a context that sends no Origin.
     */
    @Test
    void refusesAStateChangingCallThatIsNotJson() {
        for (String type :
                List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            TaxiiClient.Reply r = supervisor.send(supervisor
                    .request(approve())
                    .header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(r.status()).as(r.body()).isEqualTo(415);
            assertThat(r.json().get("description").asText()).contains("application/json");
        }
        TaxiiClient.Reply none =
                supervisor.send(supervisor.request(approve()).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(none.status()).as(none.body()).isEqualTo(415);
        assertThat(state()).isEqualTo("decided");
    }

    /** A bodiless post, as an image or link element can make, to an action that took none. */
    @Test
    void refusesAStateChangingCallWithoutABody() {
        TaxiiClient.Reply r = supervisor.send(supervisor
                .request(approve())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("description").asText()).contains("body");
        assertThat(state()).isEqualTo("decided");
    }

    /**
     * What the refusals must not stop: a page of the server's own origin, and a client outside
     * a browser (no Origin, no Sec-Fetch-Site) sending JSON.
     */
    @Test
    void acceptsTheServersOwnOriginAndClientsOutsideABrowser() {
        TaxiiClient.Reply queue = supervisor.send(supervisor
                .request("/api/queue")
                .header("Origin", server.base().toString())
                .header("Sec-Fetch-Site", "same-origin")
                .GET());
        assertThat(queue.status()).as(queue.body()).isEqualTo(200);
        TaxiiClient.Reply r = supervisor.send(supervisor
                .request(approve())
                .header("Origin", server.base().toString())
                .header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision_id\": \"" + decision + "\"}")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(state()).isEqualTo("warned");
    }

    private String approve() {
        return "/api/warnings/" + WARNING + "/approve";
    }

    private String state() {
        return server.app().warnings().find(WARNING).state().label();
    }

    private static TaxiiClient.Reply json(TaxiiClient who, String path, String body) {
        return who.send(who.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
