package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Migration 13: a warning remembers the version of its report that its own steps (approval,
 * extension, lapse, retirement) last wrote, which its approved audiences receive, so that a
 * version written directly over TAXII waits for a new decision and a second person's approval;
 * the id of its current decision, which an approval names; and who last wrote a version
 * directly, who may not approve the decision on it.
 *
 * <p>In Java because SQLite cannot add a column only if it is missing, and tests replay the
 * migrations after 10 on a store that already has them: each column is added once.
 */
final class V13WarningVersions extends StoreMigration {

    V13WarningVersions() {
        super(13, "warning versions, decision ids and version writers", 13_001);
    }

    @Override
    void apply(Connection c) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM warning WHERE 1 = 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT));
            }
        }
        try (Statement s = c.createStatement()) {
            if (!columns.contains("approved_version")) {
                s.execute("ALTER TABLE warning ADD COLUMN approved_version TEXT");
                // Until now every step wrote the latest version: that is the approved one.
                s.execute("UPDATE warning SET approved_version = (SELECT MAX(v.version)"
                        + " FROM object_version v WHERE v.collection_id = warning.collection_id"
                        + " AND v.object_id = warning.id)");
            }
            if (!columns.contains("decision_id")) {
                s.execute("ALTER TABLE warning ADD COLUMN decision_id TEXT");
                s.execute("UPDATE warning SET decision_id = 'decision-' || id" + " WHERE decision IS NOT NULL");
            }
            if (!columns.contains("revised_by")) {
                s.execute("ALTER TABLE warning ADD COLUMN revised_by TEXT");
            }
        }
    }
}
