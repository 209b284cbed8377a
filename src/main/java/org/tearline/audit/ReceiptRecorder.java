package org.tearline.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.AudienceRecord;
import org.tearline.store.Receipt;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;
import org.tearline.store.StoredObject;

/**
 * Records receipts (the first retrieval of each version by each partner user) without slowing
 * the read that causes them: the read only queues what it served, with the time it served it;
 * a background thread writes the queue every {@code flushEvery}, keeping the first retrievals
 * and appending one disclosure entry per user and collection for them.
 */
public final class ReceiptRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptRecorder.class);
    /** Past this many queued receipts a flush is started at once. */
    private static final int FLUSH_AT = 20_000;

    private final Store store;
    private final Disclosures disclosures;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Receipt> queue = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer;

    public ReceiptRecorder(Store store, Disclosures disclosures, Clock clock,
            Duration flushEvery) {
        this.store = store;
        this.disclosures = disclosures;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tearline-receipts");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flushQuietly, flushEvery.toMillis(),
                flushEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Notes that {@code account} was served these object versions of a collection now. */
    public void retrieved(String account, String collectionId, List<StoredObject> objects) {
        Instant now = clock.instant();
        for (StoredObject o : objects) {
            queue.add(new Receipt(account, collectionId, o.record().objectId(),
                    o.record().version(), o.digest(), now));
        }
        if (queue.size() > FLUSH_AT) {
            timer.execute(this::flushQuietly);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("recording receipts failed, will retry: {}", e.getMessage());
        }
    }

    /** Writes what is queued. */
    public synchronized void flush() {
        List<Receipt> batch = new ArrayList<>();
        Receipt r;
        while ((r = queue.poll()) != null) {
            batch.add(r);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.write(tx -> {
                record(tx, tx.recordReceipts(batch));
                return null;
            });
        } catch (RuntimeException e) {
            // Put them back: a receipt is evidence and must not be dropped on a busy store.
            queue.addAll(batch);
            throw e;
        }
    }

    private void record(StoreTx tx, List<Receipt> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        Map<String, String> audienceByView = new LinkedHashMap<>();
        for (AudienceRecord a : tx.audiences()) {
            audienceByView.put(a.viewCollectionId(), a.name());
        }
        Map<String, List<Receipt>> groups = new LinkedHashMap<>();
        for (Receipt r : fresh) {
            groups.computeIfAbsent(r.account() + "\n" + r.collectionId(),
                    k -> new ArrayList<>()).add(r);
        }
        List<AuditEvent> events = new ArrayList<>();
        for (List<Receipt> g : groups.values()) {
            Receipt head = g.get(0);
            ObjectNode detail = StixJson.mapper().createObjectNode();
            detail.put("account", head.account());
            detail.put("collection", head.collectionId());
            ArrayNode items = detail.putArray("items");
            Set<String> ids = new LinkedHashSet<>();
            for (Receipt r : g) {
                ObjectNode i = items.addObject();
                i.put("id", r.objectId());
                i.put("version", r.version());
                i.put("sha256", r.digest());
                i.put("retrieved", StixTimestamp.formatMicros(r.retrievedAt()));
                ids.add(r.objectId());
            }
            events.add(new AuditEvent("retrieval", head.account(),
                    audienceByView.get(head.collectionId()), null, detail, ids));
        }
        disclosures.record(tx, events);
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
