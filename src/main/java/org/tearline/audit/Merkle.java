package org.tearline.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * RFC 9162's Merkle tree hashing and proofs (section 2.1): a leaf's hash is SHA-256 of 0x00 and
 * its data, a node's SHA-256 of 0x01 and its two children; a tree of n leaves, n not a power of
 * two, splits at the largest power of two below n. Proofs are built from the hashes of perfect
 * subtrees (2^level leaves starting at index × 2^level), which the caller supplies from what it
 * stores, so a proof reads O(log n) of them rather than every leaf.
 */
public final class Merkle {

    private Merkle() {}

    /** The hash of a perfect subtree: {@code level} 0 is a leaf. */
    @FunctionalInterface
    public interface Subtrees {
        byte[] hash(int level, long index);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest md = sha256();
        md.update((byte) 0);
        return md.digest(data);
    }

    public static byte[] leafHash(String data) {
        return leafHash(data.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = sha256();
        md.update((byte) 1);
        md.update(left);
        return md.digest(right);
    }

    /** The root of the empty tree: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    public static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /**
     * The roots of the perfect subtrees a tree of {@code size} leaves is made of, largest first
     * (one per bit of size): all that appending needs, and enough to compute the root.
     */
    public static final class Frontier {
        private long size;
        private final List<byte[]> roots;

        public Frontier() {
            this(0, new ArrayList<>());
        }

        private Frontier(long size, List<byte[]> roots) {
            this.size = size;
            this.roots = roots;
        }

        /** Reads a frontier stored as its roots' hex, concatenated. */
        public static Frontier parse(long size, String stored) {
            if (stored.length() != 64 * Long.bitCount(size)) {
                throw new IllegalStateException("the stored Merkle frontier has " + stored.length() / 64
                        + " roots, a tree of " + size + " leaves has " + Long.bitCount(size));
            }
            List<byte[]> roots = new ArrayList<>();
            for (int i = 0; i < stored.length(); i += 64) {
                roots.add(unhex(stored.substring(i, i + 64)));
            }
            return new Frontier(size, roots);
        }

        public String stored() {
            StringBuilder out = new StringBuilder();
            roots.forEach(r -> out.append(hex(r)));
            return out.toString();
        }

        public long size() {
            return size;
        }

        /**
         * Appends a leaf hash; tells {@code completed} each perfect subtree of level 1 or more
         * it completes (level, index, hash).
         */
        public void append(byte[] leaf, NodeSink completed) {
            roots.add(leaf);
            size++;
            int level = 0;
            // A subtree of 2^(level+1) leaves completes while the bit of that level is clear.
            while ((size & (1L << level)) == 0) {
                byte[] right = roots.remove(roots.size() - 1);
                byte[] left = roots.remove(roots.size() - 1);
                byte[] node = nodeHash(left, right);
                roots.add(node);
                level++;
                completed.node(level, (size >>> level) - 1, node);
            }
        }

        public byte[] root() {
            if (roots.isEmpty()) {
                return emptyRoot();
            }
            byte[] acc = roots.get(roots.size() - 1);
            for (int i = roots.size() - 2; i >= 0; i--) {
                acc = nodeHash(roots.get(i), acc);
            }
            return acc;
        }

        public Frontier copy() {
            List<byte[]> c = new ArrayList<>();
            roots.forEach(r -> c.add(Arrays.copyOf(r, r.length)));
            return new Frontier(size, c);
        }
    }

    /** Where appending tells of the subtrees it completes. */
    @FunctionalInterface
    public interface NodeSink {
        void node(int level, long index, byte[] hash);

        NodeSink NONE = (level, index, hash) -> {};
    }

    /** The hash of leaves [start, end) as RFC 9162 defines it (MTH of that range). */
    public static byte[] rangeHash(long start, long end, Subtrees subtrees) {
        long n = end - start;
        if (n <= 0) {
            throw new IllegalArgumentException("empty range " + start + ".." + end);
        }
        if (Long.bitCount(n) == 1 && start % n == 0) {
            return subtrees.hash(Long.numberOfTrailingZeros(n), start / n);
        }
        long k = largestPowerOfTwoBelow(n);
        return nodeHash(rangeHash(start, start + k, subtrees), rangeHash(start + k, end, subtrees));
    }

    /** The largest power of two smaller than n (n > 1). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** The audit path of leaf {@code index} in the tree of the first {@code size} leaves. */
    public static List<byte[]> inclusionProof(long index, long size, Subtrees subtrees) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<byte[]> out = new ArrayList<>();
        path(index, 0, size, subtrees, out);
        return out;
    }

    private static void path(long m, long start, long end, Subtrees s, List<byte[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, start + k, s, out);
            out.add(rangeHash(start + k, end, s));
        } else {
            path(m - k, start + k, end, s, out);
            out.add(rangeHash(start, start + k, s));
        }
    }

    /** The proof that the tree of the first {@code from} leaves is a prefix of that of {@code to}. */
    public static List<byte[]> consistencyProof(long from, long to, Subtrees subtrees) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("no consistency proof from " + from + " to " + to);
        }
        List<byte[]> out = new ArrayList<>();
        if (from == 0 || from == to) {
            return out;
        }
        subproof(from, 0, to, true, subtrees, out);
        return out;
    }

    private static void subproof(long m, long start, long end, boolean whole, Subtrees s, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                out.add(rangeHash(start, end, s));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, start + k, whole, s, out);
            out.add(rangeHash(start + k, end, s));
        } else {
            subproof(m - k, start + k, end, false, s, out);
            out.add(rangeHash(start, start + k, s));
        }
    }

    /** RFC 9162 section 2.1.3.2: checks an inclusion proof against a root. */
    public static boolean verifyInclusion(long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 section 2.1.4.2: checks a consistency proof between two roots. */
    public static boolean verifyConsistency(
            long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first > second || first < 0) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (first == 0) {
            return proof.isEmpty();
        }
        List<byte[]> p = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            p.add(0, firstRoot);
        }
        if (p.isEmpty()) {
            return false;
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = p.get(0);
        byte[] sr = p.get(0);
        for (int i = 1; i < p.size(); i++) {
            byte[] c = p.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }
}
