package org.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Receipt;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;
import org.tearline.stix.Canonical;
import org.tearline.store.Store;
import org.tearline.store.jdbc.JdbcStore;

/**
 * Receipts are written when a partner's reads pause, not while they go on; a long read waits
 * no longer than a few seconds for its receipts, and each keeps the time of its read.
 */
class ReceiptsWaitForReadsTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @TempDir
    Path dir;

    @Test
    void receiptsAreWrittenWhenReadsPauseAndKeepTheTimeOfTheRead() {
        AtomicLong now = new AtomicLong(1_000_000 * MS);
        try (Store store = JdbcStore.open(JdbcStore.Settings.embedded(dir));
                ReceiptRecorder r = recorder(store, Duration.ofHours(1), now)) {
            r.retrieved("alice", "view", page(0));
            now.addAndGet(50 * MS);
            r.retrieved("alice", "view", page(1));
            now.addAndGet(50 * MS);
            r.flushWhenQuiet();
            assertThat(receipts(store)).as("the read goes on").isEmpty();

            now.addAndGet(TimeUnit.HOURS.toNanos(1) + MS);
            r.flushWhenQuiet();
            assertThat(receipts(store))
                    .hasSize(20)
                    .allSatisfy(x -> assertThat(x.retrievedAt()).isEqualTo(T0));
        }
    }

    @Test
    void aLongReadWaitsAFewSecondsAtMostForItsReceipts() {
        AtomicLong now = new AtomicLong(1_000_000 * MS);
        try (Store store = JdbcStore.open(JdbcStore.Settings.embedded(dir));
                ReceiptRecorder r = recorder(store, Duration.ofMillis(200), now)) {
            for (int p = 0; p < 60; p++) {
                r.retrieved("alice", "view", page(p));
                now.addAndGet(100 * MS);
                r.flushWhenQuiet();
                if (p < 49) {
                    assertThat(receipts(store)).as("after %d pages", p + 1).isEmpty();
                }
            }
            assertThat(receipts(store)).isNotEmpty();
        }
    }

    @Test
    void aPageServedAgainAndAgainIsOneReceiptPerVersionAsTheClientSawIt() {
        AtomicLong now = new AtomicLong(1_000_000 * MS);
        try (Store store = JdbcStore.open(JdbcStore.Settings.embedded(dir));
                ReceiptRecorder r = recorder(store, Duration.ofHours(1), now)) {
            List<StoredObject> served = page(0);
            r.retrieved("alice", "view", served);
            r.retrieved("alice", "view", served);
            r.flush();
            r.retrieved("alice", "view", served);
            r.flush();
            assertThat(receipts(store))
                    .hasSize(10)
                    .allSatisfy(x -> assertThat(x.version()).isEqualTo(org.tearline.stix.StixTimestamp.format(T0)));
            assertThat(receipts(store))
                    .extracting(Receipt::objectId, Receipt::digest)
                    .containsExactlyInAnyOrderElementsOf(served.stream()
                            .map(o -> org.assertj.core.groups.Tuple.tuple(
                                    o.record().objectId(), o.digest()))
                            .toList());
        }
    }

    /** A recorder whose reads all happen at T0, on a ticker the test moves. */
    private static ReceiptRecorder recorder(Store store, Duration quiet, AtomicLong now) {
        return new ReceiptRecorder(
                store, new HashChain(Clock.systemUTC()), Clock.fixed(T0, ZoneOffset.UTC), quiet, now::get);
    }

    private static List<Receipt> receipts(Store store) {
        return store.read(tx -> tx.record().receipts("alice", T0.minusSeconds(1), T0.plusSeconds(1)));
    }

    /** Ten distinct versions. */
    private static List<StoredObject> page(int n) {
        List<StoredObject> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "indicator--00000000-0000-4000-8000-" + String.format("%012d", n * 10 + i);
            String json = "{\"id\":\"" + id + "\"}";
            out.add(new StoredObject(
                    new VersionRecord(id, "indicator", org.tearline.stix.StixTimestamp.key(T0), "2.1", 1, n * 10L + i),
                    json,
                    Canonical.sha256(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        return out;
    }
}
