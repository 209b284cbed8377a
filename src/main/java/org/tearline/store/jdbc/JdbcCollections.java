package org.tearline.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.StatusRecord;
import org.tearline.error.ConflictException;
import org.tearline.error.NotFoundException;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.Collections;

/** {@link Collections} on one JDBC transaction. */
final class JdbcCollections extends JdbcRepository implements Collections {

    JdbcCollections(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public List<ApiRoot> apiRoots() {
        return query(
                "SELECT name, title, description, max_content_length FROM api_root" + " ORDER BY name",
                List.of(),
                JdbcCollections::apiRoot);
    }

    @Override
    public Optional<ApiRoot> findApiRoot(String name) {
        return first(query(
                "SELECT name, title, description, max_content_length FROM api_root" + " WHERE name = ?",
                List.of(name),
                JdbcCollections::apiRoot));
    }

    @Override
    public void putApiRoot(ApiRoot root, Instant now) {
        update(
                "INSERT INTO api_root (name, title, description, max_content_length, created_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                        + " title = excluded.title, description = excluded.description,"
                        + " max_content_length = excluded.max_content_length",
                listOf(
                        root.name(),
                        root.title(),
                        root.description(),
                        root.maxContentLength(),
                        StixTimestamp.toMicros(now)));
    }

    private static ApiRoot apiRoot(ResultSet rs) throws SQLException {
        return new ApiRoot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
    }

    private static final String COLLECTION_COLUMNS = "id, api_root, title, description, alias, kind, created_at";

    @Override
    public List<CollectionInfo> collections(String apiRoot) {
        return query(
                "SELECT " + COLLECTION_COLUMNS + " FROM collection WHERE api_root = ?" + " ORDER BY id",
                List.of(apiRoot),
                JdbcCollections::collection);
    }

    @Override
    public List<CollectionInfo> allCollections() {
        return query(
                "SELECT " + COLLECTION_COLUMNS + " FROM collection ORDER BY api_root, id",
                List.of(),
                JdbcCollections::collection);
    }

    @Override
    public Optional<CollectionInfo> findCollection(String collectionId) {
        return first(query(
                "SELECT " + COLLECTION_COLUMNS + " FROM collection WHERE id = ?",
                List.of(collectionId),
                JdbcCollections::collection));
    }

    @Override
    public void createCollection(CollectionInfo c) {
        if (findApiRoot(c.apiRoot()).isEmpty()) {
            throw new NotFoundException("API root '" + c.apiRoot() + "' does not exist");
        }
        if (findCollection(c.id()).isPresent()) {
            throw new ConflictException("collection '" + c.id() + "' already exists");
        }
        if (c.alias() != null
                && !query(
                                "SELECT id FROM collection WHERE api_root = ?" + " AND alias = ?",
                                List.of(c.apiRoot(), c.alias()),
                                rs -> rs.getString(1))
                        .isEmpty()) {
            throw new ConflictException("alias '" + c.alias() + "' is already used in API root '" + c.apiRoot() + "'");
        }
        // ON CONFLICT: another node may have created the same id or alias since the checks
        // above; on PostgreSQL that would otherwise be a unique violation, not a conflict.
        if (update(
                        "INSERT INTO collection (" + COLLECTION_COLUMNS + ", last_seq, last_added)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0) ON CONFLICT DO NOTHING",
                        listOf(
                                c.id(),
                                c.apiRoot(),
                                c.title(),
                                c.description(),
                                c.alias(),
                                c.kind().dbName(),
                                StixTimestamp.toMicros(c.created())))
                == 0) {
            throw new ConflictException(
                    findCollection(c.id()).isPresent()
                            ? "collection '" + c.id() + "' already exists"
                            : "alias '" + c.alias() + "' is already used in API root '" + c.apiRoot() + "'");
        }
    }

    private static CollectionInfo collection(ResultSet rs) throws SQLException {
        return new CollectionInfo(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                CollectionKind.ofDbName(rs.getString(6)),
                StixTimestamp.fromMicros(rs.getLong(7)));
    }

    @Override
    public void saveStatus(StatusRecord s) {
        ObjectNode details = StixJson.mapper().createObjectNode();
        details.set("successes", detailsArray(s.successes()));
        details.set("failures", detailsArray(s.failures()));
        details.set("pendings", detailsArray(s.pendings()));
        update(
                "INSERT INTO status (id, api_root, collection_id, owner, request_timestamp,"
                        + " status, total_count, success_count, failure_count, pending_count,"
                        + " details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                listOf(
                        s.id(),
                        s.apiRoot(),
                        s.collectionId(),
                        s.owner(),
                        StixTimestamp.toMicros(s.requestTimestamp()),
                        s.status(),
                        s.totalCount(),
                        s.successes().size(),
                        s.failures().size(),
                        s.pendings().size(),
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
        return first(query(
                "SELECT id, api_root, collection_id, owner, request_timestamp,"
                        + " status, details FROM status WHERE api_root = ? AND id = ?",
                List.of(apiRoot, statusId),
                rs -> {
                    JsonNode details = readJson(rs.getString(7));
                    return new StatusRecord(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            StixTimestamp.fromMicros(rs.getLong(5)),
                            rs.getString(6),
                            details(details.get("successes")),
                            details(details.get("failures")),
                            details(details.get("pendings")));
                }));
    }

    private static List<StatusRecord.Detail> details(JsonNode array) {
        List<StatusRecord.Detail> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(new StatusRecord.Detail(
                    n.path("id").asText(null),
                    n.path("version").asText(null),
                    n.path("message").asText(null)));
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
}
