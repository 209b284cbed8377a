package org.tearline.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.TreeHead;
import org.tearline.error.BadRequestException;
import org.tearline.error.ConfigurationException;
import org.tearline.error.NotFoundException;
import org.tearline.stix.StixJson;
import org.tearline.store.AuditHead;
import org.tearline.store.AuditQuery;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;
import org.tearline.store.TreeGrowth;

/**
 * The record's Merkle tree as the producer serves it: signing its heads (in the transaction of
 * a step, on the timer, at shutdown), and the proofs partners ask for: consistency between two
 * sizes, and the inclusion of one entry in the latest signed head.
 */
public final class RecordTree {

    private static final Logger LOG = LoggerFactory.getLogger(RecordTree.class);

    /**
     * The kinds of entry a dispute turns on: each is followed, in its own transaction, by a
     * signed head, so none is ever behind the last checkpoint.
     */
    static boolean isStep(String kind) {
        return kind.startsWith("warning-") || kind.equals("dismissal") || kind.equals("takeback");
    }

    private final Store store;
    private final Clock clock;
    private final Supplier<SigningKeys.Pair> key;
    /** The largest head this node signed: a smaller last head in the store means heads were deleted. */
    private final AtomicLong largestSigned = new AtomicLong();

    RecordTree(Store store, Clock clock, Supplier<SigningKeys.Pair> key) {
        this.store = store;
        this.clock = clock;
        this.key = key;
    }

    /**
     * Signs the head of the record in {@code tx}, whose caller holds the head's lock. When the
     * record has not grown since the last signed head, that head is signed again in place (with
     * the new time and kind), so the series grows with the record and not with the clock.
     */
    TreeHead sign(StoreTx tx, String kind) {
        AuditHead head = tx.record().auditHead();
        String frontier = tx.record()
                .treeFrontier()
                .orElseThrow(() -> new IllegalStateException("the disclosure record is not anchored in a tree yet"));
        Optional<TreeHead> last = tx.record().lastTreeHead();
        long lastSize = last.map(TreeHead::size).orElse(0L);
        if (lastSize > head.seq() || lastSize < largestSigned.get()) {
            // Someone removed entries or signed heads under the running server: signing now
            // would hide it behind a fresh signature.
            throw new IllegalStateException("the disclosure record was cut: its last signed head is of size "
                    + lastSize + ", this node signed one of size " + largestSigned.get() + " and the record has "
                    + head.seq() + " entries; refusing to sign over it (run tearline audit verify)");
        }
        long previous = last.map(h -> h.size() == head.seq() ? h.previousSize() : h.size())
                .orElse(0L);
        String root = Merkle.hex(Merkle.Frontier.parse(head.seq(), frontier).root());
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        SigningKeys.Pair k = key.get();
        TreeHead unsigned = new TreeHead(head.seq(), root, at, previous, kind, k.keyId(), "");
        TreeHead signed = new TreeHead(
                head.seq(),
                root,
                at,
                previous,
                kind,
                k.keyId(),
                SigningKeys.sign(k.privateKey(), SignedHeads.message(unsigned)));
        tx.record().putTreeHead(signed);
        largestSigned.accumulateAndGet(head.seq(), Math::max);
        return signed;
    }

    /** Signs the head now, in a transaction of its own. */
    TreeHead checkpoint(String kind) {
        return store.write(tx -> {
            tx.record().lockAuditHead();
            return sign(tx, kind);
        });
    }

    /** Appended entries: a step's transaction signs the head before it commits. */
    void appended(StoreTx tx, List<AuditEvent> events) {
        for (AuditEvent e : events) {
            if (isStep(e.kind())) {
                sign(tx, "step");
                return;
            }
        }
    }

    /**
     * The record at start: an empty record gets its first head (size 0); a record written
     * before the tree existed has its hash chain verified once (by {@code chainCheck}), its
     * leaves and nodes computed, and the result anchored in the first signed head. A record
     * whose old chain is broken is not anchored: that would sign the damage.
     */
    void anchor(Function<StoreTx, Optional<String>> chainCheck) {
        store.write(tx -> {
            AuditHead head = tx.record().lockAuditHead();
            if (tx.record().treeFrontier().isPresent()) {
                if (head.seq() == 0 && tx.record().lastTreeHead().isEmpty()) {
                    sign(tx, "start");
                }
                return null;
            }
            Optional<String> broken = chainCheck.apply(tx);
            if (broken.isPresent()) {
                throw new ConfigurationException("the disclosure record's hash chain does not"
                        + " verify, so it cannot be anchored in a signed Merkle tree: " + broken.get());
            }
            Merkle.Frontier tree = new Merkle.Frontier();
            List<String> leaves = new ArrayList<>();
            List<TreeGrowth.TreeNode> nodes = new ArrayList<>();
            long[] first = {1};
            tx.record().forEachAuditEntry(AuditQuery.ALL, e -> {
                byte[] leaf = HashChain.leafHash(e);
                leaves.add(Merkle.hex(leaf));
                tree.append(leaf, HashChain.keep(nodes));
                if (leaves.size() == 10_000) {
                    // Leaves are flushed in runs, so a large record is not held in memory.
                    tx.record().growTree(first[0], new TreeGrowth(leaves, tree.stored(), nodes));
                    first[0] += leaves.size();
                    leaves.clear();
                    nodes.clear();
                }
            });
            tx.record().growTree(first[0], new TreeGrowth(leaves, tree.stored(), nodes));
            TreeHead h = sign(tx, "anchor");
            LOG.info("disclosure record anchored in a signed Merkle tree: {} entries, root {}", h.size(), h.rootHash());
            return null;
        });
    }

