package org.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * The disclosure record, on every store: what it records, and that whoever edits the database
 * directly (a byte changed, an entry removed, inserted, reordered, the end cut off, the chain
 * recomputed after an edit) is found by verification, which names the first bad entry.
 */
abstract class DisclosureRecordContract {

    @TempDir
    Path dir;

    TestServer server;
    String viewId;

    /** Starts a server on this class's store. */
    protected abstract TestServer start(Path dir);

    /** A direct connection to the server's database, as an intruder would have. */
    protected abstract Connection connect() throws SQLException;

    @BeforeEach
    void story() {
        server = start(dir);
        server.user("analyst", Account.Role.PRODUCER);
        server.user("partner", Account.Role.PARTNER);
        String intel = server.app()
                .collections()
                .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                .id();
        server.app()
                .objects()
                .importObjects(intel, new ArrayList<>(ReleaseEngineTest.sources()), new Provenance("import", "test"));
        server.app().releases().apply("""
                audience: partner
                members: [partner]
                sources: [intel]
                markings: {tlp:amber: release, tlp:green: release, source-protected: redact,
                           method-protected: redact}
                """, "partner.yaml", "analyst");
        viewId = server.app().collections().find("partner").orElseThrow().id();
        TaxiiClient.Reply read = server.as("partner").get(server.root() + "collections/" + viewId + "/objects/");
        assertThat(read.status()).isEqualTo(200);
        server.app().receipts().flush();
        server.app().audit().checkpoint();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    AuditService.Verification verify() {
        return server.app().audit().verify(Map.of());
    }

    List<String> kinds() {
        List<String> out = new ArrayList<>();
        server.app().audit().entries(org.tearline.store.AuditQuery.ALL, e -> out.add(e.kind()));
        return out;
    }

    long lastSeq() {
        return server.app().store().read(tx -> tx.record().auditHead()).seq();
    }

    void sql(String statement) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void recordsPolicyGrantsReleasesAndRetrievalsAndVerifies() {
        assertThat(kinds()).contains("user-created", "policy", "grant-changed", "release", "retrieval");
        AuditService.Verification v = verify();
        assertThat(v.intact()).as(v.problem()).isTrue();
        assertThat(v.entries()).isEqualTo(lastSeq());
        assertThat(v.checkpoints()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void releaseEntriesNameIdsVersionsAndDigestsButNoProtectedContent() {
        List<JsonNode> releases = new ArrayList<>();
        server.app()
                .audit()
                .entries(
                        new org.tearline.store.AuditQuery(
                                Optional.of("partner"), Optional.empty(), Optional.empty(), Optional.of("release")),
                        e -> {
                            try {
                                releases.add(StixJson.mapper().readTree(e.detail()));
                            } catch (java.io.IOException ex) {
                                throw new AssertionError(ex);
                            }
                        });
        assertThat(releases).isNotEmpty();
        JsonNode item = releases.get(0).get("items").get(0);
        assertThat(item.has("released_id")).isTrue();
        assertThat(item.get("sha256").asText()).hasSize(64);
        assertThat(releases.toString()).doesNotContain("ORCHID").doesNotContain("Agent");
    }

    @Test
    void anEditedByteIsFoundAndTheEntryNamed() throws SQLException {
        long target = lastSeq() / 2;
        // One byte: the sixth character of the entry's detail becomes an 'X'.
        sql("UPDATE audit_entry SET detail = SUBSTR(detail, 1, 5) || 'X' || SUBSTR(detail, 7)" + " WHERE seq = "
                + target);
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadEntry()).isEqualTo(target);
        assertThat(v.problem()).contains("entry " + target).contains("altered");
    }

    @Test
    void aRemovedEntryIsFound() throws SQLException {
        long target = lastSeq() / 2;
        sql("DELETE FROM audit_entry WHERE seq = " + target);
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadEntry()).isEqualTo(target);
    }

    @Test
    void anInsertedEntryIsFound() throws SQLException {
        long last = lastSeq();
        long target = 2;
        // Make room, then forge an entry at 2 that copies entry 1.
        for (long s = last; s >= target; s--) {
            sql("UPDATE audit_entry SET seq = " + (s + 1) + " WHERE seq = " + s);
        }
        sql("INSERT INTO audit_entry (seq, at, kind, actor, audience, subject, detail,"
                + " prev_hash, hash) SELECT 2, at, kind, actor, audience, subject, detail,"
                + " hash, hash FROM audit_entry WHERE seq = 1");
        sql("UPDATE audit_head SET seq = " + (last + 1));
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadEntry()).isEqualTo(target);
    }

