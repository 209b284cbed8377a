package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tearline.domain.AuditCheckpoint;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.AuditKey;
import org.tearline.domain.Receipt;

/**
 * The contract of {@link DisclosureRecord} as a store keeps it: entries, the head, checkpoints,
 * keys and receipts, on every database the store runs on. (Chaining and signing are the audit
 * service's; org.tearline.audit.DisclosureRecordContract tests those end to end.)
 */
abstract class DisclosureRecordStoreContract extends RepositoryContract {

    private static final String ZERO = "0".repeat(64);

    private static AuditEntry entry(long seq, int second, String kind, String audience, String subject) {
        return new AuditEntry(
                seq,
                T0.plusSeconds(second),
                kind,
                "alice",
                audience,
                subject,
                "{\"n\":" + seq + "}",
                "h" + (seq - 1),
                "h" + seq);
    }

    private List<AuditEntry> entries(AuditQuery query) {
        return read((StoreTx tx) -> {
            List<AuditEntry> out = new ArrayList<>();
            tx.record().forEachAuditEntry(query, out::add);
            return out;
        });
    }

    @Test
    void theHeadStartsEmptyAndMovesToTheLastEntryAppended() {
        assertThat(read((StoreTx tx) -> tx.record().auditHead())).isEqualTo(new AuditHead(0, ZERO));
        assertThat(write((StoreTx tx) -> tx.record().lockAuditHead())).isEqualTo(new AuditHead(0, ZERO));

        write((StoreTx tx) -> {
            tx.record()
                    .appendAudit(
                            List.of(entry(1, 0, "ingest", null, null), entry(2, 1, "ingest", null, null)), Map.of());
            tx.record().appendAudit(List.of(), Map.of());
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.record().auditHead())).isEqualTo(new AuditHead(2, "h2"));
        assertThat(write((StoreTx tx) -> tx.record().lockAuditHead())).isEqualTo(new AuditHead(2, "h2"));
    }

