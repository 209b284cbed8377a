package org.tearline.stix;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * STIX 2.1 timestamps: RFC 3339 in UTC with a literal {@code Z}, any number of fractional
 * digits. Tearline compares timestamps to the nanosecond and keeps a fixed-width "key" form that
 * sorts as text in every database.
 */
public final class StixTimestamp {

    private StixTimestamp() {}

    /**
     * Parses a STIX timestamp. Returns empty for anything that is not a valid STIX timestamp:
     * wrong layout, a zone other than {@code Z}, an impossible date or time. A leap second
     * ({@code :60}) is refused because it cannot be ordered against other instants.
     */
    public static Optional<Instant> parse(String text) {
        // Hand-written rather than a regex: this runs several times for every object posted.
        if (text == null || text.length() < 20 || text.length() > 64 || text.charAt(text.length() - 1) != 'Z') {
            return Optional.empty();
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return Optional.empty();
        }
        int nanos = 0;
        int end = text.length() - 1;
        if (end > 19) {
            if (text.charAt(19) != '.' || end == 20) {
                return Optional.empty();
            }
            int scale = 100_000_000;
            for (int i = 20; i < end; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return Optional.empty();
                }
                nanos += (c - '0') * scale;
                scale /= 10;
            }
        }
        if (day > YearMonth.of(year, month).lengthOfMonth()) {
            return Optional.empty();
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Optional.of(Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos));
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String text, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** True when the text is a valid STIX timestamp. */
    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /**
     * Formats an instant as a STIX timestamp with at least millisecond precision, and more digits
     * only where the instant has them.
     */
    public static String format(Instant instant) {
        String base = key(instant);
        // key is ...ss.nnnnnnnnnZ; drop trailing zeros beyond the third fractional digit
        int dot = base.indexOf('.');
        int end = base.length() - 1;
        int cut = end;
        while (cut > dot + 4 && base.charAt(cut - 1) == '0') {
            cut--;
        }
        return base.substring(0, cut) + "Z";
    }

    /** Formats with exactly microsecond precision, as TAXII's date_added values are. */
    public static String formatMicros(Instant instant) {
        String base = key(instant);
        int dot = base.indexOf('.');
        return base.substring(0, dot + 7) + "Z";
    }

    /**
     * A fixed-width form, {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ}, whose text order is time order.
     * Used as the stored version key.
     */
    public static String key(Instant instant) {
        var t = instant.atOffset(ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year out of STIX range: " + year);
        }
        // By hand, not String.format: this runs for every object stored and released.
        char[] c = new char[30];
        digits(c, 0, 4, year);
        c[4] = '-';
        digits(c, 5, 2, t.getMonthValue());
        c[7] = '-';
        digits(c, 8, 2, t.getDayOfMonth());
        c[10] = 'T';
        digits(c, 11, 2, t.getHour());
        c[13] = ':';
        digits(c, 14, 2, t.getMinute());
        c[16] = ':';
        digits(c, 17, 2, t.getSecond());
        c[19] = '.';
        digits(c, 20, 9, t.getNano());
        c[29] = 'Z';
        return new String(c);
    }

    /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(char[] into, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Microseconds since the epoch, the unit Tearline stores date_added in. */
    public static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** The instant for a number of microseconds since the epoch. */
    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
