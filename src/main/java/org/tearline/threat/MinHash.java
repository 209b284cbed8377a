package org.tearline.threat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Near-duplicate text: a text's word shingles (runs of {@link #SHINGLE} folded words), their
 * MinHash signature of {@link #HASHES} values, and the signature cut into {@link #BANDS} bands
 * of {@link #ROWS} for locality-sensitive lookup. Two texts whose shingle sets have Jaccard
 * similarity J share at least one band with probability 1 - (1 - J^ROWS)^BANDS: about 0.99 at
 * J = 0.6, 0.74 at J = 0.4, 0.05 at J = 0.2, so a reworded relay is found by its other features
 * and a copy by its text.
 */
final class MinHash {

    static final int SHINGLE = 3;
    static final int HASHES = 64;
    static final int BANDS = 16;
    static final int ROWS = HASHES / BANDS;

    private static final long[] SEEDS = new long[HASHES];

    static {
        long s = 0x5DEECE66DL;
        for (int i = 0; i < HASHES; i++) {
            s = mix(s + 0x9E3779B97F4A7C15L);
            SEEDS[i] = s;
        }
    }

    private MinHash() {}

    /** The hashed shingles of a text (its words folded by {@link Names#fold}); empty if it has none. */
    static long[] shingles(String text) {
        String folded = Names.fold(text);
        if (folded.isEmpty()) {
            return new long[0];
        }
        String[] words = folded.split(" ", -1);
        int n = Math.max(1, words.length - SHINGLE + 1);
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            long h = 0xcbf29ce484222325L;
            for (int k = i; k < Math.min(words.length, i + SHINGLE); k++) {
                h = fnv(h, words[k]);
                h = fnv(h, " ");
            }
            out.add(mix(h));
        }
        long[] a = new long[out.size()];
        int i = 0;
        for (long v : out) {
            a[i++] = v;
        }
        Arrays.sort(a);
        return a;
    }

    /** The MinHash signature of a set of hashed shingles; null for an empty set. */
    static long[] signature(long[] shingles) {
        if (shingles.length == 0) {
            return null;
        }
        long[] sig = new long[HASHES];
        Arrays.fill(sig, Long.MAX_VALUE);
        for (long x : shingles) {
            for (int i = 0; i < HASHES; i++) {
                long h = mix(x ^ SEEDS[i]);
                if (h < sig[i]) {
                    sig[i] = h;
                }
            }
        }
        return sig;
    }

    /** The estimated Jaccard similarity of two signatures: the share of equal positions. */
    static double estimate(long[] a, long[] b) {
        if (a == null || b == null) {
            return 0;
        }
        int same = 0;
        for (int i = 0; i < HASHES; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return (double) same / HASHES;
    }

    /** The exact Jaccard similarity of two sorted shingle arrays. */
    static double jaccard(long[] a, long[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / (a.length + b.length - common);
    }

    /** One key per band: the band's number and the hash of its rows. */
    static long[] bands(long[] signature) {
        if (signature == null) {
            return new long[0];
        }
        long[] out = new long[BANDS];
        for (int b = 0; b < BANDS; b++) {
            long h = b * 0x100000001B3L;
            for (int r = 0; r < ROWS; r++) {
                h = mix(h ^ signature[b * ROWS + r]);
            }
            out[b] = h;
        }
        return out;
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finaliser: a cheap 64-bit mix with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
