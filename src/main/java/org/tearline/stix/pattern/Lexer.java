package org.tearline.stix.pattern;

import java.util.Locale;
import org.tearline.stix.StixTimestamp;

/**
 * Splits pattern text into tokens, one at a time, and rejects malformed constants where they
 * start. Every method runs in time linear in the text it consumes.
 */
final class Lexer {

    private final String text;
    private int pos;

    Lexer(String text) {
        this.text = text;
    }

    /** The next token; {@link Token.Kind#END} once the text is consumed. */
    Token next() {
        skipWhitespace();
        int start = pos;
        if (pos >= text.length()) {
            return new Token(Token.Kind.END, start, start, "");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '[':
                return single(Token.Kind.LEFT_BRACKET);
            case ']':
                return single(Token.Kind.RIGHT_BRACKET);
            case '(':
                return single(Token.Kind.LEFT_PAREN);
            case ')':
                return single(Token.Kind.RIGHT_PAREN);
            case ':':
                return single(Token.Kind.COLON);
            case ',':
                return single(Token.Kind.COMMA);
            case '*':
                return single(Token.Kind.STAR);
            case '=':
                return single(Token.Kind.EQUAL);
            case '!':
                return charAt(pos + 1) == '=' ? pair(Token.Kind.NOT_EQUAL) : invalid();
            case '<':
                return charAt(pos + 1) == '=' ? pair(Token.Kind.LESS_EQUAL) : single(Token.Kind.LESS);
            case '>':
                return charAt(pos + 1) == '=' ? pair(Token.Kind.GREATER_EQUAL) : single(Token.Kind.GREATER);
            case '\'':
                return string();
            case '+':
                if (startsNumber(pos + 1)) {
                    throw new InvalidPatternException(
                            "'+' before a number at position " + pos
                                    + ": positive numbers are written without a sign (STIX 2.1 section 9.2)",
                            pos);
                }
                return invalid();
            case '-':
                return startsNumber(pos + 1) ? number() : invalid();
            case '.':
                return isDigit(charAt(pos + 1)) ? number() : single(Token.Kind.DOT);
            default:
                break;
        }
        if (isDigit(c)) {
            return number();
        }
        if (isIdentifierStart(c)) {
            return wordOrTypedConstant();
        }
        return invalid();
    }

    private Token single(Token.Kind kind) {
        pos++;
        return new Token(kind, pos - 1, pos, text.substring(pos - 1, pos));
    }

    private Token pair(Token.Kind kind) {
        pos += 2;
        return new Token(kind, pos - 2, pos, text.substring(pos - 2, pos));
    }

    private Token invalid() {
        int start = pos;
        pos += Character.charCount(text.codePointAt(pos));
        return new Token(Token.Kind.INVALID, start, pos, text.substring(start, pos));
    }

