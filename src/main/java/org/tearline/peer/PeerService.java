package org.tearline.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Peer;
import org.tearline.domain.PeerSubscription;
import org.tearline.domain.Provenance;
import org.tearline.domain.QuarantinedObject;
import org.tearline.domain.ReceivedFrom;
import org.tearline.domain.VersionOrigin;
import org.tearline.domain.VersionRecord;
import org.tearline.error.BadRequestException;
import org.tearline.error.ConflictException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.error.PeerFailureException;
import org.tearline.error.PeerFailureException.Kind;
import org.tearline.service.CollectionService;
import org.tearline.service.ObjectService;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.ObjectFilter;
import org.tearline.store.PageRequest;
import org.tearline.store.Peers;
import org.tearline.store.Store;

/**
 * Peers: registering other organisations' TAXII servers (their credentials sealed), testing
 * them, subscribing to their collections, pulling, the quarantine, and where each stored
 * version came from.
 */
public final class PeerService {

    private static final Logger LOG = LoggerFactory.getLogger(PeerService.class);

    /** Shortest and longest pull interval a subscription may ask for. */
    public static final Duration MIN_EVERY = Duration.ofSeconds(1);

    public static final Duration MAX_EVERY = Duration.ofDays(1);

    /** Largest answer read from a peer. */
    static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;

    private final Store store;
    private final CollectionService collections;
    private final SecretBox secrets;
    private final Clock clock;
    private final String defaultApiRoot;
    private final Puller puller;
    private final PeerMetrics metrics;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /** What {@link #test} found. */
    public record TestReport(
            String title,
            List<String> apiRoots,
            String apiRoot,
            List<RemoteCollection> collections,
            Duration roundTrip) {}

    /** A collection of a peer, as it describes it to us. */
    public record RemoteCollection(String id, String title, String alias, boolean canRead, boolean canWrite) {}

    /**
     * What one pull of one subscription did, or why it failed.
     *
     * @param retryable  whether the failure may pass by itself (unreachable, rate-limited,
     *                   failing server) rather than needing a setting fixed
     * @param retryAfter how long the peer asked us to wait, or null
     */
    public record PullReport(
            PeerSubscription subscription, PullResult result, String error, boolean retryable, Duration retryAfter) {}

    /** How often {@link #pull(String)} tries a subscription whose pull fails on something passing. */
    static final int ATTEMPTS = 10;

