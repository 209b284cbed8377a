package org.tearline.store.jdbc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How object identities are kept so that adding objects writes few pages (migration 9).
 *
 * <p>Every version has an identity entry: its {@link IdentityHash identity key} and the
 * position of its row. Lookups by id go through these entries. STIX ids are random, so when the
 * entries formed one index, every new object landed at a random place of it; once the index had
 * more pages than a commit had objects, each commit wrote about a page of it per object, more
 * than all the rest of what it wrote (docs/benchmarks.md, 2026-12-06). Instead the entries are
 * kept in tiers, one table each, as a log-structured merge tree keeps its runs: new entries go
 * into tier 0, a dozen pages that every commit shares; when a tier has outgrown its cap, all its
 * entries move into the next tier in one statement that reads them in key order, and so writes
 * each page of the next tier once for many entries. The last tier has no cap. Each cap is
 * {@link #GROWTH} times the one before, so an entry moves once per tier, and each move writes
 * about as many pages per entry as tier 0 does: together a third of what one index wrote, for
 * a move's CPU per entry per tier.
 *
 * <p>The view object_identity unites the tiers; a lookup probes each. The moves run inside a
 * writer's transaction, so a reader sees an entry in one tier or the next, never in neither.
 * On SQLite the writer is the database's only one. On PostgreSQL, where writers to different
 * collections run at once, one statement deletes from a tier and inserts into the next, so
 * entries that other writers commit meanwhile stay where they are, and a transaction-scoped
 * advisory lock lets one transaction move entries at a time.
 *
 * <p>One instance per store counts the entries its transactions add, so that tier 0 is
 * measured every {@link #checkEvery} entries rather than on every commit. Caps are settings of
 * the instance so that tests can make entries move after a few objects.
 */
final class IdentityTiers {

    /** The last tier, which has no cap; the tables are object_identity_0 to _LAST. */
    static final int LAST = 3;

    /** Tier 0's cap by default: about fifteen pages, which every commit of an envelope shares. */
    static final long FIRST_CAP = 2_048;

    /** Each tier's cap over the one before, by default. */
    static final long GROWTH = 16;

    /** Any value; identifies the lock that lets one PostgreSQL transaction move entries. */
    static final long MOVE_LOCK = 0x7465_6172_6c69_6e65L;

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
