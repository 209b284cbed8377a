package org.tearline.peer;

import java.util.ArrayList;
import java.util.List;
import org.tearline.testing.Postgres;

/**
 * Two Tearlines, each on a PostgreSQL schema of its own (skipped without the server on
 * 127.0.0.1:5432, failed without it when CI=true).
 */
class PostgresTwoTearlinesTest extends TwoTearlinesContract {

    private final List<Postgres.Schema> schemas = new ArrayList<>();

    @Override
    String database() {
        Postgres.Schema s = Postgres.freshSchema();
        schemas.add(s);
        return s.url();
    }

    @Override
    void discard() {
        schemas.forEach(Postgres.Schema::close);
    }
}
