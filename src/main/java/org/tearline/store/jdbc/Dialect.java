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
        boolean identityTiers() {
            return true;
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
        boolean identityTiers() {
            return false;
        }

        @Override
        String lockAuditHead() {
            return "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";
        }
    };

    /** Reads a collection's counters and locks it against other writers until commit. */
    abstract String lockCollection();

    /**
     * Whether object identities are kept in tiers ({@link IdentityTiers}) rather than in the
     * index object_version_id_hash (migration 9).
     */
    abstract boolean identityTiers();

    /** Reads the disclosure record's head and locks it against other appenders. */
    abstract String lockAuditHead();
}
