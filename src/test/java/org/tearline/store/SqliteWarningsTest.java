package org.tearline.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The warnings contract on the embedded SQLite store. */
class SqliteWarningsTest extends WarningsContract {

    @TempDir
    Path dir;

    @Override
    protected Fresh fresh() {
        return sqlite(dir);
    }
}