    /** Perfect subtrees from what is stored: a kept node, or the leaves of a small one. */
    static Merkle.Subtrees subtrees(StoreTx tx) {
        return new Merkle.Subtrees() {
            @Override
            public byte[] hash(int level, long index) {
                if (level >= HashChain.STORED_NODE_LEVEL) {
                    Optional<String> kept = tx.record().treeNode(level, index);
                    if (kept.isPresent()) {
                        return Merkle.unhex(kept.get());
                    }
                    if (level > HashChain.STORED_NODE_LEVEL) {
                        return Merkle.nodeHash(hash(level - 1, 2 * index), hash(level - 1, 2 * index + 1));
                    }
                }
                long start = index << level;
                long count = 1L << level;
                List<String> leaves = tx.record().leafHashes(start + 1, start + count);
                if (leaves.size() != count || leaves.contains(null)) {
                    throw new IllegalStateException(
                            "the record's leaf hashes " + (start + 1) + ".." + (start + count) + " are not all stored");
                }
                List<byte[]> level0 = new ArrayList<>(leaves.size());
                leaves.forEach(l -> level0.add(Merkle.unhex(l)));
                List<byte[]> row = level0;
                while (row.size() > 1) {
                    List<byte[]> up = new ArrayList<>(row.size() / 2);
                    for (int i = 0; i < row.size(); i += 2) {
                        up.add(Merkle.nodeHash(row.get(i), row.get(i + 1)));
                    }
                    row = up;
                }
                return row.get(0);
            }
        };
    }

    /** The latest signed head. */
    public Optional<TreeHead> latest() {
        return store.read(tx -> tx.record().lastTreeHead());
    }

    /** The proof that the tree of {@code from} entries is a prefix of that of {@code to}. */
    public ObjectNode consistency(long from, long to) {
        return store.read(tx -> {
            long size = tx.record().auditHead().seq();
            if (from < 1 || to < from || to > size) {
                throw new BadRequestException("a consistency proof goes from a size of at least 1 to one not smaller"
                        + " and not past the record's " + size + " entries; asked from " + from + " to " + to);
            }
            ObjectNode out = StixJson.mapper().createObjectNode();
            out.put("type", "tearline-consistency-proof");
            out.put("from", from);
            out.put("to", to);
            out.set("proof", SignedHeads.hexList(Merkle.consistencyProof(from, to, subtrees(tx))));
            return out;
        });
    }

    /**
     * The inclusion of entry {@code seq} in the latest signed head (signed now if it does not
     * cover the entry yet), with the entry's exact leaf data. A partner gets it only for an
     * entry about itself: its own retrievals, and releases and takebacks into a view it reads.
     */
    public ObjectNode inclusion(long seq, String account, boolean producer) {
        Optional<ObjectNode> out = store.read(tx -> {
            Optional<AuditEntry> entry = tx.record().auditEntry(seq);
            if (entry.isEmpty() || !(producer || concerns(tx, entry.get(), account))) {
                return Optional.<ObjectNode>empty();
            }
            Optional<TreeHead> head = tx.record().lastTreeHead();
            if (head.isEmpty() || head.get().size() < seq) {
                return Optional.of(StixJson.mapper().createObjectNode());
            }
            return Optional.of(inclusion(tx, entry.get(), head.get()));
        });
        if (out.isEmpty()) {
            // The same answer whether the entry does not exist or is not the caller's.
            throw new NotFoundException("no entry " + seq + " of the record that concerns " + account);
        }
        if (out.get().isEmpty()) {
            checkpoint("proof");
            return inclusion(seq, account, producer);
        }
        return out.get();
    }

    static ObjectNode inclusion(StoreTx tx, AuditEntry e, TreeHead head) {
        ObjectNode out = StixJson.mapper().createObjectNode();
        out.put("type", "tearline-inclusion-proof");
        out.put("entry", e.seq());
        out.put("leaf_index", e.seq() - 1);
        out.put(
                "leaf_data",
                HashChain.canonical(e.seq(), e.at(), e.kind(), e.actor(), e.audience(), e.subject(), e.detail()));
        out.put("tree_size", head.size());
        out.set("inclusion_path", SignedHeads.hexList(Merkle.inclusionProof(e.seq() - 1, head.size(), subtrees(tx))));
        out.set("head", SignedHeads.json(head));
        return out;
    }

    private static boolean concerns(StoreTx tx, AuditEntry e, String account) {
        if (e.kind().equals("retrieval")) {
            return account.equals(e.actor());
        }
        if (!Set.of("release", "takeback").contains(e.kind()) || e.audience() == null) {
            return false;
        }
        for (AudienceRecord a : tx.releaseViews().audiences()) {
            if (a.name().equals(e.audience())) {
                return tx.accounts()
                        .findGrant(account, a.viewCollectionId())
                        .map(g -> g.canRead())
                        .orElse(false);
            }
        }
        return false;
    }
}
