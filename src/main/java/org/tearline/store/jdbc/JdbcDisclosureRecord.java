package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.tearline.domain.AuditCheckpoint;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.AuditKey;
import org.tearline.domain.Receipt;
import org.tearline.domain.TreeHead;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.AuditHead;
import org.tearline.store.AuditQuery;
import org.tearline.store.DisclosureRecord;
import org.tearline.store.TreeGrowth;
import org.tearline.store.ViewRun;

/** {@link DisclosureRecord} on one JDBC transaction. */
final class JdbcDisclosureRecord extends JdbcRepository implements DisclosureRecord {

    JdbcDisclosureRecord(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public AuditHead lockAuditHead() {
        return query(dialect.lockAuditHead(), List.of(), rs -> new AuditHead(rs.getLong(1), rs.getString(2)))
                .get(0);
    }

    @Override
    public AuditHead auditHead() {
        return query(
                        "SELECT seq, hash FROM audit_head WHERE id = 1",
                        List.of(),
                        rs -> new AuditHead(rs.getLong(1), rs.getString(2)))
                .get(0);
    }

    @Override
    public void appendAudit(
            List<AuditEntry> entries, Map<Long, Set<String>> objects, Map<Long, ViewRun> released, TreeGrowth tree) {
        if (entries.isEmpty()) {
            return;
        }
        if (tree != null && tree.leafHashes().size() != entries.size()) {
            throw new IllegalArgumentException(
                    entries.size() + " entries and " + tree.leafHashes().size() + " leaf hashes");
        }
        try (PreparedStatement ins = conn.prepareStatement("INSERT INTO audit_entry (seq, at,"
                        + " kind, actor, audience, subject, detail, prev_hash, hash, view_collection,"
                        + " view_first, view_last, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement obj = conn.prepareStatement(
                        "INSERT INTO audit_object" + " (object_id, seq) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            int objectRows = 0;
            int n = 0;
            for (AuditEntry e : entries) {
                ViewRun run = released.get(e.seq());
                String leaf = tree == null ? null : tree.leafHashes().get(n++);
                bind(
                        ins,
                        listOf(
                                e.seq(),
                                StixTimestamp.toMicros(e.at()),
                                e.kind(),
                                e.actor(),
                                e.audience(),
                                e.subject(),
                                e.detail(),
                                e.prevHash(),
                                e.hash(),
                                run == null ? null : run.collectionId(),
                                run == null ? null : run.first(),
                                run == null ? null : run.last(),
                                leaf));
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
        if (tree == null) {
            update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", listOf(last.seq(), last.hash()));
        } else {
            update(
                    "UPDATE audit_head SET seq = ?, hash = ?, frontier = ? WHERE id = 1",
                    listOf(last.seq(), last.hash(), tree.frontier()));
            putNodes(tree.nodes());
        }
    }

    private void putNodes(List<TreeGrowth.TreeNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps =
                conn.prepareStatement("INSERT INTO audit_tree_node (level, idx, hash) VALUES (?, ?, ?)"
                        + " ON CONFLICT (level, idx) DO UPDATE SET hash = excluded.hash")) {
            for (TreeGrowth.TreeNode node : nodes) {
                ps.setInt(1, node.level());
                ps.setLong(2, node.index());
                ps.setString(3, node.hash());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw JdbcStore.failure("keeping the record's Merkle tree nodes", e);
        }
    }

    @Override
    public Optional<String> treeFrontier() {
        List<Optional<String>> rows = query(
                "SELECT frontier FROM audit_head WHERE id = 1", List.of(), rs -> Optional.ofNullable(rs.getString(1)));
        return rows.get(0);
    }

    @Override
    public void growTree(long firstSeq, TreeGrowth tree) {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE audit_entry SET leaf_hash = ? WHERE seq = ?")) {
            long seq = firstSeq;
            for (String leaf : tree.leafHashes()) {
                ps.setString(1, leaf);
                ps.setLong(2, seq++);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw JdbcStore.failure("keeping the record's leaf hashes", e);
        }
        update("UPDATE audit_head SET frontier = ? WHERE id = 1", listOf(tree.frontier()));
        putNodes(tree.nodes());
    }

    @Override
    public List<String> leafHashes(long fromSeq, long toSeq) {
        return query(
                "SELECT leaf_hash FROM audit_entry WHERE seq >= ? AND seq <= ? ORDER BY seq",
                List.of(fromSeq, toSeq),
                rs -> rs.getString(1));
    }

    @Override
    public Optional<String> treeNode(int level, long index) {
        return query(
                        "SELECT hash FROM audit_tree_node WHERE level = ? AND idx = ?",
                        List.of(level, index),
                        rs -> rs.getString(1))
                .stream()
                .findFirst();
    }

    private static final String HEAD_COLUMNS = "size, root_hash, at, previous_size, kind, key_id, signature";

    private static TreeHead treeHead(ResultSet rs) throws SQLException {
        return new TreeHead(
                rs.getLong(1),
                rs.getString(2),
                StixTimestamp.fromMicros(rs.getLong(3)),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7));
    }

    @Override
    public void putTreeHead(TreeHead h) {
        update(
                "INSERT INTO audit_tree_head (" + HEAD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (size) DO UPDATE SET root_hash = excluded.root_hash, at = excluded.at,"
                        + " previous_size = excluded.previous_size, kind = excluded.kind,"
                        + " key_id = excluded.key_id, signature = excluded.signature",
                listOf(
                        h.size(),
                        h.rootHash(),
                        StixTimestamp.toMicros(h.at()),
                        h.previousSize(),
                        h.kind(),
                        h.keyId(),
                        h.signature()));
    }

    @Override
    public Optional<TreeHead> lastTreeHead() {
        return query(
                        "SELECT " + HEAD_COLUMNS + " FROM audit_tree_head ORDER BY size DESC LIMIT 1",
                        List.of(),
                        JdbcDisclosureRecord::treeHead)
                .stream()
                .findFirst();
    }

    @Override
    public Optional<TreeHead> treeHead(long size) {
        return query(
                        "SELECT " + HEAD_COLUMNS + " FROM audit_tree_head WHERE size = ?",
                        List.of(size),
                        JdbcDisclosureRecord::treeHead)
                .stream()
                .findFirst();
    }

    @Override
    public void forEachTreeHead(Consumer<TreeHead> sink) {
        forEachRow(
                "SELECT " + HEAD_COLUMNS + " FROM audit_tree_head ORDER BY size",
                List.of(),
                rs -> sink.accept(treeHead(rs)));
    }

    @Override
    public Optional<AuditEntry> auditEntry(long seq) {
        return query(
                        "SELECT seq, at, kind, actor, audience, subject, detail, prev_hash, hash"
                                + " FROM audit_entry WHERE seq = ?",
                        List.of(seq),
                        rs -> new AuditEntry(
                                rs.getLong(1),
                                StixTimestamp.fromMicros(rs.getLong(2)),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getString(9)))
                .stream()
                .findFirst();
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
            List<AudienceView> audiences = query(
                    "SELECT name, view_collection_id FROM audience" + " ORDER BY name",
                    List.of(),
                    rs -> new AudienceView(rs.getString(1), rs.getString(2)));
            StringBuilder in = new StringBuilder("e.seq IN (SELECT seq FROM audit_entry"
                    + " WHERE subject = ? UNION SELECT seq FROM audit_object"
                    + " WHERE object_id = ?");
            params.add(id);
            params.add(id);
            for (AudienceView a : audiences) {
                // The run holding a version is the first whose end is not before it; the
                // check of its start keeps out a version no run holds (written before V7).
                Set<String> ids = new TreeSet<>(query(
                        "SELECT released_id" + " FROM release_state WHERE audience = ? AND original_id = ?",
                        List.of(a.name(), id),
                        rs -> rs.getString(1)));
                ids.add(id);
                in.append(" UNION SELECT x.seq FROM (SELECT v.collection_id, v.seq FROM ");
                appendByIds(in, params, a.viewCollectionId(), ids);
                in.append(") v JOIN audit_entry x"
                        + " ON x.seq = (SELECT y.seq FROM audit_entry y WHERE"
                        + " y.view_collection = v.collection_id AND y.view_last >= v.seq"
                        + " ORDER BY y.view_last LIMIT 1) WHERE x.view_first <= v.seq");
            }
            if (!audiences.isEmpty()) {
                in.append(" UNION SELECT o.seq FROM release_state r JOIN audit_object o"
                                + " ON o.object_id = r.original_id JOIN audit_entry x ON x.seq = o.seq"
                                + " AND x.audience = r.audience WHERE r.audience IN (")
                        .append(placeholders(audiences.size()))
                        .append(") AND r.released_id"
                                + " = ? AND " + JdbcReleaseViews.derivedId("r.")
                                + " AND x.kind = 'release'");
                audiences.forEach(a -> params.add(a.name()));
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
        forEachRow(
                sql.toString(),
                params,
                rs -> sink.accept(new AuditEntry(
                        rs.getLong(1),
                        StixTimestamp.fromMicros(rs.getLong(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9))));
    }

    @Override
    public void addCheckpoint(AuditCheckpoint c) {
        update(
                "INSERT INTO audit_checkpoint (seq, head_hash, at, key_id, signature)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING",
                listOf(c.seq(), c.headHash(), StixTimestamp.toMicros(c.at()), c.keyId(), c.signature()));
    }

    @Override
    public List<AuditCheckpoint> checkpoints() {
        return query(
                "SELECT seq, head_hash, at, key_id, signature FROM audit_checkpoint" + " ORDER BY seq",
                List.of(),
                rs -> new AuditCheckpoint(
                        rs.getLong(1),
                        rs.getString(2),
                        StixTimestamp.fromMicros(rs.getLong(3)),
                        rs.getString(4),
                        rs.getString(5)));
    }

    @Override
    public void putAuditKey(AuditKey k) {
        update(
                "INSERT INTO audit_key (key_id, public_key, created_at, retired_at)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (key_id) DO UPDATE"
                        + " SET retired_at = excluded.retired_at",
                listOf(
                        k.keyId(),
                        k.publicKey(),
                        StixTimestamp.toMicros(k.created()),
                        k.retired() == null ? null : StixTimestamp.toMicros(k.retired())));
    }

    @Override
    public List<AuditKey> auditKeys() {
        return query(
                "SELECT key_id, public_key, created_at, retired_at FROM audit_key" + " ORDER BY created_at",
                List.of(),
                rs -> {
                    long retired = rs.getLong(4);
                    boolean none = rs.wasNull();
                    return new AuditKey(
                            rs.getString(1),
                            rs.getString(2),
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
        Map<String, List<Receipt>> groups = new LinkedHashMap<>();
        for (Receipt r : candidates) {
            groups.computeIfAbsent(r.account() + "\n" + r.collectionId(), k -> new ArrayList<>())
                    .add(r);
        }
        List<Receipt> fresh = new ArrayList<>();
        for (List<Receipt> group : groups.values()) {
            Set<String> known = new HashSet<>();
            Receipt head = group.get(0);
            List<String> ids = new ArrayList<>();
            group.forEach(r -> ids.add(r.objectId()));
            for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(ids)))) {
                List<Object> params = new ArrayList<>();
                params.add(head.account());
                params.add(head.collectionId());
                params.addAll(chunk);
                forEachRow(
                        "SELECT object_id, version FROM receipt WHERE account = ?"
                                + " AND collection_id = ? AND object_id IN (" + placeholders(chunk.size()) + ")",
                        params,
                        rs -> known.add(rs.getString(1) + "@" + rs.getString(2)));
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
                bind(
                        ps,
                        listOf(
                                r.account(),
                                r.collectionId(),
                                r.objectId(),
                                r.version(),
                                r.digest(),
                                StixTimestamp.toMicros(r.retrievedAt())));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw JdbcStore.failure("recording receipts", e);
        }
        return fresh;
    }

    /** An audience and the view collection its released versions are in. */
    private record AudienceView(String name, String viewCollectionId) {}

    private static final String RECEIPT_COLUMNS = "account, collection_id, object_id, version, digest, retrieved_at";

    private static Receipt receipt(ResultSet rs) throws SQLException {
        return new Receipt(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                StixTimestamp.fromMicros(rs.getLong(6)));
    }

    @Override
    public List<Receipt> receipts(String account, Instant from, Instant to) {
        return query(
                "SELECT " + RECEIPT_COLUMNS + " FROM receipt WHERE account = ?"
                        + " AND retrieved_at >= ? AND retrieved_at < ? ORDER BY retrieved_at,"
                        + " collection_id, object_id, version",
                listOf(account, StixTimestamp.toMicros(from), StixTimestamp.toMicros(to)),
                JdbcDisclosureRecord::receipt);
    }

    @Override
    public List<Receipt> receiptsOf(String collectionId, String objectId) {
        return query(
                "SELECT " + RECEIPT_COLUMNS + " FROM receipt WHERE collection_id = ?"
                        + " AND object_id = ? ORDER BY retrieved_at",
                List.of(collectionId, objectId),
                JdbcDisclosureRecord::receipt);
    }
}
