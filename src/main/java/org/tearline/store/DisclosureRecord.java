package org.tearline.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.tearline.domain.AuditCheckpoint;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.AuditKey;
import org.tearline.domain.Receipt;

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
    void appendAudit(List<AuditEntry> entries, Map<Long, Set<String>> objects, Map<Long, ViewRun> released);

    /** As above, for entries that released nothing into a view. */
    default void appendAudit(List<AuditEntry> entries, Map<Long, Set<String>> objects) {
        appendAudit(entries, objects, Map.of());
    }

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
