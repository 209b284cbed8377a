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
        java.util.List<String> moveIdentityTier(int from, int to) {
            // The database's one writer is this transaction: two statements are one step. A
            // DELETE without WHERE frees the table's pages without visiting its rows.
            return java.util.List.of("INSERT INTO " + IdentityTiers.table(to)
                    + " SELECT * FROM " + IdentityTiers.table(from)
                    + " ORDER BY id_hash, version_added, version_seq",
                    "DELETE FROM " + IdentityTiers.table(from));
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
        java.util.List<String> moveIdentityTier(int from, int to) {
            // One statement, one snapshot: entries that writers to other collections commit
            // meanwhile are neither deleted unseen nor copied twice; they stay where they are.
            return java.util.List.of("WITH moved AS (DELETE FROM " + IdentityTiers.table(from)
                    + " RETURNING id_hash, version_added, version_seq)"
                    + " INSERT INTO " + IdentityTiers.table(to)
                    + " SELECT id_hash, version_added, version_seq FROM moved"
                    + " ORDER BY id_hash, version_added, version_seq");
        }

        @Override
        String lockAuditHead() {
            return "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";
        }
    };

    /** Reads a collection's counters and locks it against other writers until commit. */
    abstract String lockCollection();

    /**
     * The statements that move every identity entry of tier {@code from} into tier {@code to}
     * ({@link IdentityTiers}), in one transaction.
     */
    abstract java.util.List<String> moveIdentityTier(int from, int to);

    /** Reads the disclosure record's head and locks it against other appenders. */
    abstract String lockAuditHead();
}
