package org.tearline.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.Receipt;
import org.tearline.domain.StoredObject;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;

/**
 * Records receipts (the first retrieval of each version by each partner user) without slowing
 * the read that causes them: the read only queues what it served (references to each
 * version's id, version key and digest, in one array per page), with the time it served it;
 * a background thread writes the queue once reads pause for {@code flushEvery}, keeping the
 * first retrievals and appending one disclosure entry per user and collection for them.
 * Writing while a partner reads would take CPU, the write lock and the page cache from that
 * read (a large first read ran a quarter slower), so the queue waits for a pause: at most
 * {@link #HOLD_LONGEST} or {@link #HOLD_AT_MOST} queued versions, then it is written anyway. The times
 * recorded are those of the reads, whenever the queue is written.
 */
public final class ReceiptRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptRecorder.class);
    /**
     * Past this many queued versions they are written even while reads go on; about 270 bytes
     * each while queued (their id, version key and digest), so some 55 MB at most.
     */
    private static final int HOLD_AT_MOST = 200_000;
    /** How long the oldest queued receipt may wait for reads to pause. */
    private static final long HOLD_LONGEST = TimeUnit.SECONDS.toNanos(5);
    /** Receipts written in one transaction. */
    private static final int WRITE_AT_ONCE = 20_000;
    /** Receipts remembered as already queued; about 90 bytes each. */
    private static final int SEEN_LIMIT = 250_000;
    /** Pages remembered as already queued. */
    private static final int PAGES_LIMIT = 20_000;

    private final Store store;
    private final Disclosures disclosures;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Served> queue = new ConcurrentLinkedQueue<>();
    /** Versions in the pages queued, counted: the queue's own size() walks it. */
    private final AtomicInteger queued = new AtomicInteger();

    private final Seen seen = new Seen(SEEN_LIMIT);
    /** Whole pages already queued, so a partner's repeated poll costs one lookup a page. */
    private final Seen pages = new Seen(PAGES_LIMIT);
    /** Receipts taken from the queue and not yet written (guarded by flush's lock). */
    private final List<Receipt> unwritten = new ArrayList<>();
    /** One string per reader (account and collection), shared by the entries of seen. */
    private final Map<String, String> names = new ConcurrentHashMap<>();

    private final ScheduledExecutorService timer;
    private final LongSupplier ticker;
    /** How long reads must have paused before the queue is written. */
    private final long quietNanos;
    /** When a partner was last served a page (by the ticker, in nanoseconds). */
    private final AtomicLong lastServed;
    /** When the oldest receipt now queued was queued (by the ticker). */
    private volatile long oldestQueued;

    public ReceiptRecorder(Store store, Disclosures disclosures, Clock clock, Duration flushEvery) {
        this(store, disclosures, clock, flushEvery, System::nanoTime);
    }

    /** As above, with the ticker that tells whether reads paused (tests). */
    // Each round catches and logs its own failures and the executor is shut down on close:
    // the future has nothing more to say.
    @SuppressWarnings("FutureReturnValueIgnored")
    ReceiptRecorder(Store store, Disclosures disclosures, Clock clock, Duration flushEvery, LongSupplier ticker) {
        this.ticker = ticker;
        this.store = store;
        this.disclosures = disclosures;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tearline-receipts");
            t.setDaemon(true);
            return t;
        });
        this.quietNanos = flushEvery.toNanos();
        this.lastServed = new AtomicLong(ticker.getAsLong() - quietNanos);
        timer.scheduleWithFixedDelay(
                this::flushWhenQuiet, flushEvery.toMillis(), flushEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Notes that {@code account} was served these object versions of a collection now. This
     * runs on the read path, so it only keeps references to what the receipts will need, in
     * one array per page, and queues it: telling first retrievals from repeated ones, and the
     * receipts' own objects, wait for the background round (done here, they took some 3 µs of
     * the read's CPU per version; copying the strings instead still took 0.4 µs).
     */
    public void retrieved(String account, String collectionId, List<StoredObject> objects) {
        if (objects.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long served = ticker.getAsLong();
        lastServed.set(served);
        String reader = names.computeIfAbsent(account + "\n" + collectionId, k -> k);
        queue.add(new Served(account, collectionId, reader, now, pack(objects)));
        int total = queued.addAndGet(objects.size());
        if (total == objects.size()) {
            oldestQueued = served;
        }
        if (total > HOLD_AT_MOST) {
            timer.execute(this::flushQuietly);
        }
    }

    /**
     * A page served: for each version in turn its object id, version key and digest. Keys, not
     * timestamps: turning one into the other is left to the background.
     */
    // The packed array keeps the read path at one allocation a page; a Served is never
    // compared or hashed, so the array's identity equality does not matter.
    @SuppressWarnings("ArrayRecordComponent")
    private record Served(String account, String collectionId, String reader, Instant at, String[] versions) {

        int count() {
            return versions.length / 3;
        }
    }

    private static String[] pack(List<StoredObject> objects) {
        String[] out = new String[objects.size() * 3];
        int i = 0;
        for (StoredObject o : objects) {
            out[i++] = o.record().objectId();
            out[i++] = o.record().versionKey();
            out[i++] = o.digest();
        }
        return out;
    }

    /**
     * The first retrievals among a served page, as receipts; none when the reader was served
     * exactly this page before (a partner's repeated poll then costs one lookup a page).
     */
    private List<Receipt> firstRetrievals(Served s) {
        List<Receipt> out = new ArrayList<>();
        String[] v = s.versions();
        StringBuilder page = new StringBuilder(v.length * 45);
        for (String x : v) {
            page.append(x).append('\n');
        }
        if (!pages.firstTime(s.reader(), Canonical.sha256(page.toString().getBytes(StandardCharsets.UTF_8)))) {
            return out;
        }
        for (int i = 0; i < v.length; i += 3) {
            if (seen.firstTime(s.reader(), v[i + 2])) {
                out.add(new Receipt(
                        s.account(),
                        s.collectionId(),
                        v[i],
                        StixTimestamp.format(StixTimestamp.parse(v[i + 1]).orElseThrow()),
                        v[i + 2],
                        s.at()));
            }
        }
        return out;
    }

    /**
     * The receipts this node has already queued, so a partner that polls the same view again
     * and again costs the store nothing: a receipt is only ever the first retrieval, and the
     * store keeps it exactly once whatever is sent to it. Bounded, least recently used first
     * out; a forgotten entry costs one lookup in the store at the next flush, never a receipt.
     * Versions are told apart by the SHA-256 of their bytes (128 of its bits).
     */
    static final class Seen {
        private record Key(String reader, long high, long low) {}

        private final Map<Key, Boolean> keys;

        Seen(int limit) {
            this.keys = new LinkedHashMap<>(1_024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                    return size() > limit;
                }
            };
        }

        /** True unless {@code reader} was already given the version with this digest. */
        synchronized boolean firstTime(String reader, String digest) {
            if (digest == null || digest.length() < 32) {
                return true;
            }
            try {
                Key k = new Key(
                        reader, Long.parseUnsignedLong(digest, 0, 16, 16), Long.parseUnsignedLong(digest, 16, 32, 16));
                return keys.put(k, Boolean.TRUE) == null;
            } catch (NumberFormatException e) {
                return true;
            }
        }
    }

    /** The background round: writes the queue unless reads are going on and it may wait. */
    void flushWhenQuiet() {
        int waiting = queued.get();
        if (waiting == 0) {
            return;
        }
        long now = ticker.getAsLong();
        boolean reading = now - lastServed.get() < quietNanos;
        if (reading && waiting <= HOLD_AT_MOST && now - oldestQueued < HOLD_LONGEST) {
            return;
        }
        flushQuietly();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("recording receipts failed, will retry", e);
        }
    }

    /**
     * Writes what is queued, in transactions of at most {@link #WRITE_AT_ONCE} receipts, so
     * that neither a transaction nor its disclosure entry grows with the queue.
     */
    public synchronized void flush() {
        while (true) {
            Served s;
            while (unwritten.size() < WRITE_AT_ONCE && (s = queue.poll()) != null) {
                queued.addAndGet(-s.count());
                unwritten.addAll(firstRetrievals(s));
            }
            if (unwritten.isEmpty()) {
                return;
            }
            List<Receipt> batch = List.copyOf(unwritten.subList(0, Math.min(WRITE_AT_ONCE, unwritten.size())));
            // On failure they stay in unwritten: a receipt is evidence and must not be dropped
            // on a busy store.
            store.write(tx -> {
                record(tx, tx.record().recordReceipts(batch));
                return null;
            });
            unwritten.subList(0, batch.size()).clear();
        }
    }

    private void record(StoreTx tx, List<Receipt> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        Map<String, String> audienceByView = new LinkedHashMap<>();
        for (AudienceRecord a : tx.releaseViews().audiences()) {
            audienceByView.put(a.viewCollectionId(), a.name());
        }
        Map<String, List<Receipt>> groups = new LinkedHashMap<>();
        for (Receipt r : fresh) {
            groups.computeIfAbsent(r.account() + "\n" + r.collectionId(), k -> new ArrayList<>())
                    .add(r);
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
            events.add(new AuditEvent(
                    "retrieval", head.account(), audienceByView.get(head.collectionId()), null, detail, ids));
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
