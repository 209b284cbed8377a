package org.tearline.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.domain.PeerSubscription;
import org.tearline.domain.PeerSubscription.Cursor;
import org.tearline.domain.PeerSubscription.Mode;
import org.tearline.domain.Provenance;
import org.tearline.domain.QuarantinedObject;
import org.tearline.domain.ReceivedFrom;
import org.tearline.domain.StoredObject;
import org.tearline.error.PeerFailureException;
import org.tearline.error.PeerFailureException.Kind;
import org.tearline.service.ObjectService;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixObjects;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.AddResult;
import org.tearline.store.Store;

/**
 * Pulls one subscription up to what its peer holds now, page by page. Each page's objects, where
 * they came from, what was quarantined and the moved cursor are stored in one transaction, so a
 * crash between pages loses and repeats nothing, and a crash inside one loses only the page,
 * which the next pull asks for again.
 *
 * <p>The cursor rules, in order: follow the server's {@code next}; where it gives none,
 * continue from its own {@code X-TAXII-Date-Added-Last} (never this instance's clock),
 * re-requesting a small overlap, since objects committed late on the server may carry an
 * earlier date_added; where it gives neither, or where more objects share one date_added than
 * fit a page, read its manifest (which names each version's date_added) and fetch the objects
 * by id. What arrives twice, through the overlap or a restart, is the same (id, version) the
 * store already holds, and is dropped there.
 */
final class Puller {

    private static final Logger LOG = LoggerFactory.getLogger(Puller.class);

    /** Tunables; see {@link #DEFAULT}. */
    record Settings(
            int pageLimit, int manifestLimit, int idsPerRequest, Duration overlap, int maxPagesPerPull, int attempts) {}

    static final Settings DEFAULT = new Settings(500, 500, 50, Duration.ofSeconds(5), 10_000, 5);

    /**
     * Longest Retry-After waited for inside one pull; a longer one ends the pull, and the
     * scheduler waits it out.
     */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final Store store;
    private final ObjectService objects;
    private final Clock clock;
    private final Settings settings;

    Puller(Store store, ObjectService objects, Clock clock, Settings settings) {
        this.store = store;
        this.objects = objects;
        this.clock = clock;
        this.settings = settings;
    }

    /** Pulls until the peer says there is no more; throws on the first failure, keeping what was stored. */
    PullResult pull(PeerSubscription start, TaxiiPeerClient client, URI collectionUrl) {
        PeerSubscription s = start;
        int pages = 0;
        long stored = 0;
        long duplicates = 0;
        long quarantined = 0;
        while (pages < settings.maxPagesPerPull()) {
            boolean first = pages == 0;
            Step step = s.cursor().mode() == Mode.MANIFEST
                    ? manifestPage(s, client, collectionUrl, first)
                    : objectsPage(s, client, collectionUrl, first);
            pages++;
            stored += step.stored;
            duplicates += step.duplicates;
            quarantined += step.quarantined;
            s = store.read(tx -> tx.peers().findSubscription(start.id())).orElseThrow();
            if (!step.more) {
                break;
            }
        }
        return new PullResult(pages, stored, duplicates, quarantined, s.newestAdded());
    }

    private record Step(long stored, long duplicates, long quarantined, boolean more) {}

    /**
     * The added_after to send, in the server's clock, in microseconds. Following a next token,
     * the one its chain began with (servers expect the same filters with it). Otherwise the
     * cursor less the overlap on a pull's first page, since the server may have committed late
     * an object dated before what we saw last; and on later pages the cursor less one
     * microsecond, so that the rest of a group sharing the last page's date_added comes again
     * rather than being skipped (what was already received is dropped when stored).
     */
    private Long requested(Cursor c, boolean first) {
        if (c.addedAfterMicros() == null || c.next() != null) {
            return c.addedAfterMicros();
        }
        return c.addedAfterMicros() - (first ? settings.overlap().toNanos() / 1_000 : 1);
    }

    private static String text(Long micros) {
        return micros == null ? null : StixTimestamp.formatMicros(StixTimestamp.fromMicros(micros));
    }