    @Test
    void reorderedEntriesAreFound() throws SQLException {
        sql("UPDATE audit_entry SET seq = -2 WHERE seq = 2");
        sql("UPDATE audit_entry SET seq = 2 WHERE seq = 3");
        sql("UPDATE audit_entry SET seq = 3 WHERE seq = -2");
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBadEntry()).isEqualTo(2);
    }

    @Test
    void entriesCutFromTheEndAreFoundAgainstTheLastCheckpoint() throws SQLException {
        long last = lastSeq();
        sql("DELETE FROM audit_entry WHERE seq > " + (last - 2));
        String hash;
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT hash FROM audit_entry WHERE seq = " + (last - 2))) {
            rs.next();
            hash = rs.getString(1);
        }
        // The intruder even moves the head back: the signed checkpoint still knows better.
        sql("UPDATE audit_head SET seq = " + (last - 2) + ", hash = '" + hash + "'");
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("truncated");
        assertThat(v.firstBadEntry()).isEqualTo(last - 1);
    }

    @Test
    void aRecomputedChainAfterAnEditIsFoundByTheSignedCheckpoint() throws SQLException {
        long target = 2;
        sql("UPDATE audit_entry SET actor = 'someone-else' WHERE seq = " + target);
        rechainFrom(target);
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("checkpoint");
    }

    /** What an intruder without the signing key can do: recompute every hash from an entry. */
    private void rechainFrom(long from) throws SQLException {
        try (Connection c = connect()) {
            String prev;
            try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_entry WHERE seq = ?")) {
                ps.setLong(1, from - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    prev = rs.getString(1);
                }
            }
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, kind, actor,"
                    + " audience, subject, detail FROM audit_entry WHERE seq >= ? ORDER BY seq")) {
                ps.setLong(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7)
                        });
                    }
                }
            }
            for (Object[] r : rows) {
                String hash = HashChain.hash(
                        prev,
                        (Long) r[0],
                        StixTimestamp.fromMicros((Long) r[1]),
                        (String) r[2],
                        (String) r[3],
                        (String) r[4],
                        (String) r[5],
                        (String) r[6]);
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE audit_entry" + " SET prev_hash = ?, hash = ? WHERE seq = ?")) {
                    ps.setString(1, prev);
                    ps.setString(2, hash);
                    ps.setLong(3, (Long) r[0]);
                    ps.executeUpdate();
                }
                prev = hash;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET hash = ? WHERE id = 1")) {
                ps.setString(1, prev);
                ps.executeUpdate();
            }
        }
    }

    @Test
    void aForgedKeyInTheDatabaseIsNotTrusted() throws SQLException {
        SigningKeys.Pair forged = SigningKeys.loadOrCreate(dir.resolve("forged.pem"), true);
        sql("INSERT INTO audit_key (key_id, public_key, created_at) VALUES ('" + forged.keyId() + "', '"
                + forged.publicPem() + "', 0)");
        long head = lastSeq();
        sql("INSERT INTO audit_checkpoint (seq, head_hash, at, key_id, signature) VALUES (" + (head + 1000)
                + ", 'x', 0, '" + forged.keyId() + "', 'AAAA')");
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("does not trust");
    }

    @Test
    void checkpointsSignedBeforeAKeyRotationStillVerify() {
        String old = server.app().audit().key().keyId();
        SigningKeys.Pair fresh = server.app().audit().rotate();
        assertThat(fresh.keyId()).isNotEqualTo(old);
        server.app().accounts().grant("partner", viewId, true, false);
        server.app().audit().checkpoint();
        AuditService.Verification v = verify();
        assertThat(v.intact()).as(v.problem()).isTrue();
        assertThat(v.checkpoints()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aPartnerVerifiesItsReceiptOfflineAndATamperedOneFails() throws Exception {
        TaxiiClient.Reply r = server.as("partner").get("/api/receipts");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        ObjectNode statement = (ObjectNode) r.json();
        assertThat(statement.get("items").size()).isGreaterThan(3);
        assertThat(statement.get("items").get(0).get("id").asText()).doesNotContain(ReleaseEngineTest.ACTOR);
        JsonNode keys = server.anonymous().get("/api/keys").json();
        java.security.PublicKey key = SigningKeys.publicFromPem(
                keys.get("keys").get(0).get("public_key").asText());
        assertThat(AuditService.verifyStatement(statement, key)).isEmpty();
        ObjectNode tampered = statement.deepCopy();
        ((ObjectNode) tampered.get("items").get(0)).put("version", "2000-01-01T00:00:00.000Z");
        assertThat(AuditService.verifyStatement(tampered, key))
                .hasValueSatisfying(p -> assertThat(p).contains("signature does not match"));
        SigningKeys.Pair other = SigningKeys.loadOrCreate(dir.resolve("other.pem"), true);
        assertThat(AuditService.verifyStatement(statement, other.publicKey())).isPresent();
    }

    /** Verification as it is done later (ten minutes on): a running server's grace is over. */
    AuditService.Verification verifyLater(java.util.List<org.tearline.domain.TreeHead> witnessed) {
        AuditService later = new AuditService(
                server.app().store(),
                java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(10)),
                dir.resolve("keys").resolve("audit-signing-key.pem"),
                false,
                java.time.Duration.ofSeconds(server.app().config().audit().checkpointSeconds()));
        return later.verify(Map.of(), witnessed);
    }

    /** Records a partner's dismissal the way the server does: a step, so its head is signed with it. */
    long dismissal() {
        HashChain chain =
                new HashChain(java.time.Clock.systemUTC(), server.app().audit()::appended);
        server.app().store().write(tx -> {
            ObjectNode detail = StixJson.mapper().createObjectNode();
            detail.put("opinion", "disagree");
            chain.record(
                    tx,
                    List.of(new AuditEvent(
                            "dismissal", "partner", "partner", "report--1", detail, java.util.Set.of())));
            return null;
        });
        return lastSeq();
    }

    long headCount() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_tree_head")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Cuts the record after entry {@code keep}, heads and all, and moves the head back: all an intruder can. */
    void cutAfter(long keep) throws SQLException {
        sql("DELETE FROM audit_entry WHERE seq > " + keep);
        sql("DELETE FROM audit_tree_head WHERE size > " + keep);
        String hash;
        String frontier;
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT hash FROM audit_entry WHERE seq = " + keep)) {
            rs.next();
            hash = rs.getString(1);
        }
        // The intruder recomputes the frontier too, so appending would go on seamlessly.
        Merkle.Frontier f = new Merkle.Frontier();
        server.app().audit().entries(org.tearline.store.AuditQuery.ALL, e -> {
            if (e.seq() <= keep) {
                f.append(HashChain.leafHash(e), Merkle.NodeSink.NONE);
            }
        });
        frontier = f.stored();
        sql("UPDATE audit_head SET seq = " + keep + ", hash = '" + hash + "', frontier = '" + frontier + "'");
    }

    @Test
    void aRewrittenEntryWithTheChainRecomputedAndEveryCheckpointDeletedFails() throws SQLException {
        sql("UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 2");
        rechainFrom(2);
        sql("DELETE FROM audit_tree_head");
        sql("DELETE FROM audit_checkpoint");
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("no signed checkpoint").contains("deleted");
    }

    @Test
    void aDismissalRewrittenIntoAnAgreementIsFoundThoughTheCheckpointsAfterItAreDeleted() throws SQLException {
        long seq = dismissal();
        server.app().accounts().grant("partner", viewId, true, false);
        sql("UPDATE audit_entry SET detail = REPLACE(detail, 'disagree', 'agree') WHERE seq = " + seq);
        rechainFrom(seq);
        sql("DELETE FROM audit_tree_head WHERE size >= " + seq);
        // At once, while the server would still be in its interval: the step must be covered.
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("entry " + seq).contains("dismissal").contains("deleted");
    }

    @Test
    void theLastEntriesDeletedWithTheLastCheckpointAreFound() throws SQLException {
        long first = dismissal();
        dismissal();
        server.app().audit().checkpoint();
        cutAfter(first);
        AuditService.Verification v = verifyLater(List.of());
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("not covered").contains("size " + first);
    }

    @Test
    void afterAKillTheLastTwoEntriesDeletedAreFound() throws SQLException {
        // No shutdown checkpoint: the server is left as a kill -9 leaves it. A waiver decision
        // and its approval are steps, each signed in its own transaction.
        long before = lastSeq();
        dismissal();
        dismissal();
        cutAfter(before);
        AuditService.Verification v = verifyLater(List.of());
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("no shutdown checkpoint").contains("cut");
    }

    @Test
    void aDeletedMiddleCheckpointIsFound() throws SQLException {
        long first = dismissal();
        dismissal();
        assertThat(headCount()).isGreaterThanOrEqualTo(3);
        sql("DELETE FROM audit_tree_head WHERE size = " + first);
        AuditService.Verification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("size " + first).contains("missing").contains("deleted");
    }

    @Test
    void aCleanShutdownCoversTheEndAndVerifiesLater() {
        dismissal();
        // What stopping the server does to the record: a shutdown head.
        server.app().audit().close();
        AuditService.Verification v = verifyLater(List.of());
        assertThat(v.intact()).as(v.problem()).isTrue();
    }

    @Test
    void aRecordCutOrRewrittenAfterAPartnerSawALaterHeadIsFoundAgainstTheWitnessedHead() throws SQLException {
        long first = dismissal();
        dismissal();
        org.tearline.domain.TreeHead seen = server.app().audit().checkpoint();
        // The producer (key in hand) may sign over a cut record; the partner's head still stands.
        cutAfter(first);
        AuditService.Verification v = verifyLater(List.of(seen));
        assertThat(v.intact()).isFalse();
        assertThat(v.problem()).contains("after a partner saw it").contains("size " + seen.size());
    }
}
