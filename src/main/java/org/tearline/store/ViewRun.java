package org.tearline.store;

/**
 * The consecutive versions of a view that one release entry of the disclosure record released:
 * seq {@code first} to {@code last} of collection {@code collectionId}, both included.
 */
public record ViewRun(String collectionId, long first, long last) {

    public ViewRun {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("a view run goes from seq " + first + " to " + last
                    + ": it must start at 1 or later and not end before it starts");
        }
    }
}
