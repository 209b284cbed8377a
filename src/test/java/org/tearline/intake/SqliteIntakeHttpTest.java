package org.tearline.intake;

/** Intake over HTTP on the embedded SQLite store. */
class SqliteIntakeHttpTest extends IntakeHttpContract {

    @Override
    protected String database() {
        return null;
    }
}
