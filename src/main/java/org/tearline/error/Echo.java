package org.tearline.error;

/**
 * Makes a client-supplied value safe to repeat in an error message: bounded in length and free
 * of control characters, so a hostile value can neither flood a response nor forge log lines.
 */
public final class Echo {

    /** Longest echo, in characters, before it is cut. */
    public static final int MAX = 100;

    private Echo() {}

    /** The value, quoted, cut to {@link #MAX} characters, control characters replaced. */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        String cut = value.length() > MAX ? value.substring(0, MAX) + "..." : value;
        StringBuilder b = new StringBuilder(cut.length() + 2).append('\'');
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.append('\'').toString();
    }
}
