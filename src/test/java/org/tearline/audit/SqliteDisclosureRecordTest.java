package org.tearline.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.tearline.testing.TestServer;

/** The disclosure record on the embedded store, tampered with through SQLite directly. */
class SqliteDisclosureRecordTest extends DisclosureRecordContract {

    @Override
    protected TestServer start(Path dir) {
        return TestServer.start(dir);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tearline.db"));
    }
}
