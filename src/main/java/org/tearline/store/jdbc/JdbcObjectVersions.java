package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.tearline.domain.Position;
import org.tearline.domain.Provenance;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;
import org.tearline.error.NotFoundException;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.AddResult;
import org.tearline.store.NewObject;
import org.tearline.store.ObjectFilter;
import org.tearline.store.ObjectVersions;
import org.tearline.store.Page;
import org.tearline.store.PageRequest;
import org.tearline.store.SourceRef;
import org.tearline.store.VersionSelector;

/**
 * {@link ObjectVersions} on one JDBC transaction. Longer than the other repositories because
 * the ingest path (the collection's lock, the filter of known ids, the identity tiers and the
 * batched inserts) and the paged reads are one piece: they share the transaction's state of
 * known ids and the WHERE clauses by identity that the query-plan tests and the benchmarks pin
 * down, and splitting them would spread that state across classes.
 */
final class JdbcObjectVersions extends JdbcRepository implements ObjectVersions {

    private static final String VERSION_COLUMNS = "object_id, object_type, version, spec_version, date_added, seq";

    private final IdentityTiers tiers;

    private final KnownIds knownIds;

    /** The filter generation this transaction's keys are in (see {@link KnownIds}). */
    private int generation;

    /** Identity keys of the versions this transaction has added, in order. */
    private long[] addedKeys = new long[0];

    private int addedCount;

    /** Per collection written: its position when this transaction first locked it. */
    private final Map<String, KnownIds.Coverage> before = new HashMap<>();

    /** Whether the identity tiers are to be measured before this transaction commits. */
    private boolean settleDue;

    /** Per collection written: its position after this transaction's last addition. */
    private final Map<String, KnownIds.Coverage> written = new HashMap<>();

    JdbcObjectVersions(
            Connection conn, Dialect dialect, StatementCache statements, IdentityTiers tiers, KnownIds knownIds) {
        super(conn, dialect, statements);
        this.tiers = tiers;
        this.knownIds = knownIds;
    }

    /**
     * Called once the transaction has committed: the store's filter of known ids may now trust
     * what this transaction added.
     */
    void committed() {
        written.forEach((collection, position) -> knownIds.cover(generation, collection, position));
    }

    /** A version of one object as seen while adding: stored already, or pending insert. */
    private static final class Known {
        final String digest;
        final boolean wasFirst;
        final boolean wasLatest;
        /** The stored row's position; null while pending. */
        final Position position;

        final NewObject pending;

        Known(String digest, boolean wasFirst, boolean wasLatest, Position position, NewObject pending) {
            this.digest = digest;
            this.wasFirst = wasFirst;
            this.wasLatest = wasLatest;
            this.position = position;
            this.pending = pending;
        }
    }

