package org.tearline.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The peers and quarantine contract on the embedded SQLite store. */
class SqlitePeersTest extends PeersContract {

    @TempDir
    Path dir;

    @Override
    protected Fresh fresh() {
        return sqlite(dir);
    }
}
