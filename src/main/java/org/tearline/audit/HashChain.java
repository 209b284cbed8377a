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
import org.tearline.store.ViewRun;

/**
 * The hash-chained disclosure record. Appending locks the head, so on any number of nodes the
 * entries are numbered 1, 2, 3... in commit order and each one's hash covers the previous
 * hash: SHA-256 of the previous hash, a newline, and the JSON array
 * {@code [seq, at, kind, actor, audience, subject, detail]}.
 */
public final class HashChain implements Disclosures {

    /** The previous hash of entry 1. */
    public static final String GENESIS = "0".repeat(64);

    private final Clock clock;

    public HashChain(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void record(StoreTx tx, List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        AuditHead head = tx.record().lockAuditHead();
        Instant now = clock.instant();
        long seq = head.seq();
        String prev = head.hash();
        List<AuditEntry> entries = new ArrayList<>(events.size());
        Map<Long, Set<String>> objects = new HashMap<>();
        Map<Long, ViewRun> runs = new HashMap<>();
        for (AuditEvent e : events) {
            seq++;
            String detail = Canonical.json(e.detail());
            String hash = hash(prev, seq, now, e.kind(), e.actor(), e.audience(), e.subject(), detail);
            entries.add(new AuditEntry(seq, now, e.kind(), e.actor(), e.audience(), e.subject(), detail, prev, hash));
            if (!e.objects().isEmpty()) {
                objects.put(seq, e.objects());
            }
            if (e.released() != null) {
                runs.put(seq, e.released());
            }
            prev = hash;
        }
        tx.record().appendAudit(entries, objects, runs);
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
        ArrayNode body = StixJson.mapper().createArrayNode();
        body.add(seq);
        body.add(StixTimestamp.toMicros(at));
        body.add(kind);
        body.add(actor);
        body.add(audience);
        body.add(subject);
        body.add(detail);
        return Canonical.sha256((prev + "\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    /** The hash an entry should have. */
    public static String hash(AuditEntry e) {
        return hash(e.prevHash(), e.seq(), e.at(), e.kind(), e.actor(), e.audience(), e.subject(), e.detail());
    }
}
