package org.tearline.store.jdbc;

import java.util.HashMap;
import java.util.Map;

/**
 * Every object identity a store has seen, as a Bloom filter over {@link IdentityHash identity
 * keys}, so that adding an object the filter has never seen skips looking it up: such an
 * object cannot be stored yet. Most objects a feed or a view brings are new, and each lookup is
 * a probe of the identity index or, on SQLite, of every {@link IdentityTiers identity tier}. A
 * false positive only costs the probe the filter would have saved.
 *
 * <p>The filter is a cache of what other processes and nodes write too, so it is only trusted
 * as far as it is known to cover each collection: up to a position (date added, seq) below
 * which every version's key is in it. A writer reads the collection's counters under the
 * collection's write lock; if the filter covers less, it first adds the keys of the versions
 * beyond (normally the few that another node or process has just added) and only then trusts
 * it. A transaction's own keys go in before its rows, and its coverage moves on only after its
 * commit ({@link #cover}), so a rollback leaves a superset, which is all the filter must be.
 * Deletions leave a superset too.
 *
 * <p>The filter is built from the identity entries on first use and built again, twice the
 * size, when it holds more keys than it was sized for; the old one serves until the new one is
 * complete. Each build is a new generation; keys and coverage reported for an older one are
 * ignored, since a key added to the old filter by a transaction that had not committed when
 * the entries were read may be missing from the new one. Thread-safe.
 */
final class KnownIds {

    /** Bits per key at capacity and probes per key: under 1% false positives. */
    private static final int BITS_PER_KEY = 12;

    private static final int PROBES = 4;
    private static final long MIN_CAPACITY = 1 << 16;

    /** A position in a collection: every version at or before it is covered. */
    record Coverage(long dateAdded, long seq) {}

    private long[] words;
    private long mask;
    private long capacity;
    private long count;
    private int generation;
    private final Map<String, Coverage> covered = new HashMap<>();

    /**
     * A filter being built beside the one in use, which goes on serving until
     * {@link #publish} replaces it: writers to other collections must never see a filter that
     * holds only part of what is stored.
     */
    static final class Build {
        private final long[] words;
        private final long mask;
        private final long capacity;
        private final Map<String, Coverage> positions;
        private long count;

        private Build(long capacity, Map<String, Coverage> positions) {
            long bits = Long.highestOneBit(capacity * BITS_PER_KEY - 1) << 1;
            this.words = new long[(int) (bits >>> 6)];
            this.mask = bits - 1;
            this.capacity = capacity;
            this.positions = Map.copyOf(positions);
        }

        /** Adds keys read from the store. */
        void add(long[] keys, int from, int to) {
            for (int k = from; k < to; k++) {
                set(words, mask, keys[k]);
            }
            count += to - from;
        }
    }

    /** True when the filter must be (re)built before it is used. */
    synchronized boolean needsBuild() {
        return words == null || count > capacity;
    }

    /**
     * Starts building a filter sized for {@code expected} keys (and at least twice the current
     * one's capacity), that will cover each collection to the position given: read before the
     * keys that will be added, so that whatever is committed meanwhile lies beyond it.
     */
    synchronized Build startBuild(long expected, Map<String, Coverage> positions) {
        return new Build(Math.max(MIN_CAPACITY, Math.max(expected * 2, capacity * 2)), positions);
    }

    /** Puts a finished build in use as a new generation; returns the generation. */
    synchronized int publish(Build build) {
        words = build.words;
        mask = build.mask;
        capacity = build.capacity;
        count = build.count;
        generation++;
        covered.clear();
        covered.putAll(build.positions);
        return generation;
    }

    /** The current generation. */
    synchronized int generation() {
        return generation;
    }

    /** How far the filter covers a collection; none when it knows nothing of it. */
    synchronized Coverage coverage(String collectionId) {
        Coverage c = covered.get(collectionId);
        return c == null ? new Coverage(0, 0) : c;
    }

    /** Adds keys to generation {@code gen}; nothing when that generation has passed. */
    synchronized void add(int gen, long[] keys, int from, int to) {
        if (gen != generation) {
            return;
        }
        for (int k = from; k < to; k++) {
            set(words, mask, keys[k]);
        }
        count += to - from;
    }

    /**
     * Records that generation {@code gen} holds every key of the collection up to
     * {@code position}; nothing when that generation has passed.
     */
    synchronized void cover(int gen, String collectionId, Coverage position) {
        if (gen != generation) {
            return;
        }
        covered.merge(collectionId, position, (a, b) -> a.seq() >= b.seq() ? a : b);
    }

    /** False when the key was certainly never added; true when it may have been. */
    synchronized boolean mayContain(long key) {
        for (int i = 0; i < PROBES; i++) {
            long bit = position(key, i, mask);
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static void set(long[] words, long mask, long key) {
        for (int i = 0; i < PROBES; i++) {
            long bit = position(key, i, mask);
            words[(int) (bit >>> 6)] |= 1L << bit;
        }
    }

    /**
     * The i-th bit of a key: the two halves of the key, already a uniform hash, combined as
     * Kirsch and Mitzenmacher do, so no second hash function is needed.
     */
    private static long position(long key, int i, long mask) {
        return (key + i * (Long.rotateLeft(key, 32) | 1)) & mask;
    }
}
