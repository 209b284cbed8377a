package org.tearline.threat;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address or CIDR block, as 128 bits (IPv4 in the low 32) and a prefix length,
 * so containment is a comparison of the leading bits. Parsed by hand: {@code
 * InetAddress.getByName} would resolve host names, and an indicator must never cause a lookup.
 */
record IpBlock(boolean v6, long hi, long lo, int prefix) {

    /** Parses {@code 198.51.100.7}, {@code 198.51.100.0/24}, {@code 2001:db8::/32}; empty if not one. */
    static Optional<IpBlock> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        boolean v6 = addr.indexOf(':') >= 0;
        int max = v6 ? 128 : 32;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                return Optional.empty();
            }
        }
        long[] bits = v6 ? v6(addr) : v4(addr);
        if (bits == null) {
            return Optional.empty();
        }
        int shift = v6 ? prefix : 96 + prefix;
        return Optional.of(new IpBlock(v6, mask(bits[0], bits[1], shift)[0], mask(bits[0], bits[1], shift)[1], prefix));
    }

    /** True when every address of {@code other} is in this block. */
    boolean contains(IpBlock other) {
        if (v6 != other.v6 || other.prefix < prefix) {
            return false;
        }
        int shift = v6 ? prefix : 96 + prefix;
        long[] m = mask(other.hi, other.lo, shift);
        return m[0] == hi && m[1] == lo;
    }

    /** True when one of the two blocks holds the other. */
    boolean overlaps(IpBlock other) {
        return contains(other) || other.contains(this);
    }

    /** A key for the block's covering network of {@code bits} leading bits (of the address family). */
    String networkKey(int bits) {
        int shift = v6 ? bits : 96 + bits;
        long[] m = mask(hi, lo, shift);
        return (v6 ? "6/" : "4/") + bits + "/" + Long.toHexString(m[0]) + ":" + Long.toHexString(m[1]);
    }

    /** The address family's width: 32 or 128. */
    int width() {
        return v6 ? 128 : 32;
    }

    private static long[] mask(long hi, long lo, int keep) {
        if (keep >= 128) {
            return new long[] {hi, lo};
        }
        if (keep >= 64) {
            int drop = 128 - keep;
            return new long[] {hi, drop == 64 ? 0 : lo & (-1L << drop)};
        }
        return new long[] {keep == 0 ? 0 : hi & (-1L << (64 - keep)), 0};
    }

    private static long[] v4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int o = Integer.parseInt(p);
            if (o > 255) {
                return null;
            }
            v = (v << 8) | o;
        }
        return new long[] {0, v};
    }

    private static long[] v6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] h = groups(head);
        int[] t = groups(tail);
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if ((dbl < 0 && total != 8) || (dbl >= 0 && total > 7)) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(t, 0, all, 8 - t.length, t.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | all[i];
            lo = (lo << 16) | all[i + 4];
        }
        return new long[] {hi, lo};
    }

    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            for (int k = 0; k < p.length(); k++) {
                if (Character.digit(p.charAt(k), 16) < 0) {
                    return null;
                }
            }
            out[i] = Integer.parseInt(p, 16);
        }
        return out;
    }
}
