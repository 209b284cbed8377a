package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Provenance;
import org.tearline.release.ReleaseEngineTest;
import org.tearline.stix.StixJson;
import org.tearline.testing.MutableClock;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Attacks over TAXII by partners: one member of an audience probing another member's feedback,
 * and a client steering the URLs discovery announces. Two partners, pb and pb2, share the
 * audience "wary" and its feedback collection.
 */
class TaxiiAttackTest {

    static final Instant START = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(START);
    TestServer server;
    TaxiiClient pb;
    TaxiiClient pb2;
    String feedback;
    String released;

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir, TestServer.config(null), clock);
        server.user("analyst", Account.Role.PRODUCER);
        server.user("pb", Account.Role.PARTNER);
        server.user("pb2", Account.Role.PARTNER);
        String intel = server.app()
                .collections()
                .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                .id();
        List<ObjectNode> sources = new ArrayList<>(ReleaseEngineTest.sources());
        server.app().objects().importObjects(intel, new ArrayList<>(sources), new Provenance("import", "test"));
        server.app()
                .releases()
                .apply(
                        "audience: wary\nmembers: [pb, pb2]\nsources: [intel]\n"
                                + "markings: {tlp:amber: release, tlp:green: release}\n",
                        "wary.yaml",
                        "analyst");
        pb = server.as("pb");
        pb2 = server.as("pb2");
        feedback =
                server.app().collections().find("wary-feedback").orElseThrow().id();
        String view = server.app().collections().find("wary").orElseThrow().id();
        for (JsonNode o : pb.get(server.objectsPath(view)).json().path("objects")) {
            String type = o.get("type").asText();
            if (!type.equals("identity") && !type.equals("marking-definition")) {
                released = o.get("id").asText();
                break;
            }
        }
        assertThat(released).isNotNull();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * pb2 learned (or guessed) the id of pb's opinion and deleted it: a 200 both confirmed the
     * feedback existed and destroyed another member's words.
     */
    @Test
    void deletingAnotherMembersFeedbackLooksLikeDeletingNothing() {
        ObjectNode opinion = opinion(released);
        String id = opinion.get("id").asText();
        TaxiiClient.Reply posted = pb.post(server.objectsPath(feedback), Stix.envelope(List.of(opinion)));
        assertThat(posted.json().get("success_count").asInt()).as(posted.body()).isEqualTo(1);

        TaxiiClient.Reply theirs = pb2.delete(server.objectPath(feedback, id));
        assertThat(pb.get(server.objectPath(feedback, id)).status()).isEqualTo(200);
        assertThat(pb.delete(server.objectPath(feedback, id)).status()).isEqualTo(200);
        TaxiiClient.Reply nothing = pb2.delete(server.objectPath(feedback, id));

        assertThat(theirs.status()).as(theirs.body()).isEqualTo(404);
        assertThat(theirs.body()).isEqualTo(nothing.body());
    }

    /**
     * pb2 listed the feedback collection, empty to it, and read from the date headers when
     * another member last posted feedback.
     */
    @Test
    void anEmptyFeedbackListingCarriesNoDatesFromOtherMembersPosts() {
        List<String> paths = List.of(server.objectsPath(feedback), server.manifestPath(feedback));
        List<List<String>> before = new ArrayList<>();
        for (String path : paths) {
            before.add(dateHeaders(pb2.get(path)));
        }
        clock.advance(Duration.ofHours(5));
        TaxiiClient.Reply posted = pb.post(server.objectsPath(feedback), Stix.envelope(List.of(opinion(released))));
        assertThat(posted.json().get("success_count").asInt()).as(posted.body()).isEqualTo(1);
        String postedAt = pb.get(server.objectsPath(feedback))
                .header("X-TAXII-Date-Added-Last")
                .orElseThrow();

        for (int i = 0; i < paths.size(); i++) {
            TaxiiClient.Reply after = pb2.get(paths.get(i));
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.json().has("objects")).isFalse();
            assertThat(dateHeaders(after))
                    .as(paths.get(i))
                    .isEqualTo(before.get(i))
                    .doesNotContain(postedAt);
        }
    }

    /**
     * A client sent discovery a Host header of its choosing and got API root URLs pointing to
     * its own server, which a client following them would send its credentials to.
     */
    @Test
    void discoveryDoesNotAnnounceAHostTheClientChose() {
        String auth = "Authorization: " + TaxiiClient.basic("pb", TestServer.PASSWORD);
        List<TaxiiClient.Reply> replies = server.raw()
                .exchange(
                        "attacker.example:8443",
                        List.of("GET /taxii2/ HTTP/1.1\r\nAccept: " + TaxiiClient.TAXII + "\r\n" + auth));
        TaxiiClient.Reply d = replies.get(0);
        assertThat(d.status()).as(d.body()).isEqualTo(200);
        assertThat(d.body()).doesNotContain("attacker.example");
        assertThat(d.json().get("api_roots").get(0).asText()).isEqualTo(server.base() + server.root());
    }

    /**
     * Behind a TLS proxy, a client sent X-Forwarded-Host and X-Forwarded-Proto of its choosing
     * (a proxy passes them on or appends to them) to steer discovery's URLs; with
     * server.public-url set, discovery names that URL whatever the request says.
     */
    @Test
    void discoveryBehindAProxyNamesThePublicUrlNotForwardedHeaders() {
        String head = "GET /taxii2/ HTTP/1.1\r\nAccept: " + TaxiiClient.TAXII + "\r\n"
                + "X-Forwarded-Host: attacker.example\r\nX-Forwarded-Proto: https\r\n"
                + "Authorization: " + TaxiiClient.basic("pb", TestServer.PASSWORD);
        TearlineConfig c = TestServer.config(null);
        TearlineConfig.Server s = c.server();
        TearlineConfig behind =
                c.withServer(new TearlineConfig.Server(s.host(), s.port(), null, null, true, s.maxThreads()));
        try (TestServer proxied = TestServer.start(dir.resolve("proxied"), behind)) {
            proxied.user("pb", Account.Role.PARTNER);
            TaxiiClient.Reply d = proxied.raw().exchange(List.of(head)).get(0);
            assertThat(d.status()).as(d.body()).isEqualTo(200);
            assertThat(d.body()).doesNotContain("attacker.example");
        }
        TearlineConfig published = c.withServer(new TearlineConfig.Server(
                s.host(), s.port(), null, null, true, s.maxThreads(), "https://taxii.example.org/intel"));
        try (TestServer proxied = TestServer.start(dir.resolve("published"), published)) {
            proxied.user("pb", Account.Role.PARTNER);
            TaxiiClient.Reply d = proxied.raw().exchange(List.of(head)).get(0);
            assertThat(d.status()).as(d.body()).isEqualTo(200);
            assertThat(d.json().get("api_roots").get(0).asText())
                    .isEqualTo("https://taxii.example.org/intel/tearline/");
            assertThat(d.json().get("default").asText()).isEqualTo("https://taxii.example.org/intel/tearline/");
        }
    }

    private static List<String> dateHeaders(TaxiiClient.Reply r) {
        return List.of(
                r.header("X-TAXII-Date-Added-First").orElse("-"),
                r.header("X-TAXII-Date-Added-Last").orElse("-"));
    }

    private static ObjectNode opinion(String about) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "opinion");
        o.put("spec_version", "2.1");
        o.put("id", Stix.id("opinion"));
        o.put("created", "2026-11-20T12:00:00.000Z");
        o.put("modified", "2026-11-20T12:00:00.000Z");
        o.put("opinion", "disagree");
        o.putArray("object_refs").add(about);
        return o;
    }
}
