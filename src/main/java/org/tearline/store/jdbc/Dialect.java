package org.tearline.store.jdbc;

/** The SQL differences between the databases Tearline runs on. */
public enum Dialect {
    SQLITE {
        @Override
        String lockCollection() {
            // The write transaction began with BEGIN IMMEDIATE: it already holds the database's
            // single write lock, so a plain read is enough.
            return "SELECT last_seq, last_added FROM collection WHERE id = ?";
        }

        @Override
        String identityLookup() {
            return "object_version INDEXED BY object_version_id_hash";
        }

        @Override
        String collectionForIdLookup(String column) {
            return column + " = ?";
        }

        @Override
        String lockAuditHead() {
            return "SELECT seq, hash FROM audit_head WHERE id = 1";
        }
    },
    POSTGRESQL {
        @Override
        String lockCollection() {
            return "SELECT last_seq, last_added FROM collection WHERE id = ? FOR UPDATE";
        }

        @Override
        String identityLookup() {
            return "object_version";
        }

        @Override
        String collectionForIdLookup(String column) {
            // An expression no index serves: the identity index, keyed on a hash of collection
            // and id, is then the only one left. Given the plain column, PostgreSQL without
            // statistics for a collection combined the identity index with a scan of every
            // primary-key entry of that collection.
            return "(" + column + " || '') = ?";
        }

        @Override
        String lockAuditHead() {
            return "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";
        }
    };

    /** Reads a collection's counters and locks it against other writers until commit. */
    abstract String lockCollection();

    /** The table expression for queries that select by object id. */
    abstract String identityLookup();

    /**
     * The condition on the collection (one parameter) in {@code column} for queries that
     * select by object id.
     */
    abstract String collectionForIdLookup(String column);

    /** Reads the disclosure record's head and locks it against other appenders. */
    abstract String lockAuditHead();
}