    /** Whether a page's newest date_added lies past what was asked for, so the next page moves on. */
    private static boolean progressed(Instant pageNewest, Long requested) {
        return pageNewest != null && (requested == null || StixTimestamp.toMicros(pageNewest) > requested);
    }

    /**
     * A next token the server no longer honours (it expired, or the server restarted) is dropped,
     * and the chain read again from where it began; what was received is dropped when stored.
     */
    private Step restartChain(PeerSubscription s, PeerFailureException e) {
        LOG.info("peer {} no longer takes its next token ({}); reading again from its date", s.peer(), e.getMessage());
        Cursor c = s.cursor();
        return storePage(s, List.of(), Map.of(), new Cursor(null, c.addedAfterMicros(), c.mode()), null, true);
    }

    /** One page of the objects endpoint. */
    private Step objectsPage(PeerSubscription s, TaxiiPeerClient client, URI url, boolean first) {
        Cursor c = s.cursor();
        Long requested = requested(c, first);
        TaxiiPeerClient.ObjectsPage page;
        try {
            page = patiently(() -> client.objects(url, c.next(), text(requested), settings.pageLimit(), null));
        } catch (PeerFailureException e) {
            if (c.next() != null && e.kind() == Kind.PROTOCOL) {
                return restartChain(s, e);
            }
            throw e;
        }
        Instant last = page.addedLast() == null
                ? null
                : StixTimestamp.parse(page.addedLast()).orElseThrow();
        Instant exact = page.addedFirst() != null && page.addedFirst().equals(page.addedLast()) ? last : null;
        Instant newest = later(s.newestAdded(), last);
        Cursor next;
        boolean more = page.more();
        if (page.more() && page.next() != null) {
            next = new Cursor(page.next(), requested, Mode.OBJECTS);
        } else if (page.more()) {
            if (progressed(last, requested)) {
                next = new Cursor(null, StixTimestamp.toMicros(last), Mode.OBJECTS);
            } else {
                // No next, and no header or no progress: more objects share one date_added than
                // a page holds, or the server does not say. Its manifest names every date_added.
                next = new Cursor(null, c.addedAfterMicros(), Mode.MANIFEST);
            }
        } else if (!page.objects().isEmpty() && last == null) {
            // A server that never says date_added would be read from the start on every pull:
            // its manifest says it, so the next pulls use that.
            next = new Cursor(null, c.addedAfterMicros(), Mode.MANIFEST);
        } else {
            next = new Cursor(
                    null, newest == null ? c.addedAfterMicros() : StixTimestamp.toMicros(newest), Mode.OBJECTS);
        }
        Map<String, Instant> addedOf = new HashMap<>();
        if (exact != null) {
            for (JsonNode o : page.objects()) {
                key(o).ifPresent(k -> addedOf.put(k, exact));
            }
        }
        return storePage(s, page.objects(), addedOf, next, newest, more);
    }

    /** One page of the manifest, and the objects it names that are not stored yet. */
    private Step manifestPage(PeerSubscription s, TaxiiPeerClient client, URI url, boolean first) {
        Cursor c = s.cursor();
        Long requested = requested(c, first);
        TaxiiPeerClient.ManifestPage page;
        try {
            page = patiently(() -> client.manifest(url, c.next(), text(requested), settings.manifestLimit()));
        } catch (PeerFailureException e) {
            if (c.next() != null && e.kind() == Kind.PROTOCOL) {
                return restartChain(s, e);
            }
            throw e;
        }
        Map<String, Instant> addedOf = new LinkedHashMap<>();
        Instant pageNewest = null;
        for (TaxiiPeerClient.ManifestEntry e : page.entries()) {
            Instant added = StixTimestamp.parse(e.dateAdded()).orElseThrow();
            Optional<Instant> version = StixTimestamp.parse(e.version());
            if (version.isEmpty()) {
                throw new PeerFailureException(
                        Kind.PROTOCOL, "peer '" + s.peer() + "' listed a manifest version that is not a timestamp");
            }
            addedOf.put(e.id() + "@" + StixTimestamp.key(version.get()), added);
            pageNewest = later(pageNewest, added);
        }
        Instant newest = later(s.newestAdded(), pageNewest);
        Cursor next;
        if (page.more() && page.next() != null) {
            next = new Cursor(page.next(), requested, Mode.MANIFEST);
        } else if (page.more()) {
            if (!progressed(pageNewest, requested)) {
                throw new PeerFailureException(
                        Kind.PROTOCOL,
                        "peer '" + s.peer() + "' gives more than " + settings.manifestLimit()
                                + " manifest records one date_added and no 'next' token, so no client can"
                                + " page past them; ask its operator to issue 'next' tokens");
            }
            next = new Cursor(null, StixTimestamp.toMicros(pageNewest), Mode.MANIFEST);
        } else {
            next = new Cursor(
                    null, newest == null ? c.addedAfterMicros() : StixTimestamp.toMicros(newest), Mode.MANIFEST);
        }
        Step got = fetchAndStore(s, client, url, notYetStored(s.localCollection(), addedOf), addedOf);
        Step moved = storePage(s, List.of(), addedOf, next, newest, page.more());
        return new Step(got.stored, got.duplicates, got.quarantined + moved.quarantined, page.more());
    }

