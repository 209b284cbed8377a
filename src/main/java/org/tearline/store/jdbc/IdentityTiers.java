package org.tearline.store.jdbc;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How object identities are kept on SQLite so that adding objects writes few pages
 * (migration 9).
 *
 * <p>Every version has an identity entry: its {@link IdentityHash identity key} and the
 * position of its row. Lookups by id go through these entries. STIX ids are random, so when the
 * entries formed one index, every new object landed at a random place of it; once the index had
 * more pages than a commit had objects, each commit wrote about a page of it per object, more
 * than all the rest of what it wrote, and SQLite writes whole pages to its log at every commit
 * (docs/benchmarks.md, 2026-12-06). Instead the entries are kept in tiers, one table each, as a
 * log-structured merge tree keeps its runs: new entries go into tier 0 in the order they come
 * (since migration 10), so a commit writes its last page or two; when a tier has outgrown its
 * cap, all its entries move into the next tier that can take them, in one statement that reads
 * them in key order and so writes each page of that tier once for many entries. Tiers after the
 * first are keyed by identity. The last tier has no cap. Each cap is {@link #GROWTH} times the
 * one before, so an entry moves at most once per tier.
 *
 * <p>The view object_identity unites the tiers; a lookup probes each of the keyed tiers and
 * reads tier 0 whole (a few thousand entries at most). Entries move in the
 * transaction of a writer, which on SQLite is the database's only one, just before it commits,
 * so a reader sees an entry in one tier or the next, never in neither, and a transaction that
 * added many (a view's first materialisation) moves them once.
 *
 * <p>PostgreSQL keeps one index (object_version_id_hash): there each move is a delete and an
 * insert per entry, with their log records and dead tuples, which cost more than the random
 * index pages they save; its shared buffers keep those pages instead.
 *
 * <p>One instance per store counts the entries its transactions add, so that tier 0 is
 * measured every {@link #checkEvery} entries rather than on every commit. Caps are settings of
 * the instance so that tests can make entries move after a few objects.
 */
final class IdentityTiers {

    /** The last tier, which has no cap; the tables are object_identity_0 to _LAST. */
    static final int LAST = 3;

    /** Tier 0's cap by default: about fifteen pages, which a lookup reads whole. */
    static final long FIRST_CAP = 2_048;

    /** Each tier's cap over the one before, by default. */
    static final long GROWTH = 16;

    private final long firstCap;
    private final long growth;
    private final long checkEvery;
    private final AtomicLong sinceCheck = new AtomicLong();

    /** The tiers as a store keeps them. */
    IdentityTiers() {
        this(FIRST_CAP, GROWTH, FIRST_CAP / 4);
    }

    IdentityTiers(long firstCap, long growth, long checkEvery) {
        this.firstCap = firstCap;
        this.growth = growth;
        this.checkEvery = checkEvery;
    }

    /** The table of a tier. */
    static String table(int tier) {
        return "object_identity_" + tier;
    }

    /**
     * The statements that move every entry of tier {@code from} into tier {@code to}: two
     * statements, one step, since the writer running them is the database's only one. The
     * entries are read in key order; a DELETE without WHERE frees a table's pages without
     * visiting its rows.
     */
    static List<String> move(int from, int to) {
        return List.of(
                "INSERT INTO " + table(to) + " SELECT * FROM " + table(from)
                        + " ORDER BY id_hash, version_added, version_seq",
                "DELETE FROM " + table(from));
    }

    /** The cap of a tier before the last. */
    long cap(int tier) {
        long cap = firstCap;
        for (int i = 0; i < tier; i++) {
            cap *= growth;
        }
        return cap;
    }

    /**
     * Notes {@code added} new entries in tier 0; true when the tiers are due to be measured
     * (and the count starts again).
     */
    boolean added(int added) {
        if (sinceCheck.addAndGet(added) < checkEvery) {
            return false;
        }
        sinceCheck.set(0);
        return true;
    }
}
