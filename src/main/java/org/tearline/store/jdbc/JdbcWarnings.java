package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.domain.FeedbackRecord;
import org.tearline.domain.WarningRecord;
import org.tearline.error.ConflictException;
import org.tearline.store.Warnings;

/** {@link Warnings} on one JDBC transaction. */
final class JdbcWarnings extends JdbcRepository implements Warnings {

    private static final String WARNING_COLUMNS = "id, collection_id, state, author, created_at,"
            + " decision, audiences, public_audience, waiver_reason, waiver_text, decided_by,"
            + " decided_at, approved_by, approved_at, window_end, lapsed_at, retired_reason,"
            + " retired_by, retired_at, revision, approved_version, decision_id, revised_by";

    JdbcWarnings(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    private static List<Object> warningValues(WarningRecord w) {
        return listOf(
                w.id(),
                w.collectionId(),
                w.state().label(),
                w.author(),
                micros(w.created()),
                w.decision(),
                w.audiences().isEmpty() ? null : String.join(",", w.audiences()),
                w.publicAudience(),
                w.waiverReason(),
                w.waiverText(),
                w.decidedBy(),
                micros(w.decidedAt()),
                w.approvedBy(),
                micros(w.approvedAt()),
                micros(w.windowEnd()),
                micros(w.lapsedAt()),
                w.retiredReason(),
                w.retiredBy(),
                micros(w.retiredAt()),
                w.revision(),
                w.approvedVersion(),
                w.decisionId(),
                w.revisedBy());
    }

    private static WarningRecord warning(ResultSet rs) throws SQLException {
        String audiences = rs.getString(7);
        return new WarningRecord(
                rs.getString(1),
                rs.getString(2),
                WarningRecord.State.ofLabel(rs.getString(3)),
                rs.getString(4),
                instant(rs, 5),
                rs.getString(6),
                audiences == null ? List.of() : List.of(audiences.split(",")),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                instant(rs, 12),
                rs.getString(13),
                instant(rs, 14),
                instant(rs, 15),
                instant(rs, 16),
                rs.getString(17),
                rs.getString(18),
                instant(rs, 19),
                rs.getString(21),
                rs.getString(22),
                rs.getString(23),
                rs.getInt(20));
    }

    @Override
    public void createWarning(WarningRecord w) {
        if (findWarning(w.id()).isPresent()) {
            throw new ConflictException("warning '" + w.id() + "' already exists");
        }
        update(
                "INSERT INTO warning (" + WARNING_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                warningValues(w));
    }

    @Override
    public Optional<WarningRecord> findWarning(String id) {
        return first(
                query("SELECT " + WARNING_COLUMNS + " FROM warning WHERE id = ?", List.of(id), JdbcWarnings::warning));
    }

    @Override
    public List<WarningRecord> warnings(Set<WarningRecord.State> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        states.stream().map(WarningRecord.State::label).sorted().forEach(params::add);
        return query(
                "SELECT " + WARNING_COLUMNS + " FROM warning WHERE state IN (" + placeholders(states.size())
                        + ") ORDER BY created_at, id",
                params,
                JdbcWarnings::warning);
    }

    @Override
    public boolean updateWarning(WarningRecord w, int expectedRevision) {
        List<Object> params = new ArrayList<>(warningValues(w).subList(2, 23));
        params.add(w.id());
        params.add(expectedRevision);
        return update(
                        "UPDATE warning SET state = ?, author = ?, created_at = ?, decision = ?,"
                                + " audiences = ?, public_audience = ?, waiver_reason = ?, waiver_text = ?,"
                                + " decided_by = ?, decided_at = ?, approved_by = ?, approved_at = ?,"
                                + " window_end = ?, lapsed_at = ?, retired_reason = ?, retired_by = ?,"
                                + " retired_at = ?, revision = ?, approved_version = ?, decision_id = ?,"
                                + " revised_by = ? WHERE id = ? AND revision = ?",
                        params)
                == 1;
    }

    @Override
    public Map<String, WarningRecord> findWarnings(Collection<String> ids) {
        Map<String, WarningRecord> out = new HashMap<>();
        for (List<String> chunk : chunks(new ArrayList<>(new LinkedHashSet<>(ids)))) {
            for (WarningRecord w : query(
                    "SELECT " + WARNING_COLUMNS + " FROM warning WHERE id" + " IN (" + placeholders(chunk.size()) + ")",
                    new ArrayList<>(chunk),
                    JdbcWarnings::warning)) {
                out.put(w.id(), w);
            }
        }
        return out;
    }

    @Override
    public void setWarningAudiences(String warningId, List<String> audiences) {
        update("DELETE FROM warning_audience WHERE warning_id = ?", List.of(warningId));
        for (String a : audiences) {
            update("INSERT INTO warning_audience (warning_id, audience) VALUES (?, ?)", List.of(warningId, a));
        }
    }

    @Override
    public Set<String> approvedWarnings(String audience) {
        return new HashSet<>(query(
                "SELECT warning_id FROM warning_audience" + " WHERE audience = ?",
                List.of(audience),
                rs -> rs.getString(1)));
    }

    @Override
    public void setAudienceFeedback(String audience, String collectionId) {
        update(
                "INSERT INTO audience_feedback (audience, collection_id) VALUES (?, ?)"
                        + " ON CONFLICT (audience) DO UPDATE SET collection_id = excluded.collection_id",
                List.of(audience, collectionId));
    }

    @Override
    public Optional<String> audienceFeedback(String audience) {
        return first(query(
                "SELECT collection_id FROM audience_feedback WHERE audience = ?",
                List.of(audience),
                rs -> rs.getString(1)));
    }

    @Override
    public Optional<String> audienceOfFeedback(String collectionId) {
        return first(query(
                "SELECT audience FROM audience_feedback WHERE collection_id = ?",
                List.of(collectionId),
                rs -> rs.getString(1)));
    }

    @Override
    public void addFeedback(List<FeedbackRecord> feedback) {
        for (FeedbackRecord f : feedback) {
            update(
                    "INSERT INTO feedback (object_id, version, audience, account, kind, opinion,"
                            + " target_id, released_id, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT DO NOTHING",
                    listOf(
                            f.objectId(),
                            f.version(),
                            f.audience(),
                            f.account(),
                            f.kind(),
                            f.opinion(),
                            f.targetId(),
                            f.releasedId(),
                            micros(f.postedAt())));
        }
    }

    @Override
    public List<FeedbackRecord> feedbackOn(String targetId) {
        return query(
                "SELECT object_id, version, audience, account, kind, opinion, target_id,"
                        + " released_id, posted_at FROM feedback WHERE target_id = ? ORDER BY"
                        + " posted_at, object_id",
                List.of(targetId),
                rs -> new FeedbackRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        instant(rs, 9)));
    }
}
