package org.tearline.domain;

import java.util.Locale;

/**
 * What an audience's view holds of one source object.
 *
 * @param viewVersion the version key of the last version published in the view, if any
 * @param viewDigest  digest of the last published content (without its modified timestamp)
 */
public record ReleaseState(
        String audience, String originalId, String releasedId, Status status, String viewVersion, String viewDigest) {

    /** Where the object stands with the audience. */
    public enum Status {
        /** In the view, current. */
        RELEASED,
        /** Never released, or withheld before anything was published. */
        WITHHELD,
        /**
         * The policy would take back what was disclosed and says to keep it: the audience
         * keeps the last version it received, which is no longer updated.
         */
        KEPT,
        /** Taken back by publishing a revoked version. */
        REVOKED;

        /** The name stored in the database. */
        public String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status for a stored name. */
        public static Status ofDbName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** True when the audience has received some version of the object. */
    public boolean disclosed() {
        return viewVersion != null;
    }
}
