package org.tearline.store.jdbc;

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
import java.util.function.Consumer;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.PolicyVersion;
import org.tearline.domain.ReleaseState;
import org.tearline.error.ConflictException;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.ReleaseViews;

/** {@link ReleaseViews} on one JDBC transaction. */
final class JdbcReleaseViews extends JdbcRepository implements ReleaseViews {

    private static final String AUDIENCE_COLUMNS = "name, view_collection_id, policy_version, created_at, updated_at";

    JdbcReleaseViews(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public void createAudience(AudienceRecord a) {
        if (findAudience(a.name()).isPresent()) {
            throw new ConflictException("audience '" + a.name() + "' already exists");
        }
        // ON CONFLICT: another node may have created the same audience since the check above.
        if (update(
                        "INSERT INTO audience (" + AUDIENCE_COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                                + " ON CONFLICT (name) DO NOTHING",
                        listOf(
                                a.name(),
                                a.viewCollectionId(),
                                a.policyVersion(),
                                StixTimestamp.toMicros(a.created()),
                                StixTimestamp.toMicros(a.updated())))
                == 0) {
            throw new ConflictException("audience '" + a.name() + "' already exists");
        }
    }

    @Override
    public Optional<AudienceRecord> findAudience(String name) {
        return first(query(
                "SELECT " + AUDIENCE_COLUMNS + " FROM audience WHERE name = ?",
                List.of(name),
                JdbcReleaseViews::audience));
    }

    @Override
    public List<AudienceRecord> audiences() {
        return query(
                "SELECT " + AUDIENCE_COLUMNS + " FROM audience ORDER BY name", List.of(), JdbcReleaseViews::audience);
    }

    private static AudienceRecord audience(ResultSet rs) throws SQLException {
        return new AudienceRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                StixTimestamp.fromMicros(rs.getLong(4)),
                StixTimestamp.fromMicros(rs.getLong(5)));
    }

    @Override
    public void updateAudience(String name, int policyVersion, Instant updated) {
        update(
                "UPDATE audience SET policy_version = ?, updated_at = ? WHERE name = ?",
                listOf(policyVersion, StixTimestamp.toMicros(updated), name));
    }

    @Override
    public void addPolicyVersion(PolicyVersion v) {
        int added = update(
                "INSERT INTO policy_version (audience, version, policy, digest,"
                        + " applied_at, applied_by) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (audience, version) DO NOTHING",
                listOf(
                        v.audience(),
                        v.version(),
                        v.policy(),
                        v.digest(),
                        StixTimestamp.toMicros(v.appliedAt()),
                        v.appliedBy()));
        if (added == 0) {
            // Another node applied a policy to this audience meanwhile.
            throw new ConflictException("audience '" + v.audience()
                    + "' already has policy version " + v.version() + ": it changed meanwhile;"
                    + " look at it again and retry");
        }
    }

    @Override
    public List<PolicyVersion> policyVersions(String audience) {
        return query(
                "SELECT audience, version, policy, digest, applied_at, applied_by"
                        + " FROM policy_version WHERE audience = ? ORDER BY version",
                List.of(audience),
                rs -> new PolicyVersion(
                        rs.getString(1),
                        rs.getInt(2),
                        rs.getString(3),
                        rs.getString(4),
                        StixTimestamp.fromMicros(rs.getLong(5)),
                        rs.getString(6)));
    }

    @Override
    public void setAudienceSources(String audience, List<String> collectionIds) {
        update("DELETE FROM audience_source WHERE audience = ?", List.of(audience));
        for (String c : collectionIds) {
            update("INSERT INTO audience_source (audience, collection_id) VALUES (?, ?)", List.of(audience, c));
        }
    }

    @Override
    public List<String> audienceSources(String audience) {
        return query(
                "SELECT collection_id FROM audience_source WHERE audience = ?" + " ORDER BY collection_id",
                List.of(audience),
                rs -> rs.getString(1));
    }

    @Override
    public List<String> audiencesOfSource(String collectionId) {
        return query(
                "SELECT audience FROM audience_source WHERE collection_id = ?" + " ORDER BY audience",
                List.of(collectionId),
                rs -> rs.getString(1));
    }

    private static final String STATE_COLUMNS = "audience, original_id, released_id, status, view_version, view_digest";

    /**
     * The condition of the index by released id (V12), with the table's alias in a join: a
     * query must state it for either database to use that index.
     */
    static String derivedId(String alias) {
        return alias + "released_id <> " + alias + "original_id";
    }

    @Override
    public Map<String, ReleaseState> releaseStates(String audience, Collection<String> originalIds) {
        Map<String, ReleaseState> out = new HashMap<>();
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(originalIds)))) {
            List<Object> params = new ArrayList<>(chunk.size() + 1);
            params.add(audience);
            params.addAll(chunk);
            forEachRow(
                    "SELECT " + STATE_COLUMNS + " FROM release_state WHERE audience = ?" + " AND original_id IN ("
                            + placeholders(chunk.size()) + ")",
                    params,
                    rs -> {
                        ReleaseState st = releaseState(rs);
                        out.put(st.originalId(), st);
                    });
        }
        return out;
    }

    @Override
    public void forEachReleaseState(String audience, Consumer<ReleaseState> sink) {
        forEachRow(
                "SELECT " + STATE_COLUMNS + " FROM release_state WHERE audience = ?",
                List.of(audience),
                rs -> sink.accept(releaseState(rs)));
    }

    private ReleaseState releaseState(ResultSet rs) throws SQLException {
        return new ReleaseState(
                text(rs, 1),
                text(rs, 2),
                text(rs, 3),
                ReleaseState.Status.ofDbName(text(rs, 4)),
                text(rs, 5),
                text(rs, 6));
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
                bind(
                        ps,
                        listOf(
                                st.audience(),
                                st.originalId(),
                                st.releasedId(),
                                st.status().dbName(),
                                st.viewVersion(),
                                st.viewDigest()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw JdbcStore.failure("saving release states", e);
        }
    }

    @Override
    public Optional<ReleaseState> releaseStateByReleasedId(String audience, String releasedId) {
        // Two lookups, each by its own index (V12): an id the audience received as it was,
        // through the primary key; a derived one, through the index of ids that differ.
        return first(query(
                "SELECT " + STATE_COLUMNS + " FROM release_state WHERE audience = ?"
                        + " AND original_id = ? AND released_id = original_id UNION ALL SELECT "
                        + STATE_COLUMNS + " FROM release_state WHERE audience = ? AND released_id = ?"
                        + " AND " + derivedId(""),
                List.of(audience, releasedId, audience, releasedId),
                this::releaseState));
    }
}