    /** The manifest's versions the inbound collection does not hold yet. */
    private Map<String, Instant> notYetStored(String localCollection, Map<String, Instant> addedOf) {
        List<String> ids = addedOf.keySet().stream()
                .map(k -> k.substring(0, k.indexOf('@')))
                .distinct()
                .toList();
        Map<String, StoredObject> latest = store.read(tx -> tx.objects().latestObjects(List.of(localCollection), ids));
        Map<String, Instant> out = new LinkedHashMap<>();
        addedOf.forEach((key, added) -> {
            String id = key.substring(0, key.indexOf('@'));
            StoredObject have = latest.get(id);
            if (have == null || !key.equals(id + "@" + have.record().versionKey())) {
                out.put(key, added);
            }
        });
        return out;
    }

    /**
     * Fetches the objects of the wanted versions by id, in groups, and stores each group as it
     * comes (the cursor unmoved), so a pull that fails half-way keeps what it got and the next
     * one asks only for the rest. Every wanted version must come back.
     */
    private Step fetchAndStore(
            PeerSubscription s,
            TaxiiPeerClient client,
            URI url,
            Map<String, Instant> wanted,
            Map<String, Instant> addedOf) {
        List<String> ids = wanted.keySet().stream()
                .map(k -> k.substring(0, k.indexOf('@')))
                .distinct()
                .toList();
        Set<String> found = new HashSet<>();
        long stored = 0;
        long duplicates = 0;
        long quarantined = 0;
        for (int i = 0; i < ids.size(); i += settings.idsPerRequest()) {
            List<String> group = ids.subList(i, Math.min(ids.size(), i + settings.idsPerRequest()));
            Map<String, JsonNode> inGroup = new LinkedHashMap<>();
            String next = null;
            do {
                String from = next;
                TaxiiPeerClient.ObjectsPage page =
                        patiently(() -> client.objects(url, from, null, settings.pageLimit(), group));
                for (JsonNode o : page.objects()) {
                    Optional<String> k = key(o);
                    if (k.isPresent()) {
                        if (wanted.containsKey(k.get())) {
                            inGroup.put(k.get(), o);
                        }
                    } else if (o.path("id").isTextual()) {
                        // An object without modified or created (most observables): its manifest
                        // version is its date_added, which the object does not carry.
                        String prefix = o.get("id").asText() + "@";
                        wanted.keySet().stream()
                                .filter(w -> w.startsWith(prefix))
                                .forEach(w -> inGroup.put(w, o));
                    }
                }
                next = page.more() ? page.next() : null;
            } while (next != null);
            found.addAll(inGroup.keySet());
            Step kept = storePage(
                    s, inGroup.values().stream().distinct().toList(), addedOf, s.cursor(), s.newestAdded(), true);
            stored += kept.stored;
            duplicates += kept.duplicates;
            quarantined += kept.quarantined;
        }
        List<String> missing =
                wanted.keySet().stream().filter(k -> !found.contains(k)).toList();
        if (!missing.isEmpty()) {
            throw new PeerFailureException(
                    Kind.PROTOCOL,
                    "peer '" + s.peer() + "' lists " + missing.size() + " version(s) in its manifest that its"
                            + " objects endpoint does not return, e.g. " + missing.get(0)
                            + "; nothing past them is stored until it does");
        }
        return new Step(stored, duplicates, quarantined, true);
    }

