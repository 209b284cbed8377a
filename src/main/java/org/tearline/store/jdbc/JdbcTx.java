package org.tearline.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.tearline.error.ConflictException;
import org.tearline.error.NotFoundException;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.Account;
import org.tearline.store.AddResult;
import org.tearline.store.ApiRoot;
import org.tearline.store.ApiToken;
import org.tearline.store.AuditCheckpoint;
import org.tearline.store.AuditEntry;
import org.tearline.store.AuditHead;
import org.tearline.store.AuditKey;
import org.tearline.store.AuditQuery;
import org.tearline.store.AudienceRecord;
import org.tearline.store.CollectionInfo;
import org.tearline.store.CollectionKind;
import org.tearline.store.Grant;
import org.tearline.store.NewObject;
import org.tearline.store.ObjectFilter;
import org.tearline.store.Page;
import org.tearline.store.PageRequest;
import org.tearline.store.PolicyVersion;
import org.tearline.store.Position;
import org.tearline.store.Provenance;
import org.tearline.store.Receipt;
import org.tearline.store.ReleaseState;
import org.tearline.store.SourceRef;
import org.tearline.store.StatusRecord;
import org.tearline.store.StoreTx;
import org.tearline.store.StoredObject;
import org.tearline.store.VersionRecord;
import org.tearline.store.VersionSelector;
import org.tearline.store.ViewRun;
import org.tearline.store.WarningRecord;
import org.tearline.store.LoginFailures;
import org.tearline.store.WebSession;
import org.tearline.store.FeedbackRecord;

/** One transaction on a JDBC connection. Not thread-safe; lives as long as the transaction. */
final class JdbcTx implements StoreTx {

    /** Largest IN list sent in one statement; both databases take far more, plans stay sane. */
    private static final int IN_CHUNK = 500;
    /** Rows fetched per round trip when streaming. */
    private static final int STREAM_FETCH = 500;

    private static final String INSERT_IDENTITY = "INSERT INTO " + IdentityTiers.table(0)
            + " (id_hash, version_added, version_seq) VALUES (?, ?, ?)";

    private static final String VERSION_COLUMNS =
            "object_id, object_type, version, spec_version, date_added, seq";

    private final Connection conn;
    private final Dialect dialect;
    /** The connection's kept statements, on SQLite; null where the driver keeps its own. */
    private final StatementCache statements;
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

    JdbcTx(Connection conn, Dialect dialect, StatementCache statements, IdentityTiers tiers,
            KnownIds knownIds) {
        this.conn = conn;
        this.dialect = dialect;
        this.statements = statements;
        this.tiers = tiers;
        this.knownIds = knownIds;
    }

    /**
     * Called once the transaction has committed: the store's filter of known ids may now trust
     * what this transaction added.
     */
    void committed() {
        written.forEach((collection, position) -> knownIds.cover(generation, collection,
                position));
    }

    // --- API roots and collections -------------------------------------------------------

    @Override
    public List<ApiRoot> apiRoots() {
        return query("SELECT name, title, description, max_content_length FROM api_root"
                + " ORDER BY name", List.of(), JdbcTx::apiRoot);
    }

    @Override
    public Optional<ApiRoot> findApiRoot(String name) {
        return first(query("SELECT name, title, description, max_content_length FROM api_root"
                + " WHERE name = ?", List.of(name), JdbcTx::apiRoot));
    }

    @Override
    public void putApiRoot(ApiRoot root, Instant now) {
        update("INSERT INTO api_root (name, title, description, max_content_length, created_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                        + " title = excluded.title, description = excluded.description,"
                        + " max_content_length = excluded.max_content_length",
                listOf(root.name(), root.title(), root.description(), root.maxContentLength(),
                        StixTimestamp.toMicros(now)));
    }

    private static ApiRoot apiRoot(ResultSet rs) throws SQLException {
        return new ApiRoot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
    }

    private static final String COLLECTION_COLUMNS =
            "id, api_root, title, description, alias, kind, created_at";

    @Override
    public List<CollectionInfo> collections(String apiRoot) {
        return query("SELECT " + COLLECTION_COLUMNS + " FROM collection WHERE api_root = ?"
                + " ORDER BY id", List.of(apiRoot), JdbcTx::collection);
    }

    @Override
    public List<CollectionInfo> allCollections() {
        return query("SELECT " + COLLECTION_COLUMNS + " FROM collection ORDER BY api_root, id",
                List.of(), JdbcTx::collection);
    }

    @Override
    public Optional<CollectionInfo> findCollection(String collectionId) {
        return first(query("SELECT " + COLLECTION_COLUMNS + " FROM collection WHERE id = ?",
                List.of(collectionId), JdbcTx::collection));
    }

    @Override
    public void createCollection(CollectionInfo c) {
        if (findApiRoot(c.apiRoot()).isEmpty()) {
            throw new NotFoundException("API root '" + c.apiRoot() + "' does not exist");
        }
        if (findCollection(c.id()).isPresent()) {
            throw new ConflictException("collection '" + c.id() + "' already exists");
        }
        if (c.alias() != null && !query("SELECT id FROM collection WHERE api_root = ?"
                + " AND alias = ?", List.of(c.apiRoot(), c.alias()), rs -> rs.getString(1))
                .isEmpty()) {
            throw new ConflictException("alias '" + c.alias() + "' is already used in API root '"
                    + c.apiRoot() + "'");
        }
        // ON CONFLICT: another node may have created the same id or alias since the checks
        // above; on PostgreSQL that would otherwise be a unique violation, not a conflict.
        if (update("INSERT INTO collection (" + COLLECTION_COLUMNS + ", last_seq, last_added)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0) ON CONFLICT DO NOTHING",
                listOf(c.id(), c.apiRoot(), c.title(), c.description(), c.alias(),
                        c.kind().dbName(), StixTimestamp.toMicros(c.created()))) == 0) {
            throw new ConflictException(findCollection(c.id()).isPresent()
                    ? "collection '" + c.id() + "' already exists"
                    : "alias '" + c.alias() + "' is already used in API root '" + c.apiRoot()
                            + "'");
        }
    }

