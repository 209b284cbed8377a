package org.tearline.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.domain.PeerSubscription;
import org.tearline.stix.StixTimestamp;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Two Tearlines on loopback, over real HTTP: what is posted at A into a collection B's account
 * may read arrives in B's inbound collection, pulled by B's running server on its schedule, with
 * its provenance; no partner of B sees the inbound collection. Run on each database.
 */
abstract class TwoTearlinesContract {

    @TempDir
    Path dir;

    TestServer a;
    TestServer b;

    /** A database URL for one instance, or null for SQLite. */
    abstract String database();

    @BeforeEach
    void start() {
        a = TestServer.start(dir.resolve("a"), TestServer.config(database()));
        b = TestServer.start(dir.resolve("b"), TestServer.config(database()));
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        discard();
    }

    /** Discards the databases once both servers are closed. */
    void discard() {}

    @Test
    void objectsPostedAtAArriveInBsInboundCollectionWithTheirProvenance() throws Exception {
        String shared = a.collection("shared with B");
        a.user("analyst-a", Account.Role.PRODUCER);
        a.grant("analyst-a", shared, true, true);
        a.user("tearline-b", Account.Role.PARTNER);
        a.grant("tearline-b", shared, true, false);
        List<ObjectNode> posted = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            posted.add(Stix.indicator(Stix.id("indicator"), "2026-01-01T00:00:00.000Z"));
        }
        assertThat(a.as("analyst-a")
                        .post(a.objectsPath(shared), Stix.envelope(posted))
                        .status())
                .isEqualTo(202);

        b.app().peers().add("a", a.base() + "/taxii2/", "tearline-b", null, null, TestServer.PASSWORD.toCharArray());
        PeerSubscription s = b.app().peers().subscribe("a", shared, "from-a", Duration.ofSeconds(1));
        waitForVersions(s, posted.size());

        // More at A: B's server pulls again within its interval.
        ObjectNode revised = Stix.indicator(posted.get(0).get("id").asText(), "2026-02-01T00:00:00.000Z");
        ObjectNode fresh = Stix.malware(Stix.id("malware"), "2026-02-01T00:00:00.000Z");
        assertThat(a.as("analyst-a")
                        .post(a.objectsPath(shared), Stix.envelope(revised, fresh))
                        .status())
                .isEqualTo(202);
        waitForVersions(s, posted.size() + 2);

        b.user("analyst-b", Account.Role.PRODUCER);
        TaxiiClient.Reply provenance =
                b.as("analyst-b").get("/api/provenance/" + revised.get("id").asText());
        assertThat(provenance.status()).isEqualTo(200);
        JsonNode versions = provenance.json().get("versions");
        assertThat(versions).hasSize(2);
        for (JsonNode v : versions) {
            assertThat(v.get("collection").asText()).isEqualTo(s.localCollection());
            assertThat(v.get("collection_kind").asText()).isEqualTo("inbound");
            assertThat(v.get("channel").asText()).isEqualTo("peer");
            assertThat(v.get("source").asText()).isEqualTo("a");
            assertThat(v.at("/peer/name").asText()).isEqualTo("a");
            assertThat(v.at("/peer/remote_collection").asText()).isEqualTo(shared);
            assertThat(StixTimestamp.isValid(v.at("/peer/received").asText())).isTrue();
        }

        b.user("partner-of-b", Account.Role.PARTNER);
        assertThat(b.as("partner-of-b").get(b.root() + "collections/").json().path("collections"))
                .as("an inbound collection is no partner's to read")
                .isEmpty();
        assertThat(b.as("partner-of-b")
                        .get("/api/provenance/" + revised.get("id").asText())
                        .status())
                .as("provenance names peers: the producer's only")
                .isEqualTo(403);
        assertThat(b.app().peers().subscriptions("a").get(0).received()).isEqualTo(posted.size() + 2);
    }

    @Test
    void wrongCredentialsAreReportedByTheTestAndKeptAsThePeersState() {
        a.user("tearline-b", Account.Role.PARTNER);
        b.app().peers().add("a", a.base() + "/taxii2/", "tearline-b", null, null, "not the password".toCharArray());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.app().peers().test("a"))
                .isInstanceOfSatisfying(
                        org.tearline.error.PeerFailureException.class,
                        e -> assertThat(e.kind()).isEqualTo(org.tearline.error.PeerFailureException.Kind.CREDENTIALS))
                .hasMessageContaining("401")
                .hasMessageNotContaining("not the password");

        assertThat(b.app().peers().peers().get(0).failing()).isTrue();
        assertThat(b.app().peers().peers().get(0).lastError()).startsWith("credentials:");
    }

    private void waitForVersions(PeerSubscription s, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long have = 0;
        while (System.nanoTime() < deadline) {
            have = b.app().store().read(tx -> tx.objects().countVersions(s.localCollection()));
            if (have >= expected) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(have).as("versions in B's inbound collection").isEqualTo(expected);
    }
}
