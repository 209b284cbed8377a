package org.tearline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.domain.AuditCheckpoint;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.AuditKey;
import org.tearline.domain.Receipt;
import org.tearline.domain.TreeHead;
import org.tearline.error.ConfigurationException;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.AuditHead;
import org.tearline.store.AuditQuery;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;

/**
 * The disclosure record as the producer uses it: signed checkpoints of its head, verification
 * of the whole chain, reading it, and signed receipt statements for partners.
 *
 * <p>Past 500 lines because verification is one pass over the record that checks the chain,
 * the old checkpoints, the tree heads and witnessed heads together (a record of a million
 * entries is read once); splitting it would split that pass. Signing heads and proofs live in
 * {@link RecordTree}.
 */
public final class AuditService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);

    /** The outcome of verifying the record. */
    public record Verification(boolean intact, long entries, int checkpoints, Long firstBadEntry, String problem) {}

    private final Store store;
    private final Clock clock;
    private final Path keyFile;
    private final Duration interval;
    private final RecordTree tree;
    private volatile SigningKeys.Pair key;
    private ScheduledExecutorService timer;
    /** Whether this process appended to the record, so it signs a head when it ends. */
    private volatile boolean appended;

    /**
     * @param keyFile  the signing key; created (owner-only) when missing and {@code create}
     * @param interval how often a running server signs the head: a last head older than
     *                 twice this, and no shutdown head, leaves the record's end unproven
     */
    public AuditService(Store store, Clock clock, Path keyFile, boolean create, Duration interval) {
        this.store = store;
        this.clock = clock;
        this.keyFile = keyFile;
        this.interval = interval;
        this.key = sharedKey(store, keyFile, create);
        this.tree = new RecordTree(store, clock, () -> key);
        registerKey(key);
        tree.anchor(tx -> {
            Verification v = check(tx, trustedKeys(), false, List.of());
            return v.intact() ? Optional.empty() : Optional.of(v.problem());
        });
    }

    /** The record's Merkle tree: signed heads and proofs. */
    public RecordTree tree() {
        return tree;
    }

    /**
     * Told of every append (see {@link HashChain.Appended}): a step's transaction signs the
     * head before it commits.
     */
    public void appended(StoreTx tx, List<AuditEvent> events) {
        appended = true;
        tree.appended(tx, events);
    }

    /**
     * The node's signing key, which must be the one the database's record is signed with:
     * nodes sharing a database share one key. A node that made a key of its own would sign
     * checkpoints the others do not trust, and every other node's verification would then
     * report tampering that never happened; so it is refused at start-up instead.
     */
    private static SigningKeys.Pair sharedKey(Store store, Path keyFile, boolean create) {
        List<AuditKey> known = store.read(tx -> tx.record().auditKeys());
        List<String> active = known.stream()
                .filter(k -> k.retired() == null)
                .map(AuditKey::keyId)
                .toList();
        if (!Files.exists(keyFile)) {
            if (!active.isEmpty()) {
                throw new ConfigurationException("the disclosure record in this database is"
                        + " signed with key " + String.join(", ", active) + ", and this node"
                        + " has no signing key at " + keyFile + ": copy the key file from a"
                        + " node that has it (nodes sharing a database share one key), or set"
                        + " audit.signing-key");
            }
            return SigningKeys.loadOrCreate(keyFile, create);
        }
        SigningKeys.Pair k = SigningKeys.loadOrCreate(keyFile, false);
        if (!active.isEmpty() && !active.contains(k.keyId())) {
            boolean rotated = known.stream().anyMatch(x -> x.keyId().equals(k.keyId()));
            throw new ConfigurationException("this node's signing key " + k.keyId() + " ("
                    + keyFile + ") "
                    + (rotated
                            ? "was rotated out"
                            : "is not the one the" + " database's disclosure record is signed with")
                    + "; the current key is "
                    + String.join(", ", active) + ": copy its key file to this node (nodes"
                    + " sharing a database share one key), or set audit.signing-key");
        }
        return k;
    }

    /**
     * The keys whose checkpoints this node trusts: its own and the ones it rotated away from
     * (kept beside it). Keys merely listed in the database are not trusted, since whoever can
     * write to the database could list one of their own.
     */
    public Map<String, PublicKey> trustedKeys() {
        Map<String, PublicKey> out = new HashMap<>();
        out.put(key.keyId(), key.publicKey());
        Path dir = keyFile.toAbsolutePath().getParent();
        String prefix = keyFile.getFileName() + ".";
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".retired")) {
                    SigningKeys.Pair old = SigningKeys.loadOrCreate(f, false);
                    out.put(old.keyId(), old.publicKey());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    private void registerKey(SigningKeys.Pair k) {
        store.write(tx -> {
            boolean known =
                    tx.record().auditKeys().stream().anyMatch(a -> a.keyId().equals(k.keyId()));
            if (!known) {
                tx.record().putAuditKey(new AuditKey(k.keyId(), k.publicPem(), clock.instant(), null));
            }
            return null;
        });
    }

    /**
     * For a signing key that is lost for good: retires every current key in the record, so a
     * node can start with a new one. Checkpoints the lost key signed verify only with its
     * public key given explicitly ({@code audit verify --trusted-key}), since a key merely
     * listed in the database is not trusted.
     *
     * @return the ids of the keys retired
     */
    public static List<String> retireLostKeys(Store store, Clock clock) {
        return store.write(tx -> {
            List<String> retired = new ArrayList<>();
            for (AuditKey k : tx.record().auditKeys()) {
                if (k.retired() == null) {
                    tx.record().putAuditKey(new AuditKey(k.keyId(), k.publicKey(), k.created(), clock.instant()));
                    retired.add(k.keyId());
                }
            }
            return retired;
        });
    }

    /** Every public key the record has signed with, the retired ones included. */
    public List<AuditKey> keys() {
        return store.read(tx -> tx.record().auditKeys());
    }

    /** The current signing key's id and public key. */
    public SigningKeys.Pair key() {
        return key;
    }

    /**
     * Signs the head of the record now (again, with a fresh time, when it has not grown since
     * the last signed head).
     */
    public TreeHead checkpoint() {
        return tree.checkpoint("operator");
    }

    private static byte[] checkpointMessage(long seq, String hash, Instant at) {
        return ("tearline-audit-checkpoint\n" + seq + "\n" + hash + "\n" + StixTimestamp.toMicros(at))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Signs the head every {@code interval}, in the background, until closed. */
    // The task catches and logs its own failures and the executor is shut down on close:
    // the future has nothing more to say.
    @SuppressWarnings("FutureReturnValueIgnored")
    public void checkpointEvery(Duration interval) {
        // At once: whatever came before (a shutdown head, or a crash) is followed by a head
        // that says this server is running and will cover what it appends.
        tree.checkpoint("start");
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tearline-audit-checkpoint");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        tree.checkpoint("timer");
                    } catch (RuntimeException e) {
                        LOG.warn("audit checkpoint failed, will retry", e);
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Replaces the signing key: the new key is written to {@code file} (the old file is kept
     * beside it with its key id in the name), the old public key is kept, retired, so the
     * checkpoints it signed still verify, and the head is signed with the new key.
     */
    public SigningKeys.Pair rotate() {
        Path file = keyFile;
        SigningKeys.Pair old = key;
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + "." + old.keyId() + ".retired"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the old key " + file, e);
        }
        SigningKeys.write(file, SigningKeys.generate());
        SigningKeys.Pair fresh = SigningKeys.loadOrCreate(file, false);
        store.write(tx -> {
            for (AuditKey k : tx.record().auditKeys()) {
                if (k.keyId().equals(old.keyId()) && k.retired() == null) {
                    tx.record().putAuditKey(new AuditKey(k.keyId(), k.publicKey(), k.created(), clock.instant()));
                }
            }
            tx.record().putAuditKey(new AuditKey(fresh.keyId(), fresh.publicPem(), clock.instant(), null));
            return null;
        });
        key = fresh;
        return fresh;
    }

    /**
     * Checks the whole record: every entry's hash, the chain from entry 1 to the head, the
     * head itself, the old chain checkpoints, and the signed tree heads: each one's signature
     * and root, the series unbroken from the first (each names the one before it), and the end
     * of the record covered (the last head is a shutdown head covering every entry, or recent
     * enough that the running server signs the rest within the interval). Names what is wrong.
     */
    public Verification verify(Map<String, PublicKey> alsoTrusted) {
        return verify(alsoTrusted, List.of());
    }

    /**
     * As above, and checks the record against heads a partner holds ({@code witnessed}): a
     * record cut or rewritten after a partner saw a later head no longer has that head's root.
     */
    public Verification verify(Map<String, PublicKey> alsoTrusted, List<TreeHead> witnessed) {
        Map<String, PublicKey> keys = new HashMap<>(trustedKeys());
        keys.putAll(alsoTrusted);
        return store.read(tx -> check(tx, keys, true, witnessed));
    }

    private Verification check(StoreTx tx, Map<String, PublicKey> keys, boolean tree, List<TreeHead> witnessed) {
        List<AuditCheckpoint> checkpoints = tx.record().checkpoints();
        for (AuditCheckpoint c : checkpoints) {
            PublicKey pub = keys.get(c.keyId());
            if (pub == null
                    || !SigningKeys.verify(pub, checkpointMessage(c.seq(), c.headHash(), c.at()), c.signature())) {
                return new Verification(
                        false,
                        0,
                        checkpoints.size(),
                        c.seq(),
                        "the checkpoint at entry " + c.seq() + " has no valid signature"
                                + (pub == null
                                        ? " (signed by key " + c.keyId() + ", which this node does not trust)"
                                        : ""));
            }
        }
        TreeMap<Long, TreeHead> heads = new TreeMap<>();
        if (tree) {
            tx.record().forEachTreeHead(h -> heads.put(h.size(), h));
            Optional<Verification> bad = checkHeads(heads, keys);
            if (bad.isPresent()) {
                return bad.get();
            }
            for (TreeHead w : witnessed) {
                PublicKey pub = keys.get(w.keyId());
                if (pub == null || SignedHeads.check(w, pub).isPresent()) {
                    return new Verification(
                            false,
                            0,
                            heads.size(),
                            null,
                            "the witnessed head (" + SignedHeads.describe(w) + ") is not signed by a key this"
                                    + " node trusts: it proves nothing about this record");
                }
            }
        }
        Map<Long, List<TreeHead>> witnessedBySize = new HashMap<>();
        witnessed.forEach(w -> witnessedBySize
                .computeIfAbsent(w.size(), x -> new ArrayList<>())
                .add(w));
        int checkpointCount = tree ? heads.size() : checkpoints.size();
        Map<Long, AuditCheckpoint> bySeq = new HashMap<>();
        checkpoints.forEach(c -> bySeq.put(c.seq(), c));
        long[] expected = {1};
        long[] lastMatched = {0};
        long covered = heads.isEmpty() ? 0 : heads.lastKey();
        AuditEntry[] uncoveredStep = {null};
        String[] prev = {HashChain.GENESIS};
        Verification[] failure = {null};
        Merkle.Frontier frontier = new Merkle.Frontier();
        tx.record().forEachAuditEntry(AuditQuery.ALL, e -> {
            if (failure[0] != null) {
                return;
            }
            String problem = null;
            long bad = Math.min(e.seq(), expected[0]);
            if (e.seq() != expected[0]) {
                problem = "entry " + expected[0] + " is missing or out of place (found entry " + e.seq()
                        + " next): entries were removed, inserted or reordered";
            } else if (!e.prevHash().equals(prev[0])) {
                problem = "entry " + e.seq() + " does not follow the entry before it (its"
                        + " prev_hash does not match): entries were removed, inserted or"
                        + " reordered";
            } else if (!HashChain.hash(e).equals(e.hash())) {
                problem = "entry " + e.seq() + " was altered: its content no longer matches" + " its hash";
            } else if (bySeq.containsKey(e.seq())
                    && !bySeq.get(e.seq()).headHash().equals(e.hash())) {
                problem = "entries up to " + e.seq() + " were rewritten: the signed" + " checkpoint at entry " + e.seq()
                        + " does not match the log";
            } else if (tree) {
                if (e.seq() > covered && uncoveredStep[0] == null && RecordTree.isStep(e.kind())) {
                    uncoveredStep[0] = e;
                }
                frontier.append(HashChain.leafHash(e), Merkle.NodeSink.NONE);
                TreeHead h = heads.get(e.seq());
                List<TreeHead> seen = witnessedBySize.getOrDefault(e.seq(), List.of());
                if (h != null || !seen.isEmpty()) {
                    String root = Merkle.hex(frontier.root());
                    if (h != null && !h.rootHash().equals(root)) {
                        problem = "entries " + (lastMatched[0] + 1) + " to " + e.seq() + " were rewritten: the"
                                + " signed checkpoint (tree head of size " + e.seq() + ") does not match the log";
                        bad = lastMatched[0] + 1;
                    } else {
                        for (TreeHead w : seen) {
                            if (!w.rootHash().equals(root)) {
                                problem = "the record was rewritten after a partner saw it: the witnessed head ("
                                        + SignedHeads.describe(w) + ") does not match the log's first " + e.seq()
                                        + " entries (root " + root + ")";
                                bad = lastMatched[0] + 1;
                            }
                        }
                    }
                    if (problem == null) {
                        lastMatched[0] = e.seq();
                    }
                }
            }
            if (problem != null) {
                failure[0] = new Verification(false, expected[0] - 1, checkpointCount, bad, problem);
                return;
            }
            prev[0] = e.hash();
            expected[0]++;
        });
        if (failure[0] != null) {
            return failure[0];
        }
        long last = expected[0] - 1;
        AuditHead head = tx.record().auditHead();
        if (head.seq() != last || !head.hash().equals(prev[0])) {
            return new Verification(
                    false,
                    last,
                    checkpointCount,
                    last + 1,
                    "the head names entry " + head.seq() + " but the log ends at entry " + last
                            + ": entries were removed from the end");
        }
        for (AuditCheckpoint c : checkpoints) {
            if (c.seq() > last) {
                return new Verification(
                        false,
                        last,
                        checkpointCount,
                        last + 1,
                        "the log was truncated: the checkpoint signed at entry " + c.seq()
                                + " names entries the log no longer has (it ends at " + last + ")");
            }
        }
        if (!tree) {
            return new Verification(true, last, checkpointCount, null, null);
        }
        for (TreeHead w : witnessed) {
            if (w.size() > last) {
                return new Verification(
                        false,
                        last,
                        checkpointCount,
                        last + 1,
                        "the log was truncated after a partner saw it: the witnessed head ("
                                + SignedHeads.describe(w) + ") covers " + w.size() + " entries, the log ends at "
                                + last);
            }
        }
        if (uncoveredStep[0] != null) {
            AuditEntry e = uncoveredStep[0];
            return new Verification(
                    false,
                    last,
                    checkpointCount,
                    e.seq(),
                    "entry " + e.seq() + ", a " + e.kind() + ", is not covered by a signed checkpoint, though every"
                            + " step is signed in its own transaction: the checkpoints after entry " + covered
                            + " were deleted");
        }
        return checkEnd(heads, last, checkpointCount);
    }

    /** Each head's signature, and the series unbroken: the first names size 0, each the one before. */
    private static Optional<Verification> checkHeads(NavigableMap<Long, TreeHead> heads, Map<String, PublicKey> keys) {
        long previous = 0;
        boolean first = true;
        for (TreeHead h : heads.values()) {
            PublicKey pub = keys.get(h.keyId());
            if (pub == null || !SigningKeys.verify(pub, SignedHeads.message(h), h.signature())) {
                return Optional.of(new Verification(
                        false,
                        0,
                        heads.size(),
                        h.size(),
                        "the signed checkpoint (tree head of size " + h.size() + ") has no valid signature"
                                + (pub == null
                                        ? " (signed by key " + h.keyId() + ", which this node does not trust)"
                                        : "")));
            }
            if (h.previousSize() != previous || (!first && h.previousSize() == h.size())) {
                return Optional.of(new Verification(
                        false,
                        0,
                        heads.size(),
                        h.previousSize() + 1,
                        first
                                ? "the first signed checkpoint left (tree head of size " + h.size()
                                        + ") names one of size " + h.previousSize() + " before it, which is missing:"
                                        + " signed checkpoints were deleted"
                                : "the signed checkpoint of size " + h.size() + " follows one of size "
                                        + h.previousSize() + ", which is missing (the one before it left is of size "
                                        + previous + "): signed checkpoints were deleted"));
            }
            previous = h.size();
            first = false;
        }
        return Optional.empty();
    }

    /**
     * The end of the record: covered by a shutdown head, or by a head recent enough that the
     * running server will cover what follows. Otherwise the end cannot be told from a cut one.
     */
    private Verification checkEnd(NavigableMap<Long, TreeHead> heads, long last, int count) {
        if (heads.isEmpty()) {
            return new Verification(
                    false,
                    last,
                    0,
                    last == 0 ? null : 1L,
                    "the record has " + last + " entries and no signed checkpoint (tree head): its"
                            + " checkpoints were deleted");
        }
        TreeHead end = heads.lastEntry().getValue();
        if (end.size() > last) {
            return new Verification(
                    false,
                    last,
                    count,
                    last + 1,
                    "the log was truncated: the signed checkpoint (tree head of size " + end.size()
                            + ") names entries the log no longer has (it ends at " + last + ")");
        }
        // Only a shutdown head says the record ended there.
        boolean clean = end.kind().equals(SignedHeads.SHUTDOWN);
        Duration age = Duration.between(end.at(), clock.instant());
        boolean recent = age.compareTo(interval.multipliedBy(2).plusSeconds(5)) <= 0;
        if (recent || (clean && end.size() == last)) {
            return new Verification(true, last, count, null, null);
        }
        return new Verification(
                false,
                last,
                count,
                end.size() + 1,
                "the record's end is not covered: its last signed checkpoint (tree head of size " + end.size()
                        + ", signed " + StixTimestamp.formatMicros(end.at()) + ") is "
                        + (clean
                                ? "a shutdown checkpoint, yet " + (last - end.size()) + " entries follow it"
                                : "no shutdown checkpoint and older than twice the checkpoint interval ("
                                        + interval.toSeconds() + " s)")
                        + ": entries after it may have been cut (if the server was killed, start it: it signs"
                        + " the head again; partners' witnessed heads cover what a cut removed)");
    }

    /** Streams the matching entries in order. */
    public void entries(AuditQuery query, Consumer<AuditEntry> sink) {
        store.read(tx -> {
            tx.record().forEachAuditEntry(query, sink);
            return null;
        });
    }

    /**
     * A signed statement of what {@code account} retrieved in [from, to): each item's id (as
     * the partner received it), version, SHA-256 of the bytes and time of first retrieval.
     */
    public ObjectNode statement(String account, Instant from, Instant to, String issuer) {
        List<Receipt> receipts = store.read(tx -> tx.record().receipts(account, from, to));
        ObjectNode s = StixJson.mapper().createObjectNode();
        s.put("type", "tearline-receipt-statement");
        s.put("statement_version", 1);
        s.put("issuer", issuer);
        s.put("account", account);
        s.put("from", StixTimestamp.formatMicros(from));
        s.put("to", StixTimestamp.formatMicros(to));
        s.put("issued", StixTimestamp.formatMicros(clock.instant()));
        ArrayNode items = s.putArray("items");
        for (Receipt r : receipts) {
            ObjectNode i = items.addObject();
            i.put("collection", r.collectionId());
            i.put("id", r.objectId());
            i.put("version", r.version());
            i.put("sha256", r.digest());
            i.put("retrieved", StixTimestamp.formatMicros(r.retrievedAt()));
        }
        SigningKeys.Pair k = key;
        s.put("key_id", k.keyId());
        s.put("signature", SigningKeys.sign(k.privateKey(), signedBytes(s)));
        return s;
    }

    /** What a statement's signature covers: its canonical JSON without the signature. */
    static byte[] signedBytes(JsonNode statement) {
        ObjectNode copy = statement.deepCopy();
        copy.remove("signature");
        return Canonical.json(copy).getBytes(StandardCharsets.UTF_8);
    }

    /** Verifies a statement against a public key, offline. Returns a problem, or empty. */
    public static Optional<String> verifyStatement(JsonNode statement, PublicKey key) {
        if (!statement.isObject()
                || !"tearline-receipt-statement".equals(statement.path("type").asText())) {
            return Optional.of("not a Tearline receipt statement");
        }
        if (!statement.path("key_id").asText().equals(SigningKeys.keyId(key))) {
            return Optional.of("the statement was signed with key "
                    + statement.path("key_id").asText() + ", not with the key given (" + SigningKeys.keyId(key) + ")");
        }
        if (!SigningKeys.verify(
                key, signedBytes(statement), statement.path("signature").asText())) {
            return Optional.of(
                    "the signature does not match the statement: it was altered or" + " not signed by this key");
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdown();
        }
        if (timer == null && !appended) {
            // A command that only read the record signs nothing: signing over a record it
            // may just have found damaged would cover the damage.
            return;
        }
        try {
            tree.checkpoint(SignedHeads.SHUTDOWN);
        } catch (RuntimeException e) {
            LOG.warn("final audit checkpoint failed", e);
        }
    }
}
