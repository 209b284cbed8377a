package org.tearline.stix.pattern;

/** The pattern text does not follow the STIX patterning grammar. */
public final class InvalidPatternException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int position;

    /** @param position zero-based character offset where the problem was found */
    public InvalidPatternException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** Zero-based character offset in the pattern where the problem was found. */
    public int position() {
        return position;
    }
}
