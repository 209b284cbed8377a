package org.tearline.stix.pattern;

/**
 * Quotes bits of pattern text for error messages. Patterns come from outside and can be huge or
 * hostile, so a message shows at most {@link #MAX_CHARS} characters of any one bit, and control,
 * format and line-breaking characters are escaped so that a message stays on one line in a log
 * and shows what it quotes.
 */
final class Snippet {

    /** The most characters of pattern text one quoted bit shows. */
    static final int MAX_CHARS = 24;

    private Snippet() {}

    /** The start of the text, quoted. */
    static String quote(String text) {
        return text.length() <= MAX_CHARS ? wrap(text) : wrap(text.substring(0, MAX_CHARS) + "…");
    }

    /** The end of the text, quoted: the part nearest to what follows it. */
    static String quoteTail(String text) {
        return text.length() <= MAX_CHARS ? wrap(text) : wrap("…" + text.substring(text.length() - MAX_CHARS));
    }

    private static String wrap(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c)
                    || (Lexer.isWhitespace(c) && c != ' ')
                    || Character.getType(c) == Character.FORMAT
                    || (Character.isSurrogate(c) && !isPaired(text, i))) {
                // Invisible and bidirectional-control characters are shown as escapes so that a
                // message cannot hide or reorder text in a log or a terminal.
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    private static boolean isPaired(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
