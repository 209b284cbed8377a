package org.tearline.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.tearline.domain.AuditCheckpoint;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.AuditKey;
import org.tearline.domain.Receipt;
import org.tearline.domain.TreeHead;

/**
 * The disclosure record: its chained entries, signed checkpoints and verification keys, and
 * the receipts of what partners retrieved. Part of one {@link StoreTx}.
 */
public interface DisclosureRecord {

    /** The head of the disclosure record, locked against other appenders until commit. */
    AuditHead lockAuditHead();

    /** The head of the disclosure record, without locking. */
    AuditHead auditHead();

    /**
     * Appends entries (numbered and chained by the caller from a locked head) and moves the
     * head to the last one. {@code objects} names, per entry seq, the objects it concerns;
     * {@code released}, per release entry, the view versions it released.
     */
    void appendAudit(
            List<AuditEntry> entries, Map<Long, Set<String>> objects, Map<Long, ViewRun> released, TreeGrowth tree);

    /**
     * As above, without growing the Merkle tree: for the store's own tests, which exercise
     * entries alone; a record written this way has no tree to prove anything with.
     */
    default void appendAudit(List<AuditEntry> entries, Map<Long, Set<String>> objects, Map<Long, ViewRun> released) {
        appendAudit(entries, objects, released, null);
    }

    /** As above, for entries that released nothing into a view. */
    default void appendAudit(List<AuditEntry> entries, Map<Long, Set<String>> objects) {
        appendAudit(entries, objects, Map.of());
    }

    /**
     * The frontier of the Merkle tree at the head (see {@link TreeGrowth}); empty while the
     * record predates the tree and was not yet anchored in one.
     */
    Optional<String> treeFrontier();

    /**
     * Grows the tree over entries already stored (anchoring a record that predates it): their
     * leaf hashes from entry {@code firstSeq} on, the frontier and the nodes.
     */
    void growTree(long firstSeq, TreeGrowth tree);

    /** The stored leaf hashes of entries [fromSeq, toSeq], in order (null where none). */
    List<String> leafHashes(long fromSeq, long toSeq);

    /** A stored perfect subtree's root, if kept. */
    Optional<String> treeNode(int level, long index);

    /** Keeps a signed tree head, replacing the one of the same size. */
    void putTreeHead(TreeHead head);

    /** The signed tree head of the largest size. */
    Optional<TreeHead> lastTreeHead();

    /** The signed tree head of one size. */
    Optional<TreeHead> treeHead(long size);

    /** Every signed tree head, by size. */
    void forEachTreeHead(Consumer<TreeHead> sink);

    /** One entry by its number. */
    Optional<AuditEntry> auditEntry(long seq);

    /** Streams the matching entries in order. */
    void forEachAuditEntry(AuditQuery query, Consumer<AuditEntry> sink);

    /** Keeps a signed checkpoint. */
    void addCheckpoint(AuditCheckpoint checkpoint);

    /** Every checkpoint, oldest first. */
    List<AuditCheckpoint> checkpoints();

    /** Creates or replaces a verification key. */
    void putAuditKey(AuditKey key);

    /** Every verification key, current and retired. */
    List<AuditKey> auditKeys();

    /** Records the receipts not recorded yet and returns those (the first retrievals). */
    List<Receipt> recordReceipts(List<Receipt> candidates);

    /** A user's receipts retrieved in [from, to), in time order. */
    List<Receipt> receipts(String account, Instant from, Instant to);

    /** Every receipt of one object of a collection. */
    List<Receipt> receiptsOf(String collectionId, String objectId);
}