    @Test
    void entriesAreReadInOrderAndByAudienceKindAndTime() {
        AuditEntry one = entry(1, 0, "ingest", null, "indicator--1");
        AuditEntry two = entry(2, 10, "release", "partners", null);
        AuditEntry three = entry(3, 20, "release", "others", null);
        AuditEntry four = entry(4, 30, "retrieve", "partners", null);
        write((StoreTx tx) -> {
            tx.record().appendAudit(List.of(one, two), Map.of());
            tx.record().appendAudit(List.of(three, four), Map.of(), Map.of(3L, new ViewRun("view-others", 1, 2)));
            return null;
        });

        assertThat(entries(AuditQuery.ALL)).containsExactly(one, two, three, four);
        assertThat(entries(
                        new AuditQuery(Optional.of("partners"), Optional.empty(), Optional.empty(), Optional.empty())))
                .containsExactly(two, four);
        assertThat(entries(
                        new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("release"))))
                .containsExactly(two, three);
        assertThat(entries(new AuditQuery(
                        Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(20)), Optional.empty())))
                .containsExactly(three, four);
        assertThat(entries(new AuditQuery(
                        Optional.of("partners"), Optional.empty(), Optional.empty(), Optional.of("release"))))
                .containsExactly(two);
    }

    @Test
    void entriesAreFoundByTheObjectsTheyConcern() {
        AuditEntry bySubject = entry(1, 0, "ingest", null, "indicator--1");
        AuditEntry byObjects = entry(2, 1, "delete", null, null);
        AuditEntry unrelated = entry(3, 2, "ingest", null, "indicator--3");
        write((StoreTx tx) -> {
            tx.record()
                    .appendAudit(
                            List.of(bySubject, byObjects, unrelated),
                            Map.of(2L, Set.of("indicator--1", "indicator--2")));
            return null;
        });

        assertThat(entries(new AuditQuery(
                        Optional.empty(), Optional.of("indicator--1"), Optional.empty(), Optional.empty())))
                .containsExactly(bySubject, byObjects);
        assertThat(entries(new AuditQuery(
                        Optional.empty(), Optional.of("indicator--2"), Optional.empty(), Optional.empty())))
                .containsExactly(byObjects);
        assertThat(entries(new AuditQuery(
                        Optional.empty(), Optional.of("indicator--9"), Optional.empty(), Optional.empty())))
                .isEmpty();
    }

    @Test
    void aCheckpointIsKeptOncePerSeqInOrder() {
        AuditCheckpoint later = new AuditCheckpoint(7, "h7", T0.plusSeconds(70), "k1", "sig7");
        AuditCheckpoint earlier = new AuditCheckpoint(3, "h3", T0.plusSeconds(30), "k1", "sig3");
        write((StoreTx tx) -> {
            tx.record().addCheckpoint(later);
            tx.record().addCheckpoint(earlier);
            tx.record().addCheckpoint(new AuditCheckpoint(7, "other", T0, "k2", "other"));
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.record().checkpoints())).containsExactly(earlier, later);
    }

    @Test
    void aKeyOnceKeptOnlyChangesWhenItRetires() {
        AuditKey old = new AuditKey("k1", "PEM1", T0, null);
        AuditKey current = new AuditKey("k2", "PEM2", T0.plusSeconds(100), null);
        write((StoreTx tx) -> {
            tx.record().putAuditKey(current);
            tx.record().putAuditKey(old);
            return null;
        });
        assertThat(read((StoreTx tx) -> tx.record().auditKeys())).containsExactly(old, current);

        write((StoreTx tx) -> {
            tx.record().putAuditKey(new AuditKey("k1", "PEM-other", T0.plusSeconds(5), T0.plusSeconds(100)));
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.record().auditKeys()))
                .containsExactly(new AuditKey("k1", "PEM1", T0, T0.plusSeconds(100)), current);
    }

    @Test
    void onlyFirstRetrievalsAreRecordedAndReadBackByUserAndByObject() {
        Receipt a1 = new Receipt("pat", "view", "indicator--a", "v1", "d1", T0);
        Receipt b1 = new Receipt("pat", "view", "indicator--b", "v1", "d2", T0.plusSeconds(10));
        Receipt a1Again = new Receipt("pat", "view", "indicator--a", "v1", "d1", T0.plusSeconds(20));
        Receipt a2 = new Receipt("pat", "view", "indicator--a", "v2", "d3", T0.plusSeconds(20));
        Receipt other = new Receipt("sam", "view", "indicator--a", "v1", "d1", T0.plusSeconds(30));

        assertThat(write((StoreTx tx) -> tx.record().recordReceipts(List.of(a1, b1, a1))))
                .containsExactly(a1, b1);
        assertThat(write((StoreTx tx) -> tx.record().recordReceipts(List.of(a1Again, a2, other))))
                .containsExactly(a2, other);
        assertThat(write((StoreTx tx) -> tx.record().recordReceipts(List.of()))).isEmpty();

        assertThat(read((StoreTx tx) -> tx.record().receipts("pat", T0, T0.plusSeconds(20))))
                .as("from included, to excluded")
                .containsExactly(a1, b1);
        assertThat(read((StoreTx tx) -> tx.record().receipts("pat", T0, T0.plusSeconds(60))))
                .containsExactly(a1, b1, a2);
        assertThat(read((StoreTx tx) -> tx.record().receiptsOf("view", "indicator--a")))
                .containsExactly(a1, a2, other);
        assertThat(read((StoreTx tx) -> tx.record().receiptsOf("other", "indicator--a")))
                .isEmpty();
    }

    @Test
    void aLockedHeadKeepsOtherAppendersWaitingUntilItsTransactionEnds() throws Exception {
        Store other = openNode();
        CountDownLatch locked = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Object> first = pool.submit(() -> write((StoreTx tx) -> {
                AuditHead head = tx.record().lockAuditHead();
                locked.countDown();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                tx.record().appendAudit(List.of(entry(head.seq() + 1, 0, "ingest", null, null)), Map.of());
                return null;
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

            AuditHead seen = other.write((StoreTx tx) -> tx.record().lockAuditHead());

            assertThat(seen)
                    .as("the second appender waited and found the first one's entry")
                    .isEqualTo(new AuditHead(1, "h1"));
            first.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }
}