    private Token string() {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\'') {
                pos++;
                return new Token(Token.Kind.STRING, start, pos, value.toString());
            }
            if (c == '\\') {
                char escaped = charAt(pos + 1);
                if (escaped != '\'' && escaped != '\\') {
                    throw new InvalidPatternException(
                            "invalid escape "
                                    + Snippet.quote(text.substring(pos, Math.min(pos + 2, text.length())))
                                    + " in a string at position " + pos
                                    + ": only \\' and \\\\ are allowed (STIX 2.1 section 9.2)",
                            pos);
                }
                value.append(escaped);
                pos += 2;
            } else {
                value.append(c);
                pos++;
            }
        }
        throw new InvalidPatternException(
                "unterminated string starting at position " + start + ": no closing apostrophe", start);
    }

    private Token number() {
        int start = pos;
        if (charAt(pos) == '-') {
            pos++;
        }
        int digits = pos;
        while (isDigit(charAt(pos))) {
            pos++;
        }
        boolean isFloat = charAt(pos) == '.';
        boolean malformed = false;
        String reason = "";
        if (isFloat) {
            pos++;
            int fraction = pos;
            while (isDigit(charAt(pos))) {
                pos++;
            }
            if (pos == fraction) {
                malformed = true;
                reason = ": digits must follow the decimal point";
            }
        } else if (charAt(digits) == '0' && pos - digits > 1) {
            malformed = true;
            reason = ": an integer has no leading zeros";
        }
        // A letter, digit or point straight after a number (1e5, 1.2.3, 5SECONDS) is no token the
        // grammar knows; reporting the whole run reads better than splitting it.
        if (isIdentifierPart(charAt(pos)) || charAt(pos) == '.') {
            while (isIdentifierPart(charAt(pos)) || charAt(pos) == '.') {
                pos++;
            }
            malformed = true;
            reason = "";
        }
        if (malformed) {
            throw new InvalidPatternException(
                    "malformed number " + Snippet.quote(text.substring(start, pos)) + " at position " + start + reason,
                    start);
        }
        return new Token(isFloat ? Token.Kind.FLOAT : Token.Kind.INTEGER, start, pos, text.substring(start, pos));
    }

    private Token wordOrTypedConstant() {
        int start = pos;
        while (isIdentifierPart(charAt(pos)) || charAt(pos) == '-') {
            pos++;
        }
        String word = text.substring(start, pos);
        if (charAt(pos) == '\'' && word.length() == 1) {
            switch (word.charAt(0)) {
                case 't':
                    return timestamp(start);
                case 'h':
                    return hex(start);
                case 'b':
                    return binary(start);
                default:
                    break;
            }
        }
        return new Token(Token.Kind.WORD, start, pos, word);
    }

    /** Reads the quoted body of a typed constant; {@code pos} is at the opening apostrophe. */
    private String typedBody(int start, String kind) {
        int close = text.indexOf('\'', pos + 1);
        if (close < 0) {
            throw new InvalidPatternException(
                    "unterminated " + kind + " constant starting at" + " position " + start + ": no closing apostrophe",
                    start);
        }
        String body = text.substring(pos + 1, close);
        pos = close + 1;
        return body;
    }

    private Token timestamp(int start) {
        String body = typedBody(start, "timestamp");
        if (!StixTimestamp.isValid(body)) {
            throw new InvalidPatternException(
                    "invalid timestamp "
                            + Snippet.quote(text.substring(start, pos)) + " at position " + start
                            + ": expected YYYY-MM-DDTHH:mm:ss[.s+]Z, a valid date and time in UTC"
                            + " (STIX 2.1 section 2.16)",
                    start);
        }
        return new Token(Token.Kind.TIMESTAMP, start, pos, body);
    }

    private Token hex(int start) {
        String body = typedBody(start, "hex");
        String problem = null;
        if (!isLowercaseHex(body)) {
            problem = isLowercaseHex(body.toLowerCase(Locale.ROOT))
                    ? "the digits a-f must be lower case"
                    : "only the digits 0-9 and a-f may appear";
        } else if (body.length() % 2 != 0) {
            problem = "the number of digits must be even";
        }
        if (problem != null) {
            throw new InvalidPatternException(
                    "invalid hex constant "
                            + Snippet.quote(text.substring(start, pos)) + " at position " + start + ": "
                            + problem + " (STIX 2.1 section 9.2)",
                    start);
        }
        return new Token(Token.Kind.HEX, start, pos, body);
    }

    private Token binary(int start) {
        // STIX 2.1 section 9.2: line feeds in the base64 data are to be accepted and ignored.
        String body = typedBody(start, "binary").replace("\r", "").replace("\n", "");
        String problem = base64Problem(body);
        if (problem != null) {
            throw new InvalidPatternException(
                    "invalid binary constant "
                            + Snippet.quote(text.substring(start, pos)) + " at position " + start + ": "
                            + problem + " (STIX 2.1 section 9.2, RFC 4648)",
                    start);
        }
        return new Token(Token.Kind.BINARY, start, pos, body);
    }

    /** Why the text is not padded, non-empty standard base64; null when it is. */
    static String base64Problem(String base64) {
        if (base64.isEmpty()) {
            return "it holds no data";
        }
        if (base64.length() % 4 != 0) {
            return "the base64 length is not a multiple of 4";
        }
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        for (int i = 0; i < base64.length() - padding; i++) {
            char c = base64.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '+' || c == '/')) {
                return c == '='
                        ? "'=' may only pad the end"
                        : "it contains " + Snippet.quote(String.valueOf(c)) + ", which is not a base64 character";
            }
        }
        return null;
    }

    /** True for digits 0-9 and a-f only (possibly none). */
    static boolean isLowercaseHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * True for {@code [A-Za-z_][A-Za-z0-9_]*}, with hyphens allowed after the first character
     * when {@code hyphens} is set (object types may contain them, property names may not).
     */
    static boolean isIdentifier(String s, boolean hyphens) {
        if (s.isEmpty() || !isIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isIdentifierPart(c) && !(hyphens && c == '-')) {
                return false;
            }
        }
        return true;
    }

    private void skipWhitespace() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /**
     * The Unicode White_Space code points, which STIX 2.1 section 9.1 names as pattern whitespace.
     * All lie in the Basic Multilingual Plane. {@link Character#isWhitespace} differs: it leaves
     * out the no-break spaces and counts the information separators U+001C to U+001F.
     */
    static boolean isWhitespace(char c) {
        return (c >= '\t' && c <= '\r')
                || c == ' '
                || c == '\u0085'
                || c == '\u00a0'
                || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200a')
                || c == '\u2028'
                || c == '\u2029'
                || c == '\u202f'
                || c == '\u205f'
                || c == '\u3000';
    }

    private boolean startsNumber(int at) {
        return isDigit(charAt(at)) || (charAt(at) == '.' && isDigit(charAt(at + 1)));
    }

    /** The character at an offset, or NUL past the end (NUL starts no token). */
    private char charAt(int at) {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
