package org.tearline.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The disclosure record's store contract on the embedded SQLite store. */
class SqliteDisclosureRecordStoreTest extends DisclosureRecordStoreContract {

    @TempDir
    Path dir;

    @Override
    protected Fresh fresh() {
        return sqlite(dir);
    }
}
