package org.tearline.store.jdbc;

import java.util.HashMap;
import java.util.Map;

/**
 * Every object identity a store has seen, as a Bloom filter over {@link IdentityHash identity
 * keys}, so that adding an object the filter has never seen skips looking it up: such an
 * object cannot be stored yet. Most objects a feed or a view brings are new, and each lookup is
 * a probe of every {@link IdentityTiers identity tier}. A false positive only costs the probe
 * the filter would have saved.
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
 * <p>The filter is built from the identity table on first use and built again, twice the
 * size, when it holds more keys than it was sized for. Each build starts a new generation;
 * coverage reported for an older generation is ignored, since a key added to the old filter
 * by a transaction that had not committed when the new one was read may be missing from it.
 * Thread-safe.
 */
final class KnownIds {

    /** Bits per key at capacity and probes per key: under 1% false positives. */
    private static final int BITS_PER_KEY = 12;
    private static final int PROBES = 4;
    private static final long MIN_CAPACITY = 1 << 16;

    /** A position in a collection: every version at or before it is covered. */
    record Coverage(long dateAdded, long seq) {
    }

    private long[] words;
    private long mask;
    private long capacity;
    private long count;
    private int generation;
    private final Map<String, Coverage> covered = new HashMap<>();

    /** True when the filter must be (re)built before it is used. */
    synchronized boolean needsBuild() {
        return words == null || count > capacity;
    }

    /**
     * Starts a new, empty generation sized for {@code expected} keys, covering each
     * collection to the position given (read before the keys that will be {@link #add added});
     * returns the generation.
     */
    synchronized int startBuild(long expected, Map<String, Coverage> positions) {
        capacity = Math.max(MIN_CAPACITY, Math.max(expected * 2, capacity * 2));
        long bits = Long.highestOneBit(capacity * BITS_PER_KEY - 1) << 1;
        words = new long[(int) (bits >>> 6)];
        mask = bits - 1;
        count = 0;
        generation++;
        covered.clear();
        covered.putAll(positions);
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
            long key = keys[k];
            for (int i = 0; i < PROBES; i++) {
                long bit = position(key, i);
                words[(int) (bit >>> 6)] |= 1L << bit;
            }
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
            long bit = position(key, i);
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The i-th bit of a key: the two halves of the key, already a uniform hash, combined as
     * Kirsch and Mitzenmacher do, so no second hash function is needed.
     */
    private long position(long key, int i) {
        return (key + i * (Long.rotateLeft(key, 32) | 1)) & mask;
    }
}
