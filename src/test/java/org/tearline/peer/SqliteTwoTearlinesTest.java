package org.tearline.peer;

/** Two Tearlines, each on its embedded SQLite store. */
class SqliteTwoTearlinesTest extends TwoTearlinesContract {

    @Override
    String database() {
        return null;
    }
}
