package org.tearline.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * A remote collection pulled into a local inbound collection, with where the pull stands.
 *
 * @param remoteCollection the remote collection's id (an alias is resolved when subscribing)
 * @param every            seconds between pulls
 * @param cursor           where the next pull starts
 * @param received         versions stored so far
 * @param quarantined      objects kept aside so far
 * @param errors           failed pulls so far
 * @param newestAdded      the newest date_added the peer gave, in its own clock, or null
 */
public record PeerSubscription(
        String id,
        String peer,
        String remoteCollection,
        String localCollection,
        long every,
        Instant created,
        Cursor cursor,
        long received,
        long quarantined,
        long errors,
        Instant lastPull,
        Instant newestAdded,
        String lastError,
        Instant lastErrorAt) {

    /** How a subscription reads the remote collection. */
    public enum Mode {
        /** The objects endpoint, following {@code next} or the date-added headers. */
        OBJECTS,
        /**
         * The manifest endpoint for the dates, then the objects by id: for servers that give
         * neither {@code next} nor the date-added headers.
         */
        MANIFEST;

        /** The name stored in the database. */
        public String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode for a stored name. */
        public static Mode ofDbName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Where a pull starts: the server's {@code next} token when a pull stopped inside a
     * paginated answer, and the newest date_added received, in the server's own clock (never
     * this instance's). Stored in the transaction that stores the objects it covers.
     *
     * @param next           the server's opaque next token, or null
     * @param addedAfterMicros the server's newest date_added received, in microseconds, or null
     *                         before anything arrived
     */
    public record Cursor(String next, Long addedAfterMicros, Mode mode) {

        /** The start of a new subscription. */
        public static final Cursor START = new Cursor(null, null, Mode.OBJECTS);
    }
}
