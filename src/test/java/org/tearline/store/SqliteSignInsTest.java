package org.tearline.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The sign-ins contract on the embedded SQLite store. */
class SqliteSignInsTest extends SignInsContract {

    @TempDir
    Path dir;

    @Override
    protected Fresh fresh() {
        return sqlite(dir);
    }
}
