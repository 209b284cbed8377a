package org.tearline.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.Tearline;
import org.tearline.domain.PeerSubscription;
import org.tearline.domain.QuarantinedObject;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionOrigin;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.StoreTx;
import org.tearline.testing.Stix;
import org.tearline.testing.TestServer;

/**
 * Pulling from a server that does what real ones have done: 300 objects with one date_added, no
 * date-added headers, no next, 429 and 500 now and then, and a clock ten minutes off. Every
 * valid version arrives exactly once, unchanged, with its provenance; every invalid one ends in
 * quarantine with its reasons.
 */
class AwkwardPeerTest {

    @TempDir
    Path dir;

    private static String stamp(int n) {
        return StixTimestamp.format(Instant.parse("2026-01-01T00:00:00Z").plusMillis(n));
    }

    @Test
    void everyVersionArrivesOnceFromAServerWithoutNextOrHeadersThatRefusesNowAndThen() throws Exception {
        try (AwkwardTaxiiServer peer = new AwkwardTaxiiServer(AwkwardTaxiiServer.AWKWARD);
                Tearline b = Tearline.open(TestServer.config(null), dir, Clock.systemUTC())) {
            ObjectNode noPattern = Stix.indicator(Stix.id("indicator"), stamp(1));
            noPattern.remove("pattern");
            ObjectNode noId = Stix.malware(Stix.id("malware"), stamp(1));
            noId.remove("id");
            // First, so that the first page, read before the client turns to the manifest, has them.
            peer.addEach(List.of(noPattern, noId, IntNode.valueOf(42)));
            List<ObjectNode> together = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                together.add(Stix.indicator(Stix.id("indicator"), stamp(i)));
            }
            peer.addTogether(together);

            b.peers()
                    .add(
                            "awkward",
                            peer.discovery().toString(),
                            AwkwardTaxiiServer.USER,
                            null,
                            null,
                            AwkwardTaxiiServer.PASSWORD.toCharArray());
            PeerSubscription s = b.peers().subscribe("awkward", "awkward-feed", "from-awkward", Duration.ofMinutes(1));
            pullUntilClean(b);

            // Later: new objects one by one, and new versions of ten, while the peer's clock
            // still runs ten minutes behind ours.
            List<ObjectNode> later = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                later.add(Stix.malware(Stix.id("malware"), stamp(i)));
            }
            peer.addEach(later);
            List<ObjectNode> revised = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                revised.add(Stix.indicator(together.get(i).get("id").asText(), stamp(5_000 + i)));
            }
            Instant revisedAdded = peer.addTogether(revised);
            pullUntilClean(b);
            pullUntilClean(b);

            List<JsonNode> sent = new ArrayList<>(together);
            sent.addAll(later);
            sent.addAll(revised);
            assertThat(peer.refusals()).as("the server did refuse").isPositive();
            assertThat(b.store().read((StoreTx tx) -> tx.objects().countVersions(s.localCollection())))
                    .as("versions stored: none missed, none twice")
                    .isEqualTo(sent.size());
            Map<String, JsonNode> latestSent = new HashMap<>();
            sent.forEach(o -> latestSent.put(o.get("id").asText(), o));
            Map<String, StoredObject> stored = b.store()
                    .read((StoreTx tx) ->
                            tx.objects().latestObjects(List.of(s.localCollection()), latestSent.keySet()));
            assertThat(stored).hasSize(latestSent.size());
            for (Map.Entry<String, JsonNode> e : latestSent.entrySet()) {
                assertThat(org.tearline.stix.StixJson.mapper()
                                .readTree(stored.get(e.getKey()).json()))
                        .as("stored as sent: %s", e.getKey())
                        .isEqualTo(e.getValue());
            }
            PeerSubscription after = b.peers().subscriptions("awkward").get(0);
            assertThat(after.received()).as("counted once each").isEqualTo(sent.size());

            List<QuarantinedObject> quarantined = b.peers().quarantine("awkward", 10);
            assertThat(quarantined).hasSize(3);
            assertThat(quarantined)
                    .anySatisfy(q -> {
                        assertThat(q.objectId()).isEqualTo(noPattern.get("id").asText());
                        assertThat(q.reasons()).contains("pattern");
                    })
                    .anySatisfy(q -> assertThat(q.reasons()).contains("id"))
                    .anySatisfy(q -> assertThat(q.reasons()).contains("not-an-object"));
            assertThat(b.store()
                            .read((StoreTx tx) -> tx.objects()
                                    .latestObjects(
                                            List.of(s.localCollection()),
                                            List.of(noPattern.get("id").asText()))))
                    .as("never stored as valid")
                    .isEmpty();

            List<VersionOrigin> origins =
                    b.peers().provenance(revised.get(0).get("id").asText());
            assertThat(origins).hasSize(2);
            VersionOrigin newest = origins.stream()
                    .filter(o -> o.version().version().equals(stamp(5_000)))
                    .findFirst()
                    .orElseThrow();
            assertThat(newest.provenance().channel()).isEqualTo("peer");
            assertThat(newest.provenance().source()).isEqualTo("awkward");
            assertThat(newest.fromPeer()).hasValueSatisfying(r -> {
                assertThat(r.peer()).isEqualTo("awkward");
                assertThat(r.remoteCollection()).isEqualTo(AwkwardTaxiiServer.COLLECTION);
                assertThat(r.remoteDateAdded())
                        .as("the peer's own date_added, ten minutes behind ours")
                        .isEqualTo(revisedAdded);
            });
        }
    }

    /** Pulls until a pull ends without an error (the peer refuses now and then). */
    static void pullUntilClean(Tearline b) {
        for (int i = 0; i < 20; i++) {
            List<PeerService.PullReport> reports = b.peers().pull("awkward");
            if (reports.stream().allMatch(r -> r.error() == null)) {
                return;
            }
        }
        throw new AssertionError("no clean pull in 20 tries: "
                + b.peers().subscriptions("awkward").get(0).lastError());
    }
}
