package org.tearline.cli;

/** {@code tearline intake} on the embedded SQLite store. */
class SqliteIntakeCommandTest extends IntakeCommandContract {

    @Override
    protected String database() {
        return null;
    }
}