    /** Tries a request again, a few times, when the peer is busy or failing for a moment. */
    private <T> T patiently(Supplier<T> request) {
        Duration wait = Duration.ofMillis(250);
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (PeerFailureException e) {
                boolean passing = e.kind() == Kind.RATE_LIMITED || e.kind() == Kind.SERVER_ERROR;
                Duration asked = e.retryAfter().orElse(Duration.ZERO);
                if (!passing || attempt >= settings.attempts() || asked.compareTo(LONGEST_WAIT) > 0) {
                    throw e;
                }
                sleep(asked.compareTo(wait) > 0 ? asked : wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerFailureException(Kind.UNREACHABLE, "interrupted while waiting for a peer");
        }
    }

    /** Validates, stores, records origins, quarantines and moves the cursor, in one transaction. */
    private Step storePage(
            PeerSubscription s,
            List<JsonNode> received,
            Map<String, Instant> addedOf,
            Cursor next,
            Instant newest,
            boolean more) {
        Instant now = clock.instant();
        List<JsonNode> valid = new ArrayList<>(received.size());
        List<QuarantinedObject> refused = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            JsonNode o = received.get(i);
            Optional<String> problem = objects.problem(o, i);
            if (problem.isPresent()) {
                refused.add(quarantined(s, o, problem.get(), now));
            } else {
                valid.add(o);
            }
        }
        long[] counts = new long[3];
        objects.receive(s.localCollection(), valid, new Provenance("peer", s.peer()), (tx, results) -> {
            List<ReceivedFrom> origins = new ArrayList<>();
            List<QuarantinedObject> kept = new ArrayList<>(refused);
            for (int i = 0; i < results.size(); i++) {
                AddResult r = results.get(i);
                switch (r.outcome()) {
                    case STORED ->
                        origins.add(new ReceivedFrom(
                                s.localCollection(),
                                r.id(),
                                r.versionKey(),
                                s.peer(),
                                s.remoteCollection(),
                                addedOf.get(r.id() + "@" + r.versionKey()),
                                now));
                    case DUPLICATE -> counts[1]++;
                    case CONFLICT ->
                        kept.add(quarantined(
                                s,
                                valid.get(i),
                                "[version-conflict] version "
                                        + StixTimestamp.format(StixTimestamp.parse(r.versionKey())
                                                .orElseThrow())
                                        + " is already stored with other content; received objects are never"
                                        + " rewritten, so this one is kept aside",
                                now));
                }
            }
            tx.peers().recordReceived(origins);
            counts[0] = origins.size();
            for (QuarantinedObject q : kept) {
                if (tx.quarantine().keep(q)) {
                    counts[2]++;
                }
            }
            tx.peers().advance(s.id(), next, counts[0], counts[2], newest, now);
        });
        return new Step(counts[0], counts[1], counts[2], more);
    }

    private static QuarantinedObject quarantined(PeerSubscription s, JsonNode o, String reasons, Instant now) {
        String body = o.toString();
        JsonNode id = o.get("id");
        return new QuarantinedObject(
                s.id(),
                s.peer(),
                s.remoteCollection(),
                id != null && id.isTextual() && id.asText().length() <= 300 ? id.asText() : null,
                body,
                reasons,
                Canonical.sha256(body.getBytes(StandardCharsets.UTF_8)),
                now);
    }

    /** "id@versionKey" of an object with a version; empty for one without. */
    private static Optional<String> key(JsonNode o) {
        JsonNode id = o.get("id");
        if (id == null || !id.isTextual() || !o.isObject()) {
            return Optional.empty();
        }
        return StixObjects.version(o).map(v -> id.asText() + "@" + StixTimestamp.key(v));
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