    private static CollectionInfo collection(ResultSet rs) throws SQLException {
        return new CollectionInfo(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), CollectionKind.ofDbName(rs.getString(6)),
                StixTimestamp.fromMicros(rs.getLong(7)));
    }

    // --- objects -------------------------------------------------------------------------

    /** A version of one object as seen while adding: stored already, or pending insert. */
    private static final class Known {
        final String digest;
        final boolean wasFirst;
        final boolean wasLatest;
        /** The stored row's position; null while pending. */
        final Position position;
        final NewObject pending;

        Known(String digest, boolean wasFirst, boolean wasLatest, Position position,
                NewObject pending) {
            this.digest = digest;
            this.wasFirst = wasFirst;
            this.wasLatest = wasLatest;
            this.position = position;
            this.pending = pending;
        }
    }

    @Override
    public List<AddResult> addObjects(String collectionId, List<NewObject> objects, Instant now,
            Provenance provenance) {
        long[] counters = lockCollection(collectionId);
        long seq = counters[0];
        long dateAdded = Math.max(StixTimestamp.toMicros(now), counters[1] + 1);
        coverKnownIds(collectionId, counters);

        long[] keys = new long[objects.size()];
        List<NewObject> mayExist = new ArrayList<>(objects.size());
        for (int i = 0; i < keys.length; i++) {
            keys[i] = IdentityHash.of(collectionId, objects.get(i).id());
            if (knownIds.mayContain(keys[i])) {
                mayExist.add(objects.get(i));
            }
        }
        Map<String, TreeMap<String, Known>> known = mayExist.isEmpty() ? new HashMap<>()
                : loadKnownVersions(collectionId, mayExist);
        List<AddResult> results = new ArrayList<>(objects.size());
        List<NewObject> inserts = new ArrayList<>();
        long[] insertKeys = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            NewObject o = objects.get(i);
            TreeMap<String, Known> versions = known.computeIfAbsent(o.id(), k -> new TreeMap<>());
            String key = o.versionKey() != null ? o.versionKey() : unversionedKey(versions, o,
                    dateAdded);
            Known existing = versions.get(key);
            if (existing == null) {
                NewObject toStore = key.equals(o.versionKey()) ? o : new NewObject(o.id(),
                        o.type(), key, o.specVersion(), o.json(), o.digest());
                versions.put(key, new Known(o.digest(), false, false, null, toStore));
                insertKeys[inserts.size()] = keys[i];
                inserts.add(toStore);
                // Inserted below in this order, each with the next seq.
                results.add(new AddResult(o.id(), key, AddResult.Outcome.STORED, "",
                        seq + inserts.size()));
            } else if (existing.digest.equals(o.digest())) {
                results.add(new AddResult(o.id(), key, AddResult.Outcome.DUPLICATE,
                        "this version is already stored"));
            } else {
                results.add(new AddResult(o.id(), key, AddResult.Outcome.CONFLICT,
                        "version " + StixTimestamp.format(StixTimestamp.parse(key).orElseThrow())
                                + " is already stored with different content;"
                                + " a changed object needs a new modified timestamp"));
            }
        }
        if (inserts.isEmpty()) {
            return results;
        }
        // Before the rows: should the transaction fail half-way, the filter still covers it.
        noteAdded(insertKeys, inserts.size());
        boolean tiered = dialect.identityTiers();
        try (Kept insert = prepare(INSERT_VERSION); Kept identity = tiered
                ? prepare(INSERT_IDENTITY) : null; Kept flags = prepare("UPDATE object_version SET is_first = ?, is_latest = ?"
                        + " WHERE collection_id = ? AND date_added = ? AND seq = ?")) {
            int flagUpdates = 0;
            for (Map.Entry<String, TreeMap<String, Known>> e : known.entrySet()) {
                TreeMap<String, Known> versions = e.getValue();
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
                TreeMap<String, Known> versions = known.get(o.id());
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
        update("UPDATE collection SET last_seq = ?, last_added = ? WHERE id = ?",
                listOf(seq, dateAdded, collectionId));
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
    private void coverKnownIds(String collectionId, long[] counters) {
        if (knownIds.needsBuild()) {
            buildKnownIds();
        } else if (knownIds.generation() != generation) {
            // Built again by another transaction, which could not see this one's keys.
            generation = knownIds.generation();
            knownIds.add(generation, addedKeys, 0, addedCount);
        }
        KnownIds.Coverage stored = new KnownIds.Coverage(counters[1], counters[0]);
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
            forEachKey("SELECT id_hash FROM object_version WHERE collection_id = ?"
                    + " AND (date_added, seq) > (?, ?)", listOf(collectionId, from.dateAdded(),
                    from.seq()), (keys, n) -> knownIds.add(gen, keys, 0, n));
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
        forEachKey(dialect.identityTiers() ? "SELECT id_hash FROM object_identity"
                : "SELECT id_hash FROM object_version", List.of(),
                (keys, n) -> build.add(keys, 0, n));
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
            addedKeys = java.util.Arrays.copyOf(addedKeys,
                    Math.max(addedCount + count, 2 * addedKeys.length));
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
        return query("SELECT COUNT(*) FROM " + IdentityTiers.table(tier), List.of(),
                rs -> rs.getLong(1)).get(0);
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
    private static String unversionedKey(TreeMap<String, Known> versions, NewObject o,
            long dateAdded) {
        for (Map.Entry<String, Known> e : versions.entrySet()) {
            if (e.getValue().digest.equals(o.digest())) {
                return e.getKey();
            }
        }
        java.time.Instant added = StixTimestamp.fromMicros(dateAdded);
        String key = StixTimestamp.key(added);
        for (int n = 1; versions.containsKey(key); n++) {
            key = StixTimestamp.key(added.plusNanos(n));
        }
        return key;
    }

    private long[] lockCollection(String collectionId) {
        List<long[]> rows = query(dialect.lockCollection(), List.of(collectionId),
                rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        if (rows.isEmpty()) {
            throw new NotFoundException("collection '" + collectionId + "' does not exist");
        }
        return rows.get(0);
    }

    private Map<String, TreeMap<String, Known>> loadKnownVersions(String collectionId,
            List<NewObject> objects) {
        Set<String> ids = new LinkedHashSet<>();
        for (NewObject o : objects) {
            ids.add(o.id());
        }
        Map<String, TreeMap<String, Known>> known = new HashMap<>();
        forEachVersionOf(collectionId, ids, "object_id, version, digest, is_first, is_latest,"
                + " date_added, seq", "", rs -> known.computeIfAbsent(text(rs, 1),
                        k -> new TreeMap<>()).put(text(rs, 2), new Known(text(rs, 3),
                                rs.getInt(4) == 1, rs.getInt(5) == 1,
                                new Position(rs.getLong(6), rs.getLong(7)), null)));
        return known;
    }

    /**
     * Visits the versions of the given objects in one collection, with an optional extra
     * condition ({@code " AND ..."}), through their identities (see {@link #appendByIds}).
     * PostgreSQL is given one probe per id rather than a list, which for a collection it has
     * no statistics for (a new collection, a big import before autovacuum's next ANALYZE) it
     * would serve by reading the collection.
     */
    private void forEachVersionOf(String collectionId, Collection<String> ids, String columns,
            String condition, RowConsumer consumer) {
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(ids)))) {
            List<Object> params = new ArrayList<>(2 * chunk.size() + 1);
            if (dialect.identityTiers()) {
                StringBuilder sql = new StringBuilder("SELECT ").append(columns)
                        .append(" FROM ");
                appendByIds(sql, params, collectionId, chunk);
                forEachRow(sql + condition, params, consumer);
                continue;
            }
            try {
                params.add(conn.createArrayOf("bigint", chunk.stream()
                        .map(id -> IdentityHash.of(collectionId, id)).toArray()));
                params.add(conn.createArrayOf("text", chunk.toArray()));
            } catch (SQLException e) {
                throw JdbcStore.failure("preparing object ids", e);
            }
            params.add(collectionId);
            forEachRow("SELECT v.* FROM unnest(?::bigint[], ?::text[]) AS i(h, id)"
                    + " CROSS JOIN LATERAL (SELECT " + columns + " FROM object_version"
                    + " WHERE id_hash = i.h AND " + PG_COLLECTION_BY_ID + " AND object_id = i.id"
                    + condition + " OFFSET 0) v", params, consumer);
        }
    }

    /**
     * The FROM clause and the start of the WHERE clause of a query for the versions of objects
     * by id in one collection, adding their parameters; the caller may add {@code " AND ..."}
     * conditions on object_version's columns, named unqualified or as {@code v}'s.
     *
     * <p>Each id must be found through its identity: a plan that reads the collection's rows
     * and filters them would make every lookup cost as much as the collection is big, and a
     * planner without statistics for the collection may pick one. On SQLite the identity
     * entries are in tiers ({@link IdentityTiers}), each naming one row by its primary key, and
     * SQLite keeps the order of a CROSS JOIN. PostgreSQL keeps one identity index, on
     * object_version itself (see {@link #PG_COLLECTION_BY_ID}).
     */
    private void appendByIds(StringBuilder sql, List<Object> params, String collectionId,
            Collection<String> ids) {
        // A list of one is an equality to both planners.
        List<String> sorted = ids.stream().distinct().sorted().toList();
        if (dialect.identityTiers()) {
            // The two tables share no column names but id_hash, so object_version's others
            // need no qualifier.
            sql.append("object_identity i CROSS JOIN object_version v WHERE i.id_hash IN (")
                    .append(placeholders(sorted.size())).append(") AND v.collection_id = ?"
                            + " AND v.date_added = i.version_added AND v.seq = i.version_seq");
        } else {
            sql.append("object_version v WHERE id_hash IN (").append(placeholders(sorted.size()))
                    .append(") AND ").append(PG_COLLECTION_BY_ID);
        }
        sql.append(" AND v.object_id IN (").append(placeholders(sorted.size())).append(')');
        sorted.forEach(id -> params.add(IdentityHash.of(collectionId, id)));
        params.add(collectionId);
        params.addAll(sorted);
    }

    /**
     * On PostgreSQL, the condition on the collection (one parameter) of a lookup by id: an
     * expression no index serves, so the identity index, keyed on a hash of collection and id,
     * is the only one left. Given the plain column, PostgreSQL without statistics for a
     * collection combined the identity index with a scan of every primary-key entry of it.
     */
    private static final String PG_COLLECTION_BY_ID = "(collection_id || '') = ?";

    @Override
    public Page<StoredObject> findObjects(String collectionId, ObjectFilter filter,
            PageRequest page) {
        return page(collectionId, null, filter, page, true,
                this::storedObject);
    }

    @Override
    public Page<VersionRecord> findManifest(String collectionId, ObjectFilter filter,
            PageRequest page) {
        return page(collectionId, null, filter, page, false, this::versionRecord);
    }

    @Override
    public Page<VersionRecord> findVersions(String collectionId, String objectId,
            ObjectFilter filter, PageRequest page) {
        return page(collectionId, objectId, filter, page, false, this::versionRecord);
    }

    private <T> Page<T> page(String collectionId, String objectId, ObjectFilter filter,
            PageRequest page, boolean withBody, RowMapper<T> mapper) {
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
                appendWhere(sql, params, collectionId, null, filter.withTypes(Set.of(type)),
                        page.after());
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
    public void forEachObject(String collectionId, ObjectFilter filter,
            Consumer<StoredObject> sink) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(VERSION_COLUMNS)
                .append(", body, digest FROM ");
        appendWhere(sql, params, collectionId, null, filter, Optional.empty());
        sql.append(" ORDER BY date_added, seq");
        forEachRow(sql.toString(), params,
                rs -> sink.accept(storedObject(rs)));
    }

    /**
     * The WHERE clause of every object query. Literal flags ({@code is_latest = 1}) match the
     * partial indexes' predicates so both planners can use them.
     */

    private void appendWhere(StringBuilder sql, List<Object> params, String collectionId,
            String objectId, ObjectFilter filter, Optional<Position> after) {
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
            sql.append(terms.size() == 1 ? " AND " + terms.get(0)
                    : " AND (" + String.join(" OR ", terms) + ")");
        }
        after.ifPresent(p -> {
            // A row-value comparison, which both planners turn into an index range.
            sql.append(" AND (date_added, seq) > (?, ?)");
            params.add(p.dateAddedMicros());
            params.add(p.seq());
        });
    }

    private static void appendIn(StringBuilder sql, List<Object> params, String column,
            Set<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sql.append(" AND ").append(column).append(" IN (").append(placeholders(values.size()))
                .append(')');
        params.addAll(values.stream().sorted().toList());
    }

    /** An object from a row of VERSION_COLUMNS, body, digest. */
    private StoredObject storedObject(ResultSet rs) throws SQLException {
        return new StoredObject(versionRecord(rs), text(rs, 7), text(rs, 8));
    }

    private VersionRecord versionRecord(ResultSet rs) throws SQLException {
        return new VersionRecord(text(rs, 1), text(rs, 2), text(rs, 3), text(rs, 4),
                rs.getLong(5), rs.getLong(6));
    }

    /**
     * A text column of a row read in bulk. sqlite-jdbc's getString hands each value over in a
     * direct buffer that JNI builds by calling back into Java, which was a fifth of the CPU of
     * a paged read; its getBytes copies the stored UTF-8 into an array, decoded here.
     */
    private String text(ResultSet rs, int column) throws SQLException {
        if (dialect != Dialect.SQLITE) {
            return rs.getString(column);
        }
        byte[] utf8 = rs.getBytes(column);
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public int deleteObject(String collectionId, String objectId, ObjectFilter filter) {
        lockCollection(collectionId);
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT v.id_hash, date_added, seq FROM ");
        appendWhere(sql, params, collectionId, objectId, filter, Optional.empty());
        List<long[]> doomed = query(sql.toString(), params, rs -> new long[] {rs.getLong(1),
                rs.getLong(2), rs.getLong(3)});
        if (doomed.isEmpty()) {
            return 0;
        }
        try (Kept rows = prepare("DELETE FROM object_version WHERE collection_id = ?"
                + " AND date_added = ? AND seq = ?")) {
            for (long[] d : doomed) {
                rows.ps.setString(1, collectionId);
                rows.ps.setLong(2, d[1]);
                rows.ps.setLong(3, d[2]);
                rows.ps.addBatch();
            }
            rows.ps.executeBatch();
            rows.ok = true;
        } catch (SQLException e) {
            throw JdbcStore.failure("deleting objects", e);
        }
        // An entry is in one tier or another; which, only the tables know.
        for (int tier = 0; dialect.identityTiers() && tier <= IdentityTiers.LAST; tier++) {
            for (long[] d : doomed) {
                update("DELETE FROM " + IdentityTiers.table(tier) + " WHERE id_hash = ?"
                        + " AND version_added = ? AND version_seq = ?", listOf(d[0], d[1], d[2]));
            }
        }
        List<Object> ids = new ArrayList<>();
        StringBuilder remainingSql = new StringBuilder("SELECT date_added, seq FROM ");
        appendByIds(remainingSql, ids, collectionId, Set.of(objectId));
        List<Position> remaining = query(remainingSql + " ORDER BY version", ids,
                rs -> new Position(rs.getLong(1), rs.getLong(2)));
        for (int i = 0; i < remaining.size(); i++) {
            Position p = remaining.get(i);
            update("UPDATE object_version SET is_first = ?, is_latest = ?"
                    + " WHERE collection_id = ? AND date_added = ? AND seq = ?",
                    listOf(i == 0 ? 1 : 0, i == remaining.size() - 1 ? 1 : 0, collectionId,
                            p.dateAddedMicros(), p.seq()));
        }
        return doomed.size();
    }

    @Override
    public long lastDateAdded(String collectionId) {
        List<Long> rows = query("SELECT CASE WHEN last_added > 0 THEN last_added"
                + " ELSE created_at END FROM collection WHERE id = ?", List.of(collectionId),
                rs -> rs.getLong(1));
        if (rows.isEmpty()) {
            throw new NotFoundException("collection '" + collectionId + "' does not exist");
        }
        return rows.get(0);
    }

    @Override
    public long countVersions(String collectionId) {
        return query("SELECT COUNT(*) FROM object_version WHERE collection_id = ?",
                List.of(collectionId), rs -> rs.getLong(1)).get(0);
    }

    // --- status resources ----------------------------------------------------------------

    @Override
    public void saveStatus(StatusRecord s) {
        ObjectNode details = StixJson.mapper().createObjectNode();
        details.set("successes", detailsArray(s.successes()));
        details.set("failures", detailsArray(s.failures()));
        details.set("pendings", detailsArray(s.pendings()));
        update("INSERT INTO status (id, api_root, collection_id, owner, request_timestamp,"
                        + " status, total_count, success_count, failure_count, pending_count,"
                        + " details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                listOf(s.id(), s.apiRoot(), s.collectionId(), s.owner(),
                        StixTimestamp.toMicros(s.requestTimestamp()), s.status(), s.totalCount(),
                        s.successes().size(), s.failures().size(), s.pendings().size(),
                        details.toString()));
    }

    private static ArrayNode detailsArray(List<StatusRecord.Detail> details) {
        ArrayNode array = StixJson.mapper().createArrayNode();
        for (StatusRecord.Detail d : details) {
            ObjectNode n = array.addObject();
            n.put("id", d.id());
            n.put("version", d.version());
            if (d.message() != null) {
                n.put("message", d.message());
            }
        }
        return array;
    }

    @Override
    public Optional<StatusRecord> findStatus(String apiRoot, String statusId) {
        return first(query("SELECT id, api_root, collection_id, owner, request_timestamp,"
                        + " status, details FROM status WHERE api_root = ? AND id = ?",
                List.of(apiRoot, statusId), rs -> {
                    JsonNode details = readJson(rs.getString(7));
                    return new StatusRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), StixTimestamp.fromMicros(rs.getLong(5)),
                            rs.getString(6), details(details.get("successes")),
                            details(details.get("failures")), details(details.get("pendings")));
                }));
    }

    private static List<StatusRecord.Detail> details(JsonNode array) {
        List<StatusRecord.Detail> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(new StatusRecord.Detail(n.path("id").asText(null),
                    n.path("version").asText(null), n.path("message").asText(null)));
        }
        return out;
    }

    private static JsonNode readJson(String text) throws SQLException {
        try {
            return StixJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored JSON is unreadable", e);
        }
    }

    // --- accounts, tokens, grants --------------------------------------------------------

    private static final String ACCOUNT_COLUMNS = "name, password_hash, role, created_at, disabled";

    @Override
    public Optional<Account> findAccount(String name) {
        return first(query("SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE name = ?",
                List.of(name), JdbcTx::account));
    }

    @Override
    public List<Account> accounts() {
        return query("SELECT " + ACCOUNT_COLUMNS + " FROM account ORDER BY name", List.of(),
                JdbcTx::account);
    }

    @Override
    public void createAccount(Account a) {
        if (findAccount(a.name()).isPresent()) {
            throw new ConflictException("user '" + a.name() + "' already exists");
        }
        // ON CONFLICT: another node may have created the same account since the check above.
        if (update("INSERT INTO account (" + ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (name) DO NOTHING",
                listOf(a.name(), a.passwordHash(), a.role().name().toLowerCase(
                        java.util.Locale.ROOT), StixTimestamp.toMicros(a.created()),
                        a.disabled() ? 1 : 0)) == 0) {
            throw new ConflictException("user '" + a.name() + "' already exists");
        }
    }

    @Override
    public void updatePassword(String name, String passwordHash) {
        if (update("UPDATE account SET password_hash = ? WHERE name = ?",
                listOf(passwordHash, name)) == 0) {
            throw new NotFoundException("user '" + name + "' does not exist");
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getString(1), rs.getString(2),
                Account.Role.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)),
                StixTimestamp.fromMicros(rs.getLong(4)), rs.getInt(5) == 1);
    }

    @Override
    public void createToken(ApiToken t) {
        update("INSERT INTO api_token (id, account, secret_hash, label, created_at, revoked)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                listOf(t.id(), t.account(), t.secretHash(), t.label(),
                        StixTimestamp.toMicros(t.created()), t.revoked() ? 1 : 0));
        if (t.expires() != null) {
            update("INSERT INTO api_token_expiry (token_id, expires_at) VALUES (?, ?)",
                    listOf(t.id(), StixTimestamp.toMicros(t.expires())));
        }
    }

    private static final String TOKEN_SELECT = "SELECT t.id, t.account, t.secret_hash,"
            + " t.label, t.created_at, t.revoked, e.expires_at FROM api_token t"
            + " LEFT JOIN api_token_expiry e ON e.token_id = t.id";

    @Override
    public Optional<ApiToken> findToken(String id) {
        return first(query(TOKEN_SELECT + " WHERE t.id = ?", List.of(id), JdbcTx::token));
    }

    @Override
    public List<ApiToken> tokensOf(String account) {
        return query(TOKEN_SELECT + " WHERE t.account = ? ORDER BY t.created_at, t.id",
                List.of(account), JdbcTx::token);
    }

    @Override
    public List<ApiToken> tokens() {
        return query(TOKEN_SELECT + " ORDER BY t.account, t.created_at, t.id", List.of(),
                JdbcTx::token);
    }

    @Override
    public boolean revokeToken(String id) {
        return update("UPDATE api_token SET revoked = 1 WHERE id = ?", List.of(id)) > 0;
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        long expires = rs.getLong(7);
        boolean never = rs.wasNull();
        return new ApiToken(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                StixTimestamp.fromMicros(rs.getLong(5)), rs.getInt(6) == 1,
                never ? null : StixTimestamp.fromMicros(expires));
    }

    @Override
    public void setDisabled(String name, boolean disabled) {
        if (update("UPDATE account SET disabled = ? WHERE name = ?",
                listOf(disabled ? 1 : 0, name)) == 0) {
            throw new NotFoundException("user '" + name + "' does not exist");
        }
    }

    // --- failed sign-ins -------------------------------------------------------------------

    private static final String FAILURE_COLUMNS =
            "subject, failures, held, locked_until, last_failure, last_entry";

    @Override
    public Optional<LoginFailures> findLoginFailures(String subject) {
        return first(query("SELECT " + FAILURE_COLUMNS + " FROM login_failure WHERE subject = ?",
                List.of(subject), JdbcTx::loginFailures));
    }

    @Override
    public LoginFailures countLoginFailure(String subject, boolean checked, Instant now,
            Instant forgetBefore) {
        // One statement, so that attempts on several nodes at once all count.
        update("INSERT INTO login_failure (" + FAILURE_COLUMNS + ") VALUES (?, ?, 1, 0, ?, 0)"
                        + " ON CONFLICT (subject) DO UPDATE SET"
                        + " failures = CASE WHEN login_failure.last_failure < ?"
                        + " THEN excluded.failures"
                        + " ELSE login_failure.failures + excluded.failures END,"
                        + " held = login_failure.held + 1,"
                        + " last_failure = CASE WHEN excluded.failures > 0"
                        + " THEN excluded.last_failure ELSE login_failure.last_failure END",
                listOf(subject, checked ? 1 : 0, micros(now), micros(forgetBefore)));
        return findLoginFailures(subject).orElseThrow();
    }

    @Override
    public void lockLogin(String subject, Instant until) {
        update("UPDATE login_failure SET locked_until = ? WHERE subject = ?",
                listOf(micros(until), subject));
    }

    @Override
    public void loginRecorded(String subject, Instant at) {
        update("UPDATE login_failure SET held = 0, last_entry = ? WHERE subject = ?",
                listOf(micros(at), subject));
    }

    @Override
    public void clearLoginFailures(String subject) {
        update("DELETE FROM login_failure WHERE subject = ?", List.of(subject));
    }

    @Override
    public long forgetLoginFailures(Instant before) {
        long held = query("SELECT COALESCE(SUM(held), 0) FROM login_failure WHERE last_failure < ?"
                + " AND locked_until < ?", listOf(micros(before), micros(before)),
                rs -> rs.getLong(1)).get(0);
        update("DELETE FROM login_failure WHERE last_failure < ? AND locked_until < ?",
                listOf(micros(before), micros(before)));
        return held;
    }

    private static LoginFailures loginFailures(ResultSet rs) throws SQLException {
        return new LoginFailures(rs.getString(1), rs.getInt(2), rs.getLong(3),
                StixTimestamp.fromMicros(rs.getLong(4)), StixTimestamp.fromMicros(rs.getLong(5)),
                StixTimestamp.fromMicros(rs.getLong(6)));
    }

    @Override
    public void putGrant(Grant g) {
        update("INSERT INTO collection_grant (account, collection_id, can_read, can_write)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (account, collection_id) DO UPDATE"
                        + " SET can_read = excluded.can_read, can_write = excluded.can_write",
                listOf(g.account(), g.collectionId(), g.canRead() ? 1 : 0, g.canWrite() ? 1 : 0));
    }

    @Override
    public Optional<Grant> findGrant(String account, String collectionId) {
        return first(query("SELECT account, collection_id, can_read, can_write"
                        + " FROM collection_grant WHERE account = ? AND collection_id = ?",
                List.of(account, collectionId), JdbcTx::grant));
    }

    @Override
    public List<Grant> grantsOf(String account) {
        return query("SELECT account, collection_id, can_read, can_write FROM collection_grant"
                + " WHERE account = ? ORDER BY collection_id", List.of(account), JdbcTx::grant);
    }

    private static Grant grant(ResultSet rs) throws SQLException {
        return new Grant(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getInt(4) == 1);
    }

    // --- audiences and release views ------------------------------------------------------

    private static final String AUDIENCE_COLUMNS =
            "name, view_collection_id, policy_version, created_at, updated_at";

    @Override
    public void createAudience(AudienceRecord a) {
        if (findAudience(a.name()).isPresent()) {
            throw new ConflictException("audience '" + a.name() + "' already exists");
        }
        // ON CONFLICT: another node may have created the same audience since the check above.
        if (update("INSERT INTO audience (" + AUDIENCE_COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (name) DO NOTHING",
                listOf(a.name(), a.viewCollectionId(), a.policyVersion(),
                        StixTimestamp.toMicros(a.created()),
                        StixTimestamp.toMicros(a.updated()))) == 0) {
            throw new ConflictException("audience '" + a.name() + "' already exists");
        }
    }

    @Override
    public Optional<AudienceRecord> findAudience(String name) {
        return first(query("SELECT " + AUDIENCE_COLUMNS + " FROM audience WHERE name = ?",
                List.of(name), JdbcTx::audience));
    }

    @Override
    public List<AudienceRecord> audiences() {
        return query("SELECT " + AUDIENCE_COLUMNS + " FROM audience ORDER BY name", List.of(),
                JdbcTx::audience);
    }

    private static AudienceRecord audience(ResultSet rs) throws SQLException {
        return new AudienceRecord(rs.getString(1), rs.getString(2), rs.getInt(3),
                StixTimestamp.fromMicros(rs.getLong(4)), StixTimestamp.fromMicros(rs.getLong(5)));
    }

    @Override
    public void updateAudience(String name, int policyVersion, Instant updated) {
        update("UPDATE audience SET policy_version = ?, updated_at = ? WHERE name = ?",
                listOf(policyVersion, StixTimestamp.toMicros(updated), name));
    }

    @Override
    public void addPolicyVersion(PolicyVersion v) {
        int added = update("INSERT INTO policy_version (audience, version, policy, digest,"
                        + " applied_at, applied_by) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (audience, version) DO NOTHING",
                listOf(v.audience(), v.version(), v.policy(), v.digest(),
                        StixTimestamp.toMicros(v.appliedAt()), v.appliedBy()));
        if (added == 0) {
            // Another node applied a policy to this audience meanwhile.
            throw new org.tearline.error.ConflictException("audience '" + v.audience()
                    + "' already has policy version " + v.version() + ": it changed meanwhile;"
                    + " look at it again and retry");
        }
    }

    @Override
    public List<PolicyVersion> policyVersions(String audience) {
        return query("SELECT audience, version, policy, digest, applied_at, applied_by"
                + " FROM policy_version WHERE audience = ? ORDER BY version", List.of(audience),
                rs -> new PolicyVersion(rs.getString(1), rs.getInt(2), rs.getString(3),
                        rs.getString(4), StixTimestamp.fromMicros(rs.getLong(5)),
                        rs.getString(6)));
    }

    @Override
    public void setAudienceSources(String audience, List<String> collectionIds) {
        update("DELETE FROM audience_source WHERE audience = ?", List.of(audience));
        for (String c : collectionIds) {
            update("INSERT INTO audience_source (audience, collection_id) VALUES (?, ?)",
                    List.of(audience, c));
        }
    }

    @Override
    public List<String> audienceSources(String audience) {
        return query("SELECT collection_id FROM audience_source WHERE audience = ?"
                + " ORDER BY collection_id", List.of(audience), rs -> rs.getString(1));
    }

    @Override
    public List<String> audiencesOfSource(String collectionId) {
        return query("SELECT audience FROM audience_source WHERE collection_id = ?"
                + " ORDER BY audience", List.of(collectionId), rs -> rs.getString(1));
    }

    private static final String STATE_COLUMNS =
            "audience, original_id, released_id, status, view_version, view_digest";
    /**
     * The condition of the index by released id (V12), with the table's alias in a join: a
     * query must state it for either database to use that index.
     */
    private static String derivedId(String alias) {
        return alias + "released_id <> " + alias + "original_id";
    }

    @Override
    public Map<String, ReleaseState> releaseStates(String audience,
            Collection<String> originalIds) {
        Map<String, ReleaseState> out = new HashMap<>();
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(originalIds)))) {
            List<Object> params = new ArrayList<>(chunk.size() + 1);
            params.add(audience);
            params.addAll(chunk);
            forEachRow("SELECT " + STATE_COLUMNS + " FROM release_state WHERE audience = ?"
                    + " AND original_id IN (" + placeholders(chunk.size()) + ")", params,
                    rs -> {
                        ReleaseState st = releaseState(rs);
                        out.put(st.originalId(), st);
                    });
        }
        return out;
    }

    @Override
    public void forEachReleaseState(String audience, Consumer<ReleaseState> sink) {
        forEachRow("SELECT " + STATE_COLUMNS + " FROM release_state WHERE audience = ?",
                List.of(audience), rs -> sink.accept(releaseState(rs)));
    }

    private ReleaseState releaseState(ResultSet rs) throws SQLException {
        return new ReleaseState(text(rs, 1), text(rs, 2), text(rs, 3),
                ReleaseState.Status.ofDbName(text(rs, 4)), text(rs, 5), text(rs, 6));
    }

    @Override
    public void putReleaseStates(List<ReleaseState> states) {
        if (states.isEmpty()) {
            return;
        }
        // One row per object, the last state given winning: PostgreSQL refuses a batch that
        // updates a row twice, SQLite would keep the last.
        Map<List<String>, ReleaseState> unique = new LinkedHashMap<>();
        for (ReleaseState st : states) {
            unique.remove(List.of(st.audience(), st.originalId()));
            unique.put(List.of(st.audience(), st.originalId()), st);
        }
        states = List.copyOf(unique.values());
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO release_state ("
                + STATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (audience,"
                + " original_id) DO UPDATE SET released_id = excluded.released_id,"
                + " status = excluded.status, view_version = excluded.view_version,"
                + " view_digest = excluded.view_digest")) {
            for (ReleaseState st : states) {
                bind(ps, listOf(st.audience(), st.originalId(), st.releasedId(),
                        st.status().dbName(), st.viewVersion(), st.viewDigest()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw JdbcStore.failure("saving release states", e);
        }
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
            update("DELETE FROM source_ref WHERE collection_id = ? AND referrer_id IN ("
                    + placeholders(chunk.size()) + ")", params);
        }
        try (PreparedStatement ins = conn.prepareStatement("INSERT INTO source_ref"
                        + " (collection_id, target_id, referrer_id, required)"
                        + " VALUES (?, ?, ?, ?)")) {
            int inserts = 0;
            for (Map.Entry<String, List<SourceRef>> e : byReferrer.entrySet()) {
                Map<String, Boolean> targets = new java.util.LinkedHashMap<>();
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
    public List<SourceRef> referrers(Collection<String> collectionIds,
            Collection<String> targetIds) {
        List<SourceRef> out = new ArrayList<>();
        if (collectionIds.isEmpty()) {
            return out;
        }
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(targetIds)))) {
            List<Object> params = new ArrayList<>(collectionIds);
            params.addAll(chunk);
            forEachRow("SELECT target_id, referrer_id, required FROM source_ref"
                    + " WHERE collection_id IN (" + placeholders(collectionIds.size()) + ")"
                    + " AND target_id IN (" + placeholders(chunk.size()) + ")", params,
                    rs -> out.add(new SourceRef(rs.getString(1), rs.getString(2),
                            rs.getInt(3) == 1)));
        }
        return out;
    }

    @Override
    public Map<String, StoredObject> latestObjects(Collection<String> collectionIds,
            Collection<String> objectIds) {
        Map<String, StoredObject> out = new HashMap<>();
        for (String collection : collectionIds) {
            // "is_latest + 0": a condition the partial indexes' predicate (is_latest = 1)
            // cannot be proven from, so no planner is tempted to scan the collection's latest
            // objects for each id, as PostgreSQL is before its first ANALYZE of the table.
            forEachVersionOf(collection, objectIds, VERSION_COLUMNS + ", body, digest",
                    " AND is_latest + 0 = 1", rs -> {
                        StoredObject o = storedObject(rs);
                        out.merge(o.record().objectId(), o, (x, y) -> x.record().versionKey()
                                .compareTo(y.record().versionKey()) >= 0 ? x : y);
                    });
        }
        return out;
    }

    @Override
    public Set<String> idsOfType(Collection<String> collectionIds, String type) {
        Set<String> out = new java.util.TreeSet<>();
        for (String collection : collectionIds) {
            forEachRow("SELECT object_id FROM object_version WHERE collection_id = ?"
                    + " AND object_type = ? AND is_latest = 1", List.of(collection, type),
                    rs -> out.add(rs.getString(1)));
        }
        return out;
    }

    // --- disclosure record -----------------------------------------------------------------

    @Override
    public AuditHead lockAuditHead() {
        return query(dialect.lockAuditHead(), List.of(), rs -> new AuditHead(rs.getLong(1),
                rs.getString(2))).get(0);
    }

    @Override
    public AuditHead auditHead() {
        return query("SELECT seq, hash FROM audit_head WHERE id = 1", List.of(),
                rs -> new AuditHead(rs.getLong(1), rs.getString(2))).get(0);
    }

    @Override
    public void appendAudit(List<AuditEntry> entries, Map<Long, Set<String>> objects,
            Map<Long, ViewRun> released) {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ins = conn.prepareStatement("INSERT INTO audit_entry (seq, at,"
                + " kind, actor, audience, subject, detail, prev_hash, hash, view_collection,"
                + " view_first, view_last) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement obj = conn.prepareStatement("INSERT INTO audit_object"
                        + " (object_id, seq) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            int objectRows = 0;
            for (AuditEntry e : entries) {
                ViewRun run = released.get(e.seq());
                bind(ins, listOf(e.seq(), StixTimestamp.toMicros(e.at()), e.kind(), e.actor(),
                        e.audience(), e.subject(), e.detail(), e.prevHash(), e.hash(),
                        run == null ? null : run.collectionId(), run == null ? null
                        : run.first(), run == null ? null : run.last()));
                ins.addBatch();
                for (String id : objects.getOrDefault(e.seq(), Set.of())) {
                    obj.setString(1, id);
                    obj.setLong(2, e.seq());
                    obj.addBatch();
                    objectRows++;
                }
            }
            ins.executeBatch();
            if (objectRows > 0) {
                obj.executeBatch();
            }
        } catch (SQLException e) {
            throw JdbcStore.failure("appending to the disclosure record", e);
        }
        AuditEntry last = entries.get(entries.size() - 1);
        update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
                listOf(last.seq(), last.hash()));
    }

    @Override
    public void forEachAuditEntry(AuditQuery q, Consumer<AuditEntry> sink) {
        StringBuilder sql = new StringBuilder("SELECT e.seq, e.at, e.kind, e.actor, e.audience,"
                + " e.subject, e.detail, e.prev_hash, e.hash FROM audit_entry e");
        List<Object> params = new ArrayList<>();
        List<String> where = new ArrayList<>();
        q.objectId().ifPresent(id -> {
            // A UNION of indexed lookups: with OR, PostgreSQL reads every entry. A release
            // entry names the run of view versions it released (V7): it is found through the
            // object's versions in each view, under its released id or, through the audience's
            // release state, its original id. Entries written before V7 list the original ids
            // of what they released, and a released id only where there is no original; the
            // release state maps a released id to its original for those.
            List<String[]> audiences = query("SELECT name, view_collection_id FROM audience"
                    + " ORDER BY name", List.of(), rs -> new String[] {rs.getString(1),
                    rs.getString(2)});
            StringBuilder in = new StringBuilder("e.seq IN (SELECT seq FROM audit_entry"
                    + " WHERE subject = ? UNION SELECT seq FROM audit_object"
                    + " WHERE object_id = ?");
            params.add(id);
            params.add(id);
            for (String[] a : audiences) {
                // The run holding a version is the first whose end is not before it; the
                // check of its start keeps out a version no run holds (written before V7).
                Set<String> ids = new java.util.TreeSet<>(query("SELECT released_id"
                        + " FROM release_state WHERE audience = ? AND original_id = ?",
                        List.of(a[0], id), rs -> rs.getString(1)));
                ids.add(id);
                in.append(" UNION SELECT x.seq FROM (SELECT v.collection_id, v.seq FROM ");
                appendByIds(in, params, a[1], ids);
                in.append(") v JOIN audit_entry x"
                        + " ON x.seq = (SELECT y.seq FROM audit_entry y WHERE"
                        + " y.view_collection = v.collection_id AND y.view_last >= v.seq"
                        + " ORDER BY y.view_last LIMIT 1) WHERE x.view_first <= v.seq");
            }
            if (!audiences.isEmpty()) {
                in.append(" UNION SELECT o.seq FROM release_state r JOIN audit_object o"
                        + " ON o.object_id = r.original_id JOIN audit_entry x ON x.seq = o.seq"
                        + " AND x.audience = r.audience WHERE r.audience IN (")
                        .append(placeholders(audiences.size())).append(") AND r.released_id"
                        + " = ? AND " + derivedId("r.") + " AND x.kind = 'release'");
                audiences.forEach(a -> params.add(a[0]));
                params.add(id);
            }
            where.add(in.append(")").toString());
        });
        q.audience().ifPresent(a -> {
            where.add("e.audience = ?");
            params.add(a);
        });
        q.kind().ifPresent(k -> {
            where.add("e.kind = ?");
            params.add(k);
        });
        q.since().ifPresent(t -> {
            where.add("e.at >= ?");
            params.add(StixTimestamp.toMicros(t));
        });
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY e.seq");
        forEachRow(sql.toString(), params, rs -> sink.accept(new AuditEntry(rs.getLong(1),
                StixTimestamp.fromMicros(rs.getLong(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9))));
    }

    @Override
    public void addCheckpoint(AuditCheckpoint c) {
        update("INSERT INTO audit_checkpoint (seq, head_hash, at, key_id, signature)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING",
                listOf(c.seq(), c.headHash(), StixTimestamp.toMicros(c.at()), c.keyId(),
                        c.signature()));
    }

    @Override
    public List<AuditCheckpoint> checkpoints() {
        return query("SELECT seq, head_hash, at, key_id, signature FROM audit_checkpoint"
                + " ORDER BY seq", List.of(), rs -> new AuditCheckpoint(rs.getLong(1),
                rs.getString(2), StixTimestamp.fromMicros(rs.getLong(3)), rs.getString(4),
                rs.getString(5)));
    }

    @Override
    public void putAuditKey(AuditKey k) {
        update("INSERT INTO audit_key (key_id, public_key, created_at, retired_at)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (key_id) DO UPDATE"
                        + " SET retired_at = excluded.retired_at",
                listOf(k.keyId(), k.publicKey(), StixTimestamp.toMicros(k.created()),
                        k.retired() == null ? null : StixTimestamp.toMicros(k.retired())));
    }

    @Override
    public List<AuditKey> auditKeys() {
        return query("SELECT key_id, public_key, created_at, retired_at FROM audit_key"
                + " ORDER BY created_at", List.of(), rs -> {
                    long retired = rs.getLong(4);
                    boolean none = rs.wasNull();
                    return new AuditKey(rs.getString(1), rs.getString(2),
                            StixTimestamp.fromMicros(rs.getLong(3)),
                            none ? null : StixTimestamp.fromMicros(retired));
                });
    }

    @Override
    public List<Receipt> recordReceipts(List<Receipt> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        // Which are new: one query per account and collection, then insert only those, so
        // the caller can record exactly the first retrievals.
        Map<String, List<Receipt>> groups = new java.util.LinkedHashMap<>();
        for (Receipt r : candidates) {
            groups.computeIfAbsent(r.account() + "\n" + r.collectionId(),
                    k -> new ArrayList<>()).add(r);
        }
        List<Receipt> fresh = new ArrayList<>();
        for (List<Receipt> group : groups.values()) {
            Set<String> known = new java.util.HashSet<>();
            Receipt head = group.get(0);
            List<String> ids = new ArrayList<>();
            group.forEach(r -> ids.add(r.objectId()));
            for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(ids)))) {
                List<Object> params = new ArrayList<>();
                params.add(head.account());
                params.add(head.collectionId());
                params.addAll(chunk);
                forEachRow("SELECT object_id, version FROM receipt WHERE account = ?"
                        + " AND collection_id = ? AND object_id IN (" + placeholders(
                        chunk.size()) + ")", params, rs -> known.add(rs.getString(1) + "@"
                        + rs.getString(2)));
            }
            for (Receipt r : group) {
                if (known.add(r.objectId() + "@" + r.version())) {
                    fresh.add(r);
                }
            }
        }
        if (fresh.isEmpty()) {
            return fresh;
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO receipt (account,"
                + " collection_id, object_id, version, digest, retrieved_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Receipt r : fresh) {
                bind(ps, listOf(r.account(), r.collectionId(), r.objectId(), r.version(),
                        r.digest(), StixTimestamp.toMicros(r.retrievedAt())));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw JdbcStore.failure("recording receipts", e);
        }
        return fresh;
    }

    private static final String RECEIPT_COLUMNS =
            "account, collection_id, object_id, version, digest, retrieved_at";

    private static Receipt receipt(ResultSet rs) throws SQLException {
        return new Receipt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), StixTimestamp.fromMicros(rs.getLong(6)));
    }

    @Override
    public List<Receipt> receipts(String account, Instant from, Instant to) {
        return query("SELECT " + RECEIPT_COLUMNS + " FROM receipt WHERE account = ?"
                + " AND retrieved_at >= ? AND retrieved_at < ? ORDER BY retrieved_at,"
                + " collection_id, object_id, version", listOf(account,
                StixTimestamp.toMicros(from), StixTimestamp.toMicros(to)), JdbcTx::receipt);
    }

    @Override
    public List<Receipt> receiptsOf(String collectionId, String objectId) {
        return query("SELECT " + RECEIPT_COLUMNS + " FROM receipt WHERE collection_id = ?"
                + " AND object_id = ? ORDER BY retrieved_at", List.of(collectionId, objectId),
                JdbcTx::receipt);
    }

    // --- warnings and feedback ------------------------------------------------------------

    private static final String WARNING_COLUMNS = "id, collection_id, state, author, created_at,"
            + " decision, audiences, public_audience, waiver_reason, waiver_text, decided_by,"
            + " decided_at, approved_by, approved_at, window_end, lapsed_at, retired_reason,"
            + " retired_by, retired_at, revision, approved_version, decision_id, revised_by";

    private static List<Object> warningValues(WarningRecord w) {
        return listOf(w.id(), w.collectionId(), w.state().label(), w.author(),
                micros(w.created()), w.decision(), w.audiences().isEmpty() ? null
                        : String.join(",", w.audiences()), w.publicAudience(), w.waiverReason(),
                w.waiverText(), w.decidedBy(), micros(w.decidedAt()), w.approvedBy(),
                micros(w.approvedAt()), micros(w.windowEnd()), micros(w.lapsedAt()),
                w.retiredReason(), w.retiredBy(), micros(w.retiredAt()), w.revision(),
                w.approvedVersion(), w.decisionId(), w.revisedBy());
    }

    private static Long micros(Instant t) {
        return t == null ? null : StixTimestamp.toMicros(t);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : StixTimestamp.fromMicros(v);
    }

    private static WarningRecord warning(ResultSet rs) throws SQLException {
        String audiences = rs.getString(7);
        return new WarningRecord(rs.getString(1), rs.getString(2),
                WarningRecord.State.ofLabel(rs.getString(3)), rs.getString(4), instant(rs, 5),
                rs.getString(6), audiences == null ? List.of() : List.of(audiences.split(",")),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                instant(rs, 12), rs.getString(13), instant(rs, 14), instant(rs, 15),
                instant(rs, 16), rs.getString(17), rs.getString(18), instant(rs, 19),
                rs.getString(21), rs.getString(22), rs.getString(23), rs.getInt(20));
    }

    @Override
    public void createWarning(WarningRecord w) {
        if (findWarning(w.id()).isPresent()) {
            throw new ConflictException("warning '" + w.id() + "' already exists");
        }
        update("INSERT INTO warning (" + WARNING_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", warningValues(w));
    }

    @Override
    public Optional<WarningRecord> findWarning(String id) {
        return first(query("SELECT " + WARNING_COLUMNS + " FROM warning WHERE id = ?",
                List.of(id), JdbcTx::warning));
    }

    @Override
    public List<WarningRecord> warnings(Set<WarningRecord.State> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        states.stream().map(WarningRecord.State::label).sorted().forEach(params::add);
        return query("SELECT " + WARNING_COLUMNS + " FROM warning WHERE state IN ("
                + placeholders(states.size()) + ") ORDER BY created_at, id", params,
                JdbcTx::warning);
    }

    @Override
    public boolean updateWarning(WarningRecord w, int expectedRevision) {
        List<Object> params = new ArrayList<>(warningValues(w).subList(2, 23));
        params.add(w.id());
        params.add(expectedRevision);
        return update("UPDATE warning SET state = ?, author = ?, created_at = ?, decision = ?,"
                + " audiences = ?, public_audience = ?, waiver_reason = ?, waiver_text = ?,"
                + " decided_by = ?, decided_at = ?, approved_by = ?, approved_at = ?,"
                + " window_end = ?, lapsed_at = ?, retired_reason = ?, retired_by = ?,"
                + " retired_at = ?, revision = ?, approved_version = ?, decision_id = ?,"
                + " revised_by = ? WHERE id = ? AND revision = ?", params) == 1;
    }

    @Override
    public Map<String, WarningRecord> findWarnings(Collection<String> ids) {
        Map<String, WarningRecord> out = new HashMap<>();
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(ids)))) {
            for (WarningRecord w : query("SELECT " + WARNING_COLUMNS + " FROM warning WHERE id"
                    + " IN (" + placeholders(chunk.size()) + ")", new ArrayList<>(chunk),
                    JdbcTx::warning)) {
                out.put(w.id(), w);
            }
        }
        return out;
    }

    @Override
    public void setWarningAudiences(String warningId, List<String> audiences) {
        update("DELETE FROM warning_audience WHERE warning_id = ?", List.of(warningId));
        for (String a : audiences) {
            update("INSERT INTO warning_audience (warning_id, audience) VALUES (?, ?)",
                    List.of(warningId, a));
        }
    }

    @Override
    public Set<String> approvedWarnings(String audience) {
        return new java.util.HashSet<>(query("SELECT warning_id FROM warning_audience"
                + " WHERE audience = ?", List.of(audience), rs -> rs.getString(1)));
    }

    @Override
    public void setAudienceFeedback(String audience, String collectionId) {
        update("INSERT INTO audience_feedback (audience, collection_id) VALUES (?, ?)"
                + " ON CONFLICT (audience) DO UPDATE SET collection_id = excluded.collection_id",
                List.of(audience, collectionId));
    }

    @Override
    public Optional<String> audienceFeedback(String audience) {
        return first(query("SELECT collection_id FROM audience_feedback WHERE audience = ?",
                List.of(audience), rs -> rs.getString(1)));
    }

    @Override
    public Optional<String> audienceOfFeedback(String collectionId) {
        return first(query("SELECT audience FROM audience_feedback WHERE collection_id = ?",
                List.of(collectionId), rs -> rs.getString(1)));
    }

    @Override
    public void addFeedback(List<FeedbackRecord> feedback) {
        for (FeedbackRecord f : feedback) {
            update("INSERT INTO feedback (object_id, version, audience, account, kind, opinion,"
                    + " target_id, released_id, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", listOf(f.objectId(), f.version(), f.audience(),
                    f.account(), f.kind(), f.opinion(), f.targetId(), f.releasedId(),
                    micros(f.postedAt())));
        }
    }

    @Override
    public List<FeedbackRecord> feedbackOn(String targetId) {
        return query("SELECT object_id, version, audience, account, kind, opinion, target_id,"
                + " released_id, posted_at FROM feedback WHERE target_id = ? ORDER BY"
                + " posted_at, object_id", List.of(targetId), rs -> new FeedbackRecord(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                instant(rs, 9)));
    }

    @Override
    public Optional<ReleaseState> releaseStateByReleasedId(String audience, String releasedId) {
        // Two lookups, each by its own index (V12): an id the audience received as it was,
        // through the primary key; a derived one, through the index of ids that differ.
        return first(query("SELECT " + STATE_COLUMNS + " FROM release_state WHERE audience = ?"
                + " AND original_id = ? AND released_id = original_id UNION ALL SELECT "
                + STATE_COLUMNS + " FROM release_state WHERE audience = ? AND released_id = ?"
                + " AND " + derivedId(""), List.of(audience, releasedId, audience, releasedId),
                this::releaseState));
    }

    // --- console sessions ------------------------------------------------------------------

    @Override
    public void createSession(WebSession w) {
        update("INSERT INTO web_session (token_hash, account, csrf, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?)", listOf(w.tokenHash(), w.account(), w.csrf(),
                micros(w.created()), micros(w.expires())));
    }

    @Override
    public Optional<WebSession> findSession(String tokenHash) {
        return first(query("SELECT token_hash, account, csrf, created_at, expires_at"
                + " FROM web_session WHERE token_hash = ?", List.of(tokenHash),
                rs -> new WebSession(rs.getString(1), rs.getString(2), rs.getString(3),
                        instant(rs, 4), instant(rs, 5))));
    }

    @Override
    public void deleteSession(String tokenHash) {
        update("DELETE FROM web_session WHERE token_hash = ?", List.of(tokenHash));
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return update("DELETE FROM web_session WHERE expires_at < ?",
                listOf(StixTimestamp.toMicros(now)));
    }

    @Override
    public int deleteSessionsOf(String account) {
        return update("DELETE FROM web_session WHERE account = ?", List.of(account));
    }

    // --- server secrets ------------------------------------------------------------------

    @Override
    public String secret(String name, String candidate, Instant now) {
        update("INSERT INTO server_secret (name, value, created_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO NOTHING", listOf(name, candidate,
                StixTimestamp.toMicros(now)));
        return query("SELECT value FROM server_secret WHERE name = ?", List.of(name),
                rs -> rs.getString(1)).get(0);
    }

    @Override
    public void replaceSecret(String name, String value) {
        update("UPDATE server_secret SET value = ? WHERE name = ?", List.of(value, name));
    }

    // --- JDBC plumbing -------------------------------------------------------------------

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface RowPredicate {
        boolean test(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        forEachRow(sql, params, rs -> out.add(mapper.map(rs)));
        return out;
    }

    private void forEachRow(String sql, List<?> params, RowConsumer consumer) {
        forEachRowWhile(sql, params, rs -> {
            consumer.accept(rs);
            return true;
        });
    }

    /** Reads rows until {@code consumer} returns false. */
    private void forEachRowWhile(String sql, List<?> params, RowPredicate consumer) {
        try (Kept k = prepare(sql)) {
            bind(k.ps, params);
            k.ps.setFetchSize(STREAM_FETCH);
            try (ResultSet rs = k.ps.executeQuery()) {
                while (rs.next() && consumer.test(rs)) {
                    // consumer did the work
                }
            }
            k.ok = true;
        } catch (SQLException e) {
            throw JdbcStore.failure("querying", e);
        }
    }

    private int update(String sql, List<?> params) {
        try (Kept k = prepare(sql)) {
            bind(k.ps, params);
            int n = k.ps.executeUpdate();
            k.ok = true;
            return n;
        } catch (SQLException e) {
            throw JdbcStore.failure("updating", e);
        }
    }

    private static final String INSERT_VERSION = "INSERT INTO object_version"
            + " (collection_id, date_added, seq, object_id, object_type, version,"
            + " spec_version, is_first, is_latest, digest, body, prov_channel, prov_source,"
            + " id_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * A statement in use: kept for the next transaction on this connection when it was used
     * to the end ({@code ok}), closed otherwise, or always where nothing keeps statements.
     */
    private final class Kept implements AutoCloseable {
        final String sql;
        final PreparedStatement ps;
        boolean ok;

        Kept(String sql, PreparedStatement ps) {
            this.sql = sql;
            this.ps = ps;
        }

        @Override
        public void close() throws SQLException {
            if (statements != null && ok) {
                statements.release(sql, ps);
            } else {
                ps.close();
            }
        }
    }

    private Kept prepare(String sql) throws SQLException {
        return new Kept(sql, statements != null ? statements.prepare(sql)
                : conn.prepareStatement(sql));
    }

    private static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p == null) {
                // NULL, not VARCHAR: PostgreSQL then takes the column's type.
                ps.setNull(i + 1, java.sql.Types.NULL);
            } else if (p instanceof String s) {
                ps.setString(i + 1, s);
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof java.sql.Array a) {
                ps.setArray(i + 1, a);
            } else {
                throw new IllegalArgumentException("unsupported parameter type " + p.getClass());
            }
        }
    }

    /** Like {@link List#of} but takes nulls, for nullable columns. */
    private static List<Object> listOf(Object... values) {
        return java.util.Arrays.asList(values);
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return out;
    }
}