    /** Longest wait {@link #pull(String)} honours from a Retry-After. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    public PeerService(
            Store store,
            ObjectService objects,
            CollectionService collections,
            SecretBox secrets,
            Clock clock,
            String defaultApiRoot,
            PeerMetrics metrics) {
        this(store, objects, collections, secrets, clock, defaultApiRoot, metrics, Puller.DEFAULT);
    }

    PeerService(
            Store store,
            ObjectService objects,
            CollectionService collections,
            SecretBox secrets,
            Clock clock,
            String defaultApiRoot,
            PeerMetrics metrics,
            Puller.Settings settings) {
        this.store = store;
        this.collections = collections;
        this.secrets = secrets;
        this.clock = clock;
        this.defaultApiRoot = defaultApiRoot;
        this.metrics = metrics;
        this.puller = new Puller(store, objects, clock, settings);
        this.connectTimeout = Duration.ofSeconds(10);
        this.requestTimeout = Duration.ofSeconds(60);
    }

    /**
     * Registers a peer. The secret (password, or token when there is no user) is sealed before
     * it is stored, and cleared from {@code secret} here.
     */
    public Peer add(String name, String discoveryUrl, String user, String apiRootUrl, Path caFile, char[] secret) {
        try {
            if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                throw new BadRequestException("peer name " + Echo.quote(String.valueOf(name))
                        + " must be 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
            }
            URI discovery = checkedUrl(discoveryUrl, "--url");
            if (apiRootUrl != null) {
                checkedUrl(apiRootUrl, "--api-root");
            }
            if (caFile != null && !Files.isReadable(caFile)) {
                throw new BadRequestException("CA file " + caFile + " cannot be read");
            }
            if (caFile != null) {
                // Fails now, with the reason, rather than at the first pull.
                TaxiiPeerClient.httpClient(caFile.toAbsolutePath(), connectTimeout);
            }
            String sealed = secret == null || secret.length == 0 ? null : secrets.seal(name, secret);
            Peer p = new Peer(
                    name,
                    discovery.toString(),
                    apiRootUrl == null ? null : withSlash(apiRootUrl),
                    user,
                    sealed,
                    caFile == null ? null : caFile.toAbsolutePath().toString(),
                    clock.instant(),
                    null,
                    null,
                    null,
                    null);
            if (!store.write(tx -> tx.peers().addPeer(p))) {
                throw new ConflictException("a peer named " + Echo.quote(name) + " exists; remove it first");
            }
            return p;
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    /** Every peer, by name. */
    public List<Peer> peers() {
        return store.read(tx -> tx.peers().peers());
    }

    /** The subscriptions of a peer, or of all peers when {@code peer} is null. */
    public List<PeerSubscription> subscriptions(String peer) {
        return store.read(tx -> tx.peers().subscriptions(peer));
    }

    /** Removes a peer and its subscriptions; what it sent stays, with its provenance. */
    public void remove(String name) {
        if (!store.write(tx -> tx.peers().removePeer(name))) {
            throw unknown(name);
        }
    }

    /**
     * Tries a peer: discovery, its API roots, the chosen root's collections and what we may do
     * with each, and the round trip. The outcome is kept as the peer's state.
     */
    public TestReport test(String name) {
        Peer p = peer(name);
        try {
            TaxiiPeerClient client = client(p);
            TaxiiPeerClient.Answer discovery = client.get(URI.create(p.discoveryUrl()));
            Duration rtt = discovery.roundTrip();
            List<String> roots = new ArrayList<>();
            discovery.body().path("api_roots").forEach(r -> roots.add(r.asText()));
            URI root = apiRoot(p, discovery.body());
            TaxiiPeerClient.Answer cs = client.get(root.resolve("collections/"));
            List<RemoteCollection> out = new ArrayList<>();
            cs.body()
                    .path("collections")
                    .forEach(c -> out.add(new RemoteCollection(
                            c.path("id").asText(),
                            c.path("title").asText(),
                            c.path("alias").isTextual() ? c.path("alias").asText() : null,
                            c.path("can_read").asBoolean(false),
                            c.path("can_write").asBoolean(false))));
            ok(p.name());
            return new TestReport(discovery.body().path("title").asText(""), roots, root.toString(), out, rtt);
        } catch (PeerFailureException e) {
            failed(p.name(), e);
            throw e;
        }
    }

    /**
     * Subscribes to a peer's collection (id or alias), pulled into the local inbound collection
     * {@code into} (id or alias), made when missing. Objects pulled there reach no partner
     * unless a release policy names that collection among its sources.
     */
    public PeerSubscription subscribe(String name, String remote, String into, Duration every) {
        if (every.compareTo(MIN_EVERY) < 0 || every.compareTo(MAX_EVERY) > 0) {
            throw new BadRequestException("--every must be between 1s and 1d, was " + every.toSeconds() + "s");
        }
        Peer p = peer(name);
        RemoteCollection target;
        try {
            TestReport report = test(name);
            target = report.collections().stream()
                    .filter(c -> c.id().equals(remote) || remote.equals(c.alias()))
                    .findFirst()
                    .orElseThrow(() -> new NotFoundException("peer " + Echo.quote(name) + " offers us no collection "
                            + Echo.quote(remote) + " (by id or alias); 'peer test " + name + "' lists them"));
        } catch (PeerFailureException e) {
            throw e;
        }
        if (!target.canRead()) {
            throw new BadRequestException(
                    "peer " + Echo.quote(name) + " does not let us read collection " + Echo.quote(remote));
        }
        CollectionInfo local = collections.find(into).orElse(null);
        if (local == null) {
            String alias = into.matches("[a-z0-9_-]{1,64}") ? into : null;
            local = collections.create(
                    null,
                    defaultApiRoot,
                    into,
                    "Pulled from peer " + p.name() + ", collection " + target.id(),
                    alias,
                    CollectionKind.INBOUND);
        } else if (local.kind() != CollectionKind.INBOUND) {
            throw new BadRequestException("collection " + Echo.quote(into) + " is a "
                    + local.kind().dbName() + " collection; a peer's objects go only into an inbound"
                    + " collection (name a new one and it is made)");
        }
        PeerSubscription s = new PeerSubscription(
                UUID.randomUUID().toString(),
                p.name(),
                target.id(),
                local.id(),
                every.toSeconds(),
                clock.instant(),
                PeerSubscription.Cursor.START,
                0,
                0,
                0,
                null,
                null,
                null,
                null);
        if (!store.write(tx -> tx.peers().addSubscription(s))) {
            throw new ConflictException("peer " + Echo.quote(name) + "'s collection " + Echo.quote(target.id())
                    + " is already pulled into " + Echo.quote(into));
        }
        return s;
    }

    /**
     * Pulls every subscription of a peer now, each up to what the peer holds; a failure that may
     * pass (429, 5xx, unreachable) is tried again after a doubling wait, or the Retry-After the
     * peer gave, a few times.
     */
    public List<PullReport> pull(String name) {
        Peer p = peer(name);
        List<PullReport> out = new ArrayList<>();
        for (PeerSubscription s : subscriptions(p.name())) {
            PullReport r = pull(s);
            Duration wait = Duration.ofMillis(250);
            for (int attempt = 1; r.error() != null && r.retryable() && attempt < ATTEMPTS; attempt++) {
                Duration asked = r.retryAfter() == null ? Duration.ZERO : r.retryAfter();
                sleep(asked.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : asked.compareTo(wait) > 0 ? asked : wait);
                wait = wait.multipliedBy(2);
                r = pull(r.subscription());
            }
            out.add(r);
        }
        return out;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to pull again", e);
        }
    }

    /**
     * Pulls one subscription up to what its peer holds; a failure is kept as the peer's and the
     * subscription's state and returned in the report, never thrown, so one peer's trouble does
     * not stop another's pull.
     */
    PullReport pull(PeerSubscription s) {
        Peer p = peer(s.peer());
        long start = System.nanoTime();
        try {
            TaxiiPeerClient client = client(p);
            URI collection = collectionUrl(p, client, s.remoteCollection());
            PullResult r = puller.pull(s, client, collection);
            Instant now = clock.instant();
            store.write(tx -> {
                tx.peers().pulled(s.id(), null, now);
                tx.peers().peerOk(p.name(), now);
                return null;
            });
            metrics.pulled(p.name(), s.id(), r, now);
            LOG.info(
                    "pulled peer {} collection {} into {}: {} page(s), {} stored, {} already held, {} quarantined,"
                            + " newest date_added {}, {} ms",
                    p.name(),
                    s.remoteCollection(),
                    s.localCollection(),
                    r.pages(),
                    r.stored(),
                    r.duplicates(),
                    r.quarantined(),
                    r.newestAdded() == null ? "-" : StixTimestamp.formatMicros(r.newestAdded()),
                    (System.nanoTime() - start) / 1_000_000);
            return new PullReport(refreshed(s), r, null, false, null);
        } catch (PeerFailureException e) {
            failed(p.name(), e);
            store.write(tx -> {
                tx.peers().pulled(s.id(), e.getMessage(), clock.instant());
                return null;
            });
            metrics.failed(p.name());
            LOG.warn(
                    "pulling peer {} collection {} failed ({}): {}",
                    p.name(),
                    s.remoteCollection(),
                    e.kind(),
                    e.getMessage());
            boolean retryable = switch (e.kind()) {
                case UNREACHABLE, RATE_LIMITED, SERVER_ERROR -> true;
                case TLS, CREDENTIALS, PROTOCOL -> false;
            };
            return new PullReport(
                    refreshed(s),
                    null,
                    e.getMessage(),
                    retryable,
                    e.retryAfter().orElse(null));
        }
    }

    private PeerSubscription refreshed(PeerSubscription s) {
        return store.read(tx -> tx.peers().findSubscription(s.id())).orElse(s);
    }

    /** What a peer's subscriptions kept aside, newest first. */
    public List<QuarantinedObject> quarantine(String name, int limit) {
        Peer p = peer(name);
        return store.read(tx -> tx.quarantine().ofPeer(p.name(), limit));
    }

    /** How many objects a peer's subscriptions kept aside. */
    public long quarantined(String name) {
        return store.read(tx -> tx.quarantine().count(name));
    }

    /** Every stored version of an object, in every collection, with where it came from. */
    public List<VersionOrigin> provenance(String objectId) {
        return store.read(tx -> {
            List<VersionOrigin> out = new ArrayList<>();
            for (CollectionInfo c : tx.collections().allCollections()) {
                List<VersionRecord> versions = tx.objects()
                        .findVersions(c.id(), objectId, ObjectFilter.EVERYTHING, PageRequest.first(10_000))
                        .items();
                if (versions.isEmpty()) {
                    continue;
                }
                Map<String, Provenance> how = tx.peers()
                        .provenance(
                                c.id(),
                                versions.stream()
                                        .map(v -> new Peers.VersionKey(
                                                v.objectId(), v.versionKey(), v.dateAddedMicros(), v.seq()))
                                        .toList());
                Map<String, ReceivedFrom> from = tx.peers().receivedFrom(c.id(), objectId);
                for (VersionRecord v : versions) {
                    String key = v.objectId() + "@" + v.versionKey();
                    out.add(new VersionOrigin(v, c, how.get(key), from.get(key)));
                }
            }
            return out;
        });
    }

    /** {@link #provenance} as JSON, for the API and the command line. */
    public ObjectNode provenanceJson(String objectId) {
        List<VersionOrigin> origins = provenance(objectId);
        if (origins.isEmpty()) {
            throw new NotFoundException("object " + Echo.quote(objectId) + " is not stored in any collection");
        }
        ObjectNode out = StixJson.mapper().createObjectNode();
        out.put("id", objectId);
        ArrayNode versions = out.putArray("versions");
        for (VersionOrigin o : origins) {
            ObjectNode v = versions.addObject();
            v.put("version", o.version().version());
            v.put("collection", o.collection().id());
            if (o.collection().alias() != null) {
                v.put("collection_alias", o.collection().alias());
            }
            v.put("collection_kind", o.collection().kind().dbName());
            v.put("date_added", StixTimestamp.formatMicros(o.version().dateAdded()));
            if (o.provenance() != null) {
                v.put("channel", o.provenance().channel());
                v.put("source", o.provenance().source());
            }
            o.fromPeer().ifPresent(r -> {
                ObjectNode peer = v.putObject("peer");
                peer.put("name", r.peer());
                peer.put("remote_collection", r.remoteCollection());
                if (r.remoteDateAdded() != null) {
                    peer.put("remote_date_added", StixTimestamp.formatMicros(r.remoteDateAdded()));
                } else {
                    peer.putNull("remote_date_added");
                }
                peer.put("received", StixTimestamp.formatMicros(r.received()));
            });
        }
        return out;
    }

    private Peer peer(String name) {
        return store.read(tx -> tx.peers().findPeer(name)).orElseThrow(() -> unknown(name));
    }

    private static NotFoundException unknown(String name) {
        return new NotFoundException("no peer named " + Echo.quote(name) + "; 'peer list' shows them");
    }

    private void ok(String name) {
        store.write(tx -> {
            tx.peers().peerOk(name, clock.instant());
            return null;
        });
    }

    private void failed(String name, PeerFailureException e) {
        store.write(tx -> {
            tx.peers()
                    .peerFailed(
                            name, e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage(), clock.instant());
            return null;
        });
    }

    /** A client for the peer, its secret opened only into the Authorization header. */
    private TaxiiPeerClient client(Peer p) {
        HttpClient http = TaxiiPeerClient.httpClient(p.caFile() == null ? null : Path.of(p.caFile()), connectTimeout);
        String authorization = null;
        if (p.sealedSecret() != null) {
            char[] secret = secrets.open(p.name(), p.sealedSecret());
            try {
                authorization = TaxiiPeerClient.authorization(p.user(), secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
        }
        return new TaxiiPeerClient(p.name(), http, authorization, MAX_ANSWER_BYTES, requestTimeout, clock);
    }

    private URI collectionUrl(Peer p, TaxiiPeerClient client, String remote) {
        URI root = p.apiRoot().isPresent()
                ? URI.create(p.apiRootUrl())
                : apiRoot(p, client.get(URI.create(p.discoveryUrl())).body());
        return root.resolve("collections/" + remote + "/");
    }

    /** The API root to use: the peer's configured one, else the discovery's default, else its only one. */
    private static URI apiRoot(Peer p, JsonNode discovery) {
        if (p.apiRootUrl() != null) {
            return URI.create(p.apiRootUrl());
        }
        URI base = URI.create(p.discoveryUrl());
        Optional<String> chosen = Optional.empty();
        if (discovery.path("default").isTextual()) {
            chosen = Optional.of(discovery.path("default").asText());
        } else if (discovery.path("api_roots").isArray()
                && discovery.path("api_roots").size() == 1) {
            chosen = Optional.of(discovery.path("api_roots").get(0).asText());
        }
        if (chosen.isEmpty()) {
            throw new PeerFailureException(
                    Kind.PROTOCOL,
                    "peer '" + p.name() + "' names no default API root and "
                            + discovery.path("api_roots").size()
                            + " API roots; give one with --api-root when adding the peer");
        }
        return base.resolve(withSlash(chosen.get()));
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    /**
     * An https URL, or plain http only to a loopback address (two instances on one machine):
     * anywhere else the credential and the intelligence would cross the network in clear.
     */
    private static URI checkedUrl(String text, String option) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new BadRequestException(option + " " + Echo.quote(text) + " is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new BadRequestException(option + " " + Echo.quote(text) + " must be an https:// URL");
        }
        if (scheme.equals("http") && !isLoopback(u.getHost())) {
            throw new BadRequestException(option + " " + Echo.quote(text)
                    + " is plain http to a host that is not loopback; peers are reached over https");
        }
        if (u.getUserInfo() != null) {
            throw new BadRequestException(option + " must not hold credentials; give --user, and the"
                    + " password or token on standard input");
        }
        return URI.create(withSlash(u.toString()));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }
}
