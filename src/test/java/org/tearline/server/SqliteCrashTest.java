package org.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Crashes on the embedded store, in its default mode: WAL with synchronous=NORMAL, which syncs
 * the log only at checkpoints. A killed process leaves its committed transactions in the log
 * (in the operating system's cache, which outlives the process); the next open replays them.
 * (What this cannot show is a power loss, which NORMAL may lose the last commits to.)
 */
class SqliteCrashTest extends CrashContract {

    @Override
    protected String database() {
        return null;
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tearline.db"));
    }

    @Override
    protected void assertStoreIntact(Connection c) throws SQLException {
        super.assertStoreIntact(c);
        try (Statement s = c.createStatement()) {
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    problems.add(rs.getString(1));
                }
            }
            assertThat(problems).containsExactly("ok");
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                assertThat(rs.next()).as("a row breaking a foreign key").isFalse();
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
        }
    }
}
