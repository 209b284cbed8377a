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
        String collectionForIdLookup() {
            return "collection_id = ?";
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
        String collectionForIdLookup() {
            // A sub-select hides the value from the planner: a collection its statistics do
            // not know yet looks empty, and an empty collection makes any index on
            // collection_id look as good as the identity index.
            return "collection_id = (SELECT ?::text)";
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

    /** The condition on the collection (one parameter) for queries that select by object id. */
    abstract String collectionForIdLookup();

    /** Reads the disclosure record's head and locks it against other appenders. */
    abstract String lockAuditHead();
}