    @Override
    public List<AddResult> addObjects(
            String collectionId, List<NewObject> objects, Instant now, Provenance provenance) {
        Counters counters = lockCollection(collectionId);
        long seq = counters.lastSeq();
        long dateAdded = Math.max(StixTimestamp.toMicros(now), counters.lastAdded() + 1);
        coverKnownIds(collectionId, counters);

        long[] keys = new long[objects.size()];
        List<NewObject> mayExist = new ArrayList<>(objects.size());
        for (int i = 0; i < keys.length; i++) {
            keys[i] = IdentityHash.of(collectionId, objects.get(i).id());
            if (knownIds.mayContain(keys[i])) {
                mayExist.add(objects.get(i));
            }
        }
        Map<String, SortedMap<String, Known>> known =
                mayExist.isEmpty() ? new HashMap<>() : loadKnownVersions(collectionId, mayExist);
        List<AddResult> results = new ArrayList<>(objects.size());
        List<NewObject> inserts = new ArrayList<>();
        long[] insertKeys = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            NewObject o = objects.get(i);
            SortedMap<String, Known> versions = known.computeIfAbsent(o.id(), k -> new TreeMap<>());
            String key = o.versionKey() != null ? o.versionKey() : unversionedKey(versions, o, dateAdded);
            Known existing = versions.get(key);
            if (existing == null) {
                NewObject toStore = key.equals(o.versionKey())
                        ? o
                        : new NewObject(o.id(), o.type(), key, o.specVersion(), o.json(), o.digest());
                versions.put(key, new Known(o.digest(), false, false, null, toStore));
                insertKeys[inserts.size()] = keys[i];
                inserts.add(toStore);
                // Inserted below in this order, each with the next seq.
                results.add(new AddResult(o.id(), key, AddResult.Outcome.STORED, seq + inserts.size()));
            } else {
                results.add(new AddResult(
                        o.id(),
                        key,
                        existing.digest.equals(o.digest()) ? AddResult.Outcome.DUPLICATE : AddResult.Outcome.CONFLICT));
            }
        }
        if (inserts.isEmpty()) {
            return results;
        }
        // Before the rows: should the transaction fail half-way, the filter still covers it.
        noteAdded(insertKeys, inserts.size());
        String insertIdentity = dialect.insertIdentity();
        boolean tiered = insertIdentity != null;
        try (Kept insert = prepare(INSERT_VERSION);
                Kept identity = tiered ? prepare(insertIdentity) : null;
                Kept flags = prepare("UPDATE object_version SET is_first = ?, is_latest = ?"
                        + " WHERE collection_id = ? AND date_added = ? AND seq = ?")) {
            int flagUpdates = 0;
            for (Map.Entry<String, SortedMap<String, Known>> e : known.entrySet()) {
                SortedMap<String, Known> versions = e.getValue();
                for (Map.Entry<String, Known> v : versions.entrySet()) {
                    Known k = v.getValue();
                    if (k.pending != null) {
                        continue;
                    }
                    boolean first = versions.firstKey().equals(v.getKey());
                    boolean latest = versions.lastKey().equals(v.getKey());
                    if (first != k.wasFirst || latest != k.wasLatest) {
                        flags.ps.setInt(1, first ? 1 : 0);
                        flags.ps.setInt(2, latest ? 1 : 0);
                        flags.ps.setString(3, collectionId);
                        flags.ps.setLong(4, k.position.dateAddedMicros());
                        flags.ps.setLong(5, k.position.seq());
                        flags.ps.addBatch();
                        flagUpdates++;
                    }
                }
            }
            // Clear old flags before inserting so no instant has two latest versions.
            if (flagUpdates > 0) {
                flags.ps.executeBatch();
            }
            for (int i = 0; i < inserts.size(); i++) {
                NewObject o = inserts.get(i);
                SortedMap<String, Known> versions = known.get(o.id());
                insert.ps.setString(1, collectionId);
                insert.ps.setLong(2, dateAdded);
                insert.ps.setLong(3, ++seq);
                insert.ps.setString(4, o.id());
                insert.ps.setString(5, o.type());
                insert.ps.setString(6, o.versionKey());
                insert.ps.setString(7, o.specVersion());
                insert.ps.setInt(8, versions.firstKey().equals(o.versionKey()) ? 1 : 0);
                insert.ps.setInt(9, versions.lastKey().equals(o.versionKey()) ? 1 : 0);
                insert.ps.setString(10, o.digest());
                insert.ps.setString(11, o.json());
                insert.ps.setString(12, provenance.channel());
                insert.ps.setString(13, provenance.source());
                insert.ps.setLong(14, insertKeys[i]);
                insert.ps.addBatch();
                if (tiered) {
                    identity.ps.setLong(1, insertKeys[i]);
                    identity.ps.setLong(2, dateAdded);
                    identity.ps.setLong(3, seq);
                    identity.ps.addBatch();
                }
            }
            insert.ps.executeBatch();
            insert.ok = true;
            if (tiered) {
                identity.ps.executeBatch();
                identity.ok = true;
            }
            flags.ok = true;
        } catch (SQLException e) {
            throw JdbcStore.failure("adding objects", e);
        }
        update("UPDATE collection SET last_seq = ?, last_added = ? WHERE id = ?", listOf(seq, dateAdded, collectionId));
        written.put(collectionId, new KnownIds.Coverage(dateAdded, seq));
        settleDue |= tiered && tiers.added(inserts.size());
        return results;
    }

    /**
     * Makes the store's filter of known ids cover every version of the collection stored
     * before this transaction's additions, given the counters read under its write lock: the
     * filter is built if it must be, and the keys of versions added since it last covered the
     * collection (by another process or node) are added.
     */
    private void coverKnownIds(String collectionId, Counters counters) {
        if (knownIds.needsBuild()) {
            buildKnownIds();
        } else if (knownIds.generation() != generation) {
            // Built again by another transaction, which could not see this one's keys.
            generation = knownIds.generation();
            knownIds.add(generation, addedKeys, 0, addedCount);
        }
        KnownIds.Coverage stored = new KnownIds.Coverage(counters.lastAdded(), counters.lastSeq());
        KnownIds.Coverage own = written.get(collectionId);
        if (own != null) {
            // This transaction holds the collection's lock and has added to it: every version
            // beyond what was stored before is its own, and its keys are in.
            return;
        }
        before.putIfAbsent(collectionId, stored);
        KnownIds.Coverage from = knownIds.coverage(collectionId);
        if (from.seq() < stored.seq()) {
            int gen = generation;
            forEachKey(
                    "SELECT id_hash FROM object_version WHERE collection_id = ?" + " AND (date_added, seq) > (?, ?)",
                    listOf(collectionId, from.dateAdded(), from.seq()),
                    (keys, n) -> knownIds.add(gen, keys, 0, n));
            // Committed versions, all of them in now: trusted at once, whatever comes of this
            // transaction.
            knownIds.cover(generation, collectionId, stored);
        }
    }

    /**
     * Builds the filter of known ids from every identity entry. The collections' positions
     * are read first, so that anything committed while the entries are read lies beyond them;
     * a collection this transaction has written is covered as it was before it did.
     */
    private void buildKnownIds() {
        Map<String, KnownIds.Coverage> positions = new HashMap<>();
        long[] expected = new long[1];
        forEachRow("SELECT id, last_added, last_seq FROM collection", List.of(), rs -> {
            positions.put(rs.getString(1), new KnownIds.Coverage(rs.getLong(2), rs.getLong(3)));
            expected[0] += rs.getLong(3);
        });
        positions.putAll(before);
        KnownIds.Build build = knownIds.startBuild(expected[0], positions);
        // The entries read include this transaction's own.
        forEachKey(dialect.identityKeys(), List.of(), (keys, n) -> build.add(keys, 0, n));
        generation = knownIds.publish(build);
    }

    /** Reads the keys a query selects, handing them over an array at a time. */
    private void forEachKey(String sql, List<?> params, KeySink sink) {
        long[] keys = new long[STREAM_FETCH];
        int[] n = new int[1];
        forEachRow(sql, params, rs -> {
            keys[n[0]++] = rs.getLong(1);
            if (n[0] == keys.length) {
                sink.accept(keys, n[0]);
                n[0] = 0;
            }
        });
        sink.accept(keys, n[0]);
    }

    @FunctionalInterface
    private interface KeySink {
        void accept(long[] keys, int count);
    }

    /** Puts keys about to be stored into the filter, and keeps them for a rebuild. */
    private void noteAdded(long[] keys, int count) {
        if (addedCount + count > addedKeys.length) {
            addedKeys = Arrays.copyOf(addedKeys, Math.max(addedCount + count, 2 * addedKeys.length));
        }
        System.arraycopy(keys, 0, addedKeys, addedCount, count);
        addedCount += count;
        knownIds.add(generation, keys, 0, count);
    }

    /**
     * Moves identity entries down the tiers wherever a tier has outgrown its cap
     * ({@link IdentityTiers}), into the next tier that can take them all: a transaction that
     * added many (a view's first materialisation) moves its entries once, not once per tier.
     * A tier grows only by moves from above, so the first tier within its cap ends the walk.
     */
    private void settleIdentityTiers() {
        for (int tier = 0; tier < IdentityTiers.LAST; tier++) {
            long entries = countIdentityEntries(tier);
            if (entries <= tiers.cap(tier)) {
                return;
            }
            int target = tier + 1;
            while (target < IdentityTiers.LAST && entries > tiers.cap(target)) {
                target++;
            }
            for (String sql : IdentityTiers.move(tier, target)) {
                update(sql, List.of());
            }
            tier = target - 1;
        }
    }

    private long countIdentityEntries(int tier) {
        return query("SELECT COUNT(*) FROM " + IdentityTiers.table(tier), List.of(), rs -> rs.getLong(1))
                .get(0);
    }

    /**
     * Called before the transaction commits: moves identity entries down the tiers if this
     * store has added enough since they were last measured. Once per transaction, at its end,
     * so that one that adds many objects moves them in one go.
     */
    void beforeCommit() {
        if (settleDue) {
            settleIdentityTiers();
        }
    }

    /**
     * The version of an object without modified or created: the version already holding the
     * same content, if any (a re-post); otherwise its date_added, a nanosecond later for each
     * other new content of the same object in one request, since they share that date_added.
     */
    private static String unversionedKey(Map<String, Known> versions, NewObject o, long dateAdded) {
        for (Map.Entry<String, Known> e : versions.entrySet()) {
            if (e.getValue().digest.equals(o.digest())) {
                return e.getKey();
            }
        }
        Instant added = StixTimestamp.fromMicros(dateAdded);
        String key = StixTimestamp.key(added);
        for (int n = 1; versions.containsKey(key); n++) {
            key = StixTimestamp.key(added.plusNanos(n));
        }
        return key;
    }

    /** A collection's counters: the seq and the date_added of its newest version. */
    private record Counters(long lastSeq, long lastAdded) {}

    private Counters lockCollection(String collectionId) {
        List<Counters> rows = query(
                dialect.lockCollection(), List.of(collectionId), rs -> new Counters(rs.getLong(1), rs.getLong(2)));
        if (rows.isEmpty()) {
            throw new NotFoundException("collection '" + collectionId + "' does not exist");
        }
        return rows.get(0);
    }

    private Map<String, SortedMap<String, Known>> loadKnownVersions(String collectionId, List<NewObject> objects) {
        Set<String> ids = new LinkedHashSet<>();
        for (NewObject o : objects) {
            ids.add(o.id());
        }
        Map<String, SortedMap<String, Known>> known = new HashMap<>();
        forEachVersionOf(
                collectionId,
                ids,
                "object_id, version, digest, is_first, is_latest," + " date_added, seq",
                "",
                rs -> known.computeIfAbsent(text(rs, 1), k -> new TreeMap<>())
                        .put(
                                text(rs, 2),
                                new Known(
                                        text(rs, 3),
                                        rs.getInt(4) == 1,
                                        rs.getInt(5) == 1,
                                        new Position(rs.getLong(6), rs.getLong(7)),
                                        null)));
        return known;
    }

    /**
     * Visits the versions of the given objects in one collection, with an optional extra
     * condition ({@code " AND ..."}), through their identities as the dialect finds them
     * ({@link Dialect#versionsOf}).
     */
    private void forEachVersionOf(
            String collectionId, Collection<String> ids, String columns, String condition, RowConsumer consumer) {
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(ids)))) {
            List<Object> params = new ArrayList<>(2 * chunk.size() + 1);
            forEachRow(dialect.versionsOf(conn, collectionId, chunk, columns, condition, params), params, consumer);
        }
    }

    @Override
    public Page<StoredObject> findObjects(String collectionId, ObjectFilter filter, PageRequest page) {
        return page(collectionId, null, filter, page, true, this::storedObject);
    }

    @Override
    public Page<VersionRecord> findManifest(String collectionId, ObjectFilter filter, PageRequest page) {
        return page(collectionId, null, filter, page, false, this::versionRecord);
    }

    @Override
    public Page<VersionRecord> findVersions(
            String collectionId, String objectId, ObjectFilter filter, PageRequest page) {
        return page(collectionId, objectId, filter, page, false, this::versionRecord);
    }

    private <T> Page<T> page(
            String collectionId,
            String objectId,
            ObjectFilter filter,
            PageRequest page,
            boolean withBody,
            RowMapper<T> mapper) {
        List<Object> params = new ArrayList<>();
        String columns = VERSION_COLUMNS + (withBody ? ", body, digest" : "");
        StringBuilder sql = new StringBuilder();
        boolean byId = objectId != null || !filter.ids().isEmpty();
        if (!byId && filter.types().size() > 1) {
            // One ordered, limited index scan per type, merged: an IN list over the type index
            // would have to sort every matching row of every type to find the first page.
            int i = 0;
            for (String type : filter.types().stream().sorted().toList()) {
                if (i > 0) {
                    sql.append(" UNION ALL ");
                }
                sql.append("SELECT * FROM (SELECT ").append(columns).append(" FROM ");
                appendWhere(sql, params, collectionId, null, filter.withTypes(Set.of(type)), page.after());
                sql.append(" ORDER BY date_added, seq LIMIT ?) t").append(i++);
                params.add(page.limit() + 1);
            }
        } else {
            sql.append("SELECT ").append(columns).append(" FROM ");
            appendWhere(sql, params, collectionId, objectId, filter, page.after());
        }
        sql.append(" ORDER BY date_added, seq LIMIT ?");
        params.add(page.limit() + 1);
        List<T> rows = new ArrayList<>();
        Position[] last = new Position[1];
        boolean[] more = new boolean[1];
        long[] bytes = new long[1];
        forEachRowWhile(sql.toString(), params, rs -> {
            if (rows.size() == page.limit() || (withBody && bytes[0] >= page.maxBytes())) {
                more[0] = true;
                return false;
            }
            T row = mapper.map(rs);
            if (row instanceof StoredObject o) {
                // The body just mapped: read from the driver again, it would be decoded again.
                bytes[0] += o.json().length();
            }
            rows.add(row);
            last[0] = new Position(rs.getLong(5), rs.getLong(6));
            return true;
        });
        return new Page<>(rows, more[0], Optional.ofNullable(last[0]));
    }

    @Override
    public void forEachObject(String collectionId, ObjectFilter filter, Consumer<StoredObject> sink) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(VERSION_COLUMNS).append(", body, digest FROM ");
        appendWhere(sql, params, collectionId, null, filter, Optional.empty());
        sql.append(" ORDER BY date_added, seq");
        forEachRow(sql.toString(), params, rs -> sink.accept(storedObject(rs)));
    }

    /**
     * The WHERE clause of every object query. Literal flags ({@code is_latest = 1}) match the
     * partial indexes' predicates so both planners can use them.
     */
    private void appendWhere(
            StringBuilder sql,
            List<Object> params,
            String collectionId,
            String objectId,
            ObjectFilter filter,
            Optional<Position> after) {
        if (objectId != null) {
            appendByIds(sql, params, collectionId, Set.of(objectId));
        } else if (!filter.ids().isEmpty()) {
            appendByIds(sql, params, collectionId, filter.ids());
            appendIn(sql, params, "object_type", filter.types());
        } else {
            sql.append("object_version WHERE collection_id = ?");
            params.add(collectionId);
            appendIn(sql, params, "object_type", filter.types());
        }
        appendIn(sql, params, "spec_version", filter.specVersions());
        filter.postedBy().ifPresent(who -> {
            sql.append(" AND prov_source = ?");
            params.add(who);
        });
        filter.addedAfterMicros().ifPresent(t -> {
            sql.append(" AND date_added > ?");
            params.add(t);
        });
        VersionSelector v = filter.versions();
        if (!v.all()) {
            // Looking up ids, the identity index is the one to use; "+ 0" keeps the partial
            // indexes (WHERE is_latest = 1) out of reach, which PostgreSQL prefers without
            // statistics and would then read the collection's latest objects to find a few.
            String flag = objectId != null || !filter.ids().isEmpty() ? " + 0" : "";
            List<String> terms = new ArrayList<>();
            if (v.first()) {
                terms.add("is_first" + flag + " = 1");
            }
            if (v.last()) {
                terms.add("is_latest" + flag + " = 1");
            }
            if (!v.versionKeys().isEmpty()) {
                terms.add("version IN (" + placeholders(v.versionKeys().size()) + ")");
                params.addAll(v.versionKeys().stream().sorted().toList());
            }
            sql.append(terms.size() == 1 ? " AND " + terms.get(0) : " AND (" + String.join(" OR ", terms) + ")");
        }
        after.ifPresent(p -> {
            // A row-value comparison, which both planners turn into an index range.
            sql.append(" AND (date_added, seq) > (?, ?)");
            params.add(p.dateAddedMicros());
            params.add(p.seq());
        });
    }

    private static void appendIn(StringBuilder sql, List<Object> params, String column, Set<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sql.append(" AND ")
                .append(column)
                .append(" IN (")
                .append(placeholders(values.size()))
                .append(')');
        params.addAll(values.stream().sorted().toList());
    }

    /** An object from a row of VERSION_COLUMNS, body, digest. */
    private StoredObject storedObject(ResultSet rs) throws SQLException {
        return new StoredObject(versionRecord(rs), text(rs, 7), text(rs, 8));
    }

    private VersionRecord versionRecord(ResultSet rs) throws SQLException {
        return new VersionRecord(text(rs, 1), text(rs, 2), text(rs, 3), text(rs, 4), rs.getLong(5), rs.getLong(6));
    }

    /** A version's identity entry: its identity key and its position. */
    private record IdentityEntry(long idHash, long dateAdded, long seq) {}

    @Override
    public int deleteObject(String collectionId, String objectId, ObjectFilter filter) {
        lockCollection(collectionId);
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT v.id_hash, date_added, seq FROM ");
        appendWhere(sql, params, collectionId, objectId, filter, Optional.empty());
        List<IdentityEntry> doomed =
                query(sql.toString(), params, rs -> new IdentityEntry(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        if (doomed.isEmpty()) {
            return 0;
        }
        try (Kept rows =
                prepare("DELETE FROM object_version WHERE collection_id = ?" + " AND date_added = ? AND seq = ?")) {
            for (IdentityEntry d : doomed) {
                rows.ps.setString(1, collectionId);
                rows.ps.setLong(2, d.dateAdded());
                rows.ps.setLong(3, d.seq());
                rows.ps.addBatch();
            }
            rows.ps.executeBatch();
            rows.ok = true;
        } catch (SQLException e) {
            throw JdbcStore.failure("deleting objects", e);
        }
        for (String forget : dialect.deleteIdentity()) {
            for (IdentityEntry d : doomed) {
                update(forget, listOf(d.idHash(), d.dateAdded(), d.seq()));
            }
        }
        List<Object> ids = new ArrayList<>();
        StringBuilder remainingSql = new StringBuilder("SELECT date_added, seq FROM ");
        appendByIds(remainingSql, ids, collectionId, Set.of(objectId));
        List<Position> remaining =
                query(remainingSql + " ORDER BY version", ids, rs -> new Position(rs.getLong(1), rs.getLong(2)));
        for (int i = 0; i < remaining.size(); i++) {
            Position p = remaining.get(i);
            update(
                    "UPDATE object_version SET is_first = ?, is_latest = ?"
                            + " WHERE collection_id = ? AND date_added = ? AND seq = ?",
                    listOf(
                            i == 0 ? 1 : 0,
                            i == remaining.size() - 1 ? 1 : 0,
                            collectionId,
                            p.dateAddedMicros(),
                            p.seq()));
        }
        return doomed.size();
    }

    @Override
    public long lastDateAdded(String collectionId) {
        List<Long> rows = query(
                "SELECT CASE WHEN last_added > 0 THEN last_added" + " ELSE created_at END FROM collection WHERE id = ?",
                List.of(collectionId),
                rs -> rs.getLong(1));
        if (rows.isEmpty()) {
            throw new NotFoundException("collection '" + collectionId + "' does not exist");
        }
        return rows.get(0);
    }

    @Override
    public long countVersions(String collectionId) {
        return query(
                        "SELECT COUNT(*) FROM object_version WHERE collection_id = ?",
                        List.of(collectionId),
                        rs -> rs.getLong(1))
                .get(0);
    }

    @Override
    public void resetSourceRefs(String collectionId) {
        lockCollection(collectionId);
        update("DELETE FROM source_ref WHERE collection_id = ?", List.of(collectionId));
    }

    @Override
    public void replaceSourceRefs(String collectionId, Map<String, List<SourceRef>> byReferrer) {
        if (byReferrer.isEmpty()) {
            return;
        }
        // One statement per chunk of referrers, not one per referrer: most objects of an import
        // are new and have nothing to delete, and each execution costs a round trip (JNI on
        // SQLite, the network on PostgreSQL) whatever it finds.
        for (List<String> chunk : chunks(new ArrayList<>(byReferrer.keySet()))) {
            List<Object> params = new ArrayList<>(chunk.size() + 1);
            params.add(collectionId);
            params.addAll(chunk);
            update(
                    "DELETE FROM source_ref WHERE collection_id = ? AND referrer_id IN (" + placeholders(chunk.size())
                            + ")",
                    params);
        }
        try (PreparedStatement ins = conn.prepareStatement("INSERT INTO source_ref"
                + " (collection_id, target_id, referrer_id, required)"
                + " VALUES (?, ?, ?, ?)")) {
            int inserts = 0;
            for (Map.Entry<String, List<SourceRef>> e : byReferrer.entrySet()) {
                Map<String, Boolean> targets = new LinkedHashMap<>();
                for (SourceRef r : e.getValue()) {
                    targets.merge(r.targetId(), r.required(), Boolean::logicalOr);
                }
                for (Map.Entry<String, Boolean> t : targets.entrySet()) {
                    ins.setString(1, collectionId);
                    ins.setString(2, t.getKey());
                    ins.setString(3, e.getKey());
                    ins.setInt(4, t.getValue() ? 1 : 0);
                    ins.addBatch();
                    inserts++;
                }
            }
            if (inserts > 0) {
                ins.executeBatch();
            }
        } catch (SQLException e) {
            throw JdbcStore.failure("recording references", e);
        }
    }

    @Override
    public List<SourceRef> referrers(Collection<String> collectionIds, Collection<String> targetIds) {
        List<SourceRef> out = new ArrayList<>();
        if (collectionIds.isEmpty()) {
            return out;
        }
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(targetIds)))) {
            List<Object> params = new ArrayList<>(collectionIds);
            params.addAll(chunk);
            forEachRow(
                    "SELECT target_id, referrer_id, required FROM source_ref"
                            + " WHERE collection_id IN (" + placeholders(collectionIds.size()) + ")"
                            + " AND target_id IN (" + placeholders(chunk.size()) + ")",
                    params,
                    rs -> out.add(new SourceRef(rs.getString(1), rs.getString(2), rs.getInt(3) == 1)));
        }
        return out;
    }

    @Override
    public Map<String, StoredObject> latestObjects(Collection<String> collectionIds, Collection<String> objectIds) {
        Map<String, StoredObject> out = new HashMap<>();
        for (String collection : collectionIds) {
            // "is_latest + 0": a condition the partial indexes' predicate (is_latest = 1)
            // cannot be proven from, so no planner is tempted to scan the collection's latest
            // objects for each id, as PostgreSQL is before its first ANALYZE of the table.
            forEachVersionOf(
                    collection, objectIds, VERSION_COLUMNS + ", body, digest", " AND is_latest + 0 = 1", rs -> {
                        StoredObject o = storedObject(rs);
                        out.merge(
                                o.record().objectId(),
                                o,
                                (x, y) -> x.record()
                                                        .versionKey()
                                                        .compareTo(y.record().versionKey())
                                                >= 0
                                        ? x
                                        : y);
                    });
        }
        return out;
    }

    @Override
    public Set<String> idsOfType(Collection<String> collectionIds, String type) {
        Set<String> out = new TreeSet<>();
        for (String collection : collectionIds) {
            forEachRow(
                    "SELECT object_id FROM object_version WHERE collection_id = ?"
                            + " AND object_type = ? AND is_latest = 1",
                    List.of(collection, type),
                    rs -> out.add(rs.getString(1)));
        }
        return out;
    }

    private static final String INSERT_VERSION = "INSERT INTO object_version"
            + " (collection_id, date_added, seq, object_id, object_type, version,"
            + " spec_version, is_first, is_latest, digest, body, prov_channel, prov_source,"
            + " id_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
}
