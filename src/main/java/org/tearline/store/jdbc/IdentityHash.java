package org.tearline.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key under which object_version indexes an object's identity (V8): the first eight bytes
 * of the SHA-256 of its collection and its id, as a signed 64-bit integer.
 *
 * <p>The index it replaces held the collection, the id and the version as text, about 120
 * bytes an entry. STIX ids are random, so every new object lands on a random page of that
 * index; once the index has more pages than a transaction has objects, that is a page
 * written per object, and the wider the entries, the more pages. Eight bytes an entry make the
 * index a seventh of that size and its inserts less than half as costly (docs/benchmarks.md).
 * The key is not unique (two ids may share one, however rarely), so every lookup also
 * compares collection and id; uniqueness of a version is kept by the collection's write lock,
 * under which every envelope reads the versions it may duplicate before it inserts.
 *
 * <p>The value is stored: changing how it is computed needs a migration that recomputes it.
 */
final class IdentityHash {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    private IdentityHash() {}

    /** The identity key of {@code objectId} in {@code collectionId}. */
    static long of(String collectionId, String objectId) {
        MessageDigest md = SHA256.get();
        md.update(collectionId.getBytes(StandardCharsets.UTF_8));
        // A separator no collection id contains, so ("a", "bc") and ("ab", "c") differ.
        md.update((byte) 0);
        byte[] d = md.digest(objectId.getBytes(StandardCharsets.UTF_8));
        long key = 0;
        for (int i = 0; i < 8; i++) {
            key = (key << 8) | (d[i] & 0xff);
        }
        return key;
    }
}
