package org.tearline.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The drafts contract on the embedded SQLite store. */
class SqliteDraftsTest extends DraftsContract {

    @TempDir
    Path dir;

    @Override
    protected Fresh fresh() {
        return sqlite(dir);
    }
}
