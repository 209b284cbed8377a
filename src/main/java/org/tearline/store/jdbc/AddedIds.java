package org.tearline.store.jdbc;

import java.util.BitSet;

/**
 * The objects one transaction has added to a collection that was empty when the transaction
 * first wrote to it, as a Bloom filter over their identity keys. Adding an object otherwise
 * begins with looking up the versions already stored, a probe of the identity index per
 * object; an object the filter has never seen cannot be stored there, so a transaction that
 * fills a new collection (a view's first materialisation, an import into a new collection)
 * skips those probes. A false positive only costs the probe the filter would have saved.
 *
 * <p>Sound only while the transaction is the collection's one writer, which the collection's
 * write lock makes it, and only for additions: a deletion leaves the filter a superset of what
 * is stored, which is all it needs to be.
 */
final class AddedIds {

    /** 2^20 bits, 128 KiB: about 2.5% false positives at 120,000 objects, more beyond. */
    private static final int BITS = 1 << 20;
    private static final int PROBES = 3;

    private final BitSet bits = new BitSet(BITS);

    /** Notes an object added, by its {@link IdentityHash identity key}. */
    void add(long identityKey) {
        for (int i = 0; i < PROBES; i++) {
            bits.set(position(identityKey, i));
        }
    }

    /** False when the object was certainly not added; true when it may have been. */
    boolean mayContain(long identityKey) {
        for (int i = 0; i < PROBES; i++) {
            if (!bits.get(position(identityKey, i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The i-th bit of a key: the two halves of the key, already a uniform hash, combined as
     * Kirsch and Mitzenmacher do, so no second hash function is needed.
     */
    private static int position(long key, int i) {
        int h1 = (int) key;
        int h2 = (int) (key >>> 32) | 1;
        return (h1 + i * h2) & (BITS - 1);
    }
}
