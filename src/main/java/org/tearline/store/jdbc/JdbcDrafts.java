package org.tearline.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tearline.domain.Draft;
import org.tearline.error.ConflictException;
import org.tearline.stix.StixJson;
import org.tearline.store.Drafts;

/** {@link Drafts} on one JDBC transaction. */
final class JdbcDrafts extends JdbcRepository implements Drafts {

    private static final String COLUMNS = "id, state, title, media_type, sha256, published, published_given,"
            + " source, url, author, created_at, pages, report, candidates, candidate_count, decided_by,"
            + " decided_at, reason, collection_id";

    JdbcDrafts(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public void createDraft(Draft d) {
        if (findDraft(d.id()).isPresent()) {
            throw new ConflictException("draft '" + d.id() + "' already exists");
        }
        ArrayNode pages = StixJson.mapper().createArrayNode();
        d.pages().forEach(pages::add);
        update(
                "INSERT INTO intake_draft (" + COLUMNS + ") VALUES (" + placeholders(19) + ")",
                listOf(
                        d.id(),
                        d.state().label(),
                        d.title(),
                        d.mediaType(),
                        d.sha256(),
                        micros(d.published()),
                        d.publishedGiven() ? 1 : 0,
                        d.source(),
                        d.url(),
                        d.author(),
                        micros(d.created()),
                        pages.toString(),
                        d.report(),
                        d.candidates(),
                        d.candidateCount(),
                        d.decidedBy(),
                        micros(d.decidedAt()),
                        d.reason(),
                        d.collectionId()));
    }

    @Override
    public Optional<Draft> findDraft(String id) {
        return first(query("SELECT " + COLUMNS + " FROM intake_draft WHERE id = ?", List.of(id), JdbcDrafts::draft));
    }

    @Override
    public List<Draft.Summary> draftSummaries() {
        return query(
                "SELECT id, state, title, author, created_at, candidate_count, sha256 FROM intake_draft"
                        + " ORDER BY created_at DESC, id",
                List.of(),
                rs -> new Draft.Summary(
                        rs.getString(1),
                        Draft.State.ofLabel(rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        instant(rs, 5),
                        rs.getInt(6),
                        rs.getString(7)));
    }

    @Override
    public boolean decideDraft(
            String id, Draft.State state, String decidedBy, Instant decidedAt, String reason, String collectionId) {
        return update(
                        "UPDATE intake_draft SET state = ?, decided_by = ?, decided_at = ?, reason = ?,"
                                + " collection_id = ? WHERE id = ? AND state = ?",
                        listOf(
                                state.label(),
                                decidedBy,
                                micros(decidedAt),
                                reason,
                                collectionId,
                                id,
                                Draft.State.DRAFT.label()))
                == 1;
    }

    private static Draft draft(ResultSet rs) throws SQLException {
        return new Draft(
                rs.getString(1),
                Draft.State.ofLabel(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                instant(rs, 6),
                rs.getInt(7) == 1,
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                instant(rs, 11),
                pages(rs.getString(12)),
                rs.getString(13),
                rs.getString(14),
                rs.getInt(15),
                rs.getString(16),
                instant(rs, 17),
                rs.getString(18),
                rs.getString(19));
    }

    private static List<String> pages(String json) {
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode p : StixJson.mapper().readTree(json)) {
                out.add(p.asText());
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored draft's pages are not JSON", e);
        }
    }
}
