package org.tearline.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tearline.domain.AuditEntry;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.AuditHead;
import org.tearline.store.StoreTx;
import org.tearline.store.TreeGrowth;
import org.tearline.store.ViewRun;

/**
 * The disclosure record as entries are appended to it. Appending locks the head, so on any
 * number of nodes the entries are numbered 1, 2, 3... in commit order. Each entry is a leaf of
 * the record's Merkle tree (RFC 9162; its data the canonical JSON array
 * {@code [seq, at, kind, actor, audience, subject, detail]}), and is still chained as before
 * (SHA-256 of the previous hash, a newline and that array), which exports and old tools read.
 */
public final class HashChain implements Disclosures {

    /** The previous hash of entry 1. */
    public static final String GENESIS = "0".repeat(64);

    /**
     * Perfect subtrees of this level or more are stored as they complete (one row per 256
     * entries or fewer): a proof then reads O(log n) rows and at most 256 leaves per subtree.
     */
    static final int STORED_NODE_LEVEL = 8;

    /** Told of every append, in its transaction: signs the heads that steps need. */
    @FunctionalInterface
    public interface Appended {
        void appended(StoreTx tx, List<AuditEvent> events);
    }

    private final Clock clock;
    private final Appended appended;

    /** A record that signs no head itself (the caller's checkpoints do). */
    public HashChain(Clock clock) {
        this(clock, (tx, events) -> {});
    }

    public HashChain(Clock clock, Appended appended) {
        this.clock = clock;
        this.appended = appended;
    }

    @Override
    public void record(StoreTx tx, List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        AuditHead head = tx.record().lockAuditHead();
        Merkle.Frontier tree = Merkle.Frontier.parse(
                head.seq(),
                tx.record()
                        .treeFrontier()
                        .orElseThrow(() -> new IllegalStateException("the disclosure record was not yet anchored in"
                                + " a Merkle tree (the audit service does that at start)")));
        List<String> leaves = new ArrayList<>(events.size());
        List<TreeGrowth.TreeNode> nodes = new ArrayList<>();
        Instant now = clock.instant();
        long seq = head.seq();
        String prev = head.hash();
        List<AuditEntry> entries = new ArrayList<>(events.size());
        Map<Long, Set<String>> objects = new HashMap<>();
        Map<Long, ViewRun> runs = new HashMap<>();
        for (AuditEvent e : events) {
            seq++;
            String detail = Canonical.json(e.detail());
            String body = canonical(seq, now, e.kind(), e.actor(), e.audience(), e.subject(), detail);
            String hash = Canonical.sha256((prev + "\n" + body).getBytes(StandardCharsets.UTF_8));
            byte[] leaf = Merkle.leafHash(body);
            leaves.add(Merkle.hex(leaf));
            tree.append(leaf, keep(nodes));
            entries.add(new AuditEntry(seq, now, e.kind(), e.actor(), e.audience(), e.subject(), detail, prev, hash));
            if (!e.objects().isEmpty()) {
                objects.put(seq, e.objects());
            }
            if (e.released() != null) {
                runs.put(seq, e.released());
            }
            prev = hash;
        }
        tx.record().appendAudit(entries, objects, runs, new TreeGrowth(leaves, tree.stored(), nodes));
        appended.appended(tx, events);
    }

    /** Keeps the completed subtrees worth storing. */
    static Merkle.NodeSink keep(List<TreeGrowth.TreeNode> into) {
        return (level, index, hash) -> {
            if (level >= STORED_NODE_LEVEL) {
                into.add(new TreeGrowth.TreeNode(level, index, Merkle.hex(hash)));
            }
        };
    }

    /** An entry's data as a leaf of the tree, and as the chain hashes it. */
    public static String canonical(
            long seq, Instant at, String kind, String actor, String audience, String subject, String detail) {
        ArrayNode body = StixJson.mapper().createArrayNode();
        body.add(seq);
        body.add(StixTimestamp.toMicros(at));
        body.add(kind);
        body.add(actor);
        body.add(audience);
        body.add(subject);
        body.add(detail);
        return body.toString();
    }

    /** An entry's leaf hash. */
    public static byte[] leafHash(AuditEntry e) {
        return Merkle.leafHash(canonical(e.seq(), e.at(), e.kind(), e.actor(), e.audience(), e.subject(), e.detail()));
    }

    /** The hash of an entry, from its stored fields. */
    public static String hash(
            String prev,
            long seq,
            Instant at,
            String kind,
            String actor,
            String audience,
            String subject,
            String detail) {
        String body = canonical(seq, at, kind, actor, audience, subject, detail);
        return Canonical.sha256((prev + "\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    /** The hash an entry should have. */
    public static String hash(AuditEntry e) {
        return hash(e.prevHash(), e.seq(), e.at(), e.kind(), e.actor(), e.audience(), e.subject(), e.detail());
    }
}
