package org.tearline.taxii;

import java.util.Locale;

/**
 * TAXII 2.1 media types and the rules for matching a client's {@code Accept} and
 * {@code Content-Type} headers against them. Matching is tolerant of case, whitespace, quality
 * values and extra parameters, because clients differ on all of these; it is strict about the
 * version: only 2.1, or no version (which means the latest, 2.1).
 */
public final class MediaTypes {

    /** What every TAXII response carries, success or error. */
    public static final String TAXII = "application/taxii+json;version=2.1";
    /** The media type of STIX objects inside collections. */
    public static final String STIX = "application/stix+json;version=2.1";

    private MediaTypes() {}

    /** True when an {@code Accept} header admits a TAXII 2.1 response. No header admits all. */
    public static boolean acceptsTaxii(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",", -1)) {
            MediaRange r = MediaRange.parse(range);
            if (r == null || r.quality <= 0) {
                continue;
            }
            if (r.type.equals("*") && r.subtype.equals("*")) {
                return true;
            }
            if (r.type.equals("application")
                    && (r.subtype.equals("*") || (r.subtype.equals("taxii+json") && r.versionIs21()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a request body's {@code Content-Type} is one this server reads: TAXII 2.1 (the
     * spec's) or STIX 2.1 (what some clients send with a bundle).
     */
    public static boolean isTaxiiOrStixBody(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaRange r = MediaRange.parse(contentType);
        return r != null
                && r.type.equals("application")
                && (r.subtype.equals("taxii+json") || r.subtype.equals("stix+json"))
                && r.versionIs21();
    }

    private static final class MediaRange {
        final String type;
        final String subtype;
        final String version;
        final double quality;

        private MediaRange(String type, String subtype, String version, double quality) {
            this.type = type;
            this.subtype = subtype;
            this.version = version;
            this.quality = quality;
        }

        boolean versionIs21() {
            return version == null || version.equals("2.1");
        }

        static MediaRange parse(String text) {
            String[] parts = text.split(";", -1);
            String full = parts[0].trim().toLowerCase(Locale.ROOT);
            int slash = full.indexOf('/');
            if (slash <= 0 || slash == full.length() - 1) {
                return null;
            }
            String version = null;
            double q = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = p.substring(eq + 1).trim().replace("\"", "");
                if (name.equals("version")) {
                    version = value;
                } else if (name.equals("q")) {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            return new MediaRange(
                    full.substring(0, slash).trim(), full.substring(slash + 1).trim(), version, q);
        }
    }
}
