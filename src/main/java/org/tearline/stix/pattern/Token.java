package org.tearline.stix.pattern;

/**
 * A token of pattern text.
 *
 * @param kind what the token is
 * @param start offset of its first character
 * @param end offset just past its last character
 * @param value for words and numbers their text; for strings the decoded value; for hex, binary
 *     and timestamp constants the text between the quotes (binary without line feeds)
 */
record Token(Kind kind, int start, int end, String value) {

    enum Kind {
        LEFT_BRACKET,
        RIGHT_BRACKET,
        LEFT_PAREN,
        RIGHT_PAREN,
        COLON,
        DOT,
        COMMA,
        STAR,
        EQUAL,
        NOT_EQUAL,
        LESS,
        LESS_EQUAL,
        GREATER,
        GREATER_EQUAL,
        WORD,
        STRING,
        INTEGER,
        FLOAT,
        HEX,
        BINARY,
        TIMESTAMP,
        /** A character that starts no token; the parser reports it with what it expected. */
        INVALID,
        END
    }

    /** True for a word spelling exactly this keyword. */
    boolean is(Keyword keyword) {
        return kind == Kind.WORD && value.equals(keyword.text());
    }
}
