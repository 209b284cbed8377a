package org.tearline.intake.extract;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time windows: absolute dates ("8 March 2024", "March 8-10", "2024-03-08") and phrases read
 * against the publication time ("within the next 48 hours", "over the weekend"). Days are UTC
 * days: the document's own time zone is not known, and a window a little wide is safer than one
 * that closes before the threat does. What each vague phrase stands for is in docs/intake.md.
 */
final class TimeWindows {

    private static final String MONTHS =
            "(January|February|March|April|May|June|July|August|September|October|November|December"
                    + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?";
    private static final String DAY = "([1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?";
    private static final String DASH = "[ \\t]?(?:-|\u2013|\u2014|to|through|until|and)[ \\t]?";
    private static final String YEAR = "(?:,?[ \\t](20\\d\\d|19\\d\\d))?";

    private static final String NUMBER_WORDS =
            "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|twenty-four|twenty four|thirty|thirty-six|forty-eight|forty eight|seventy-two|seventy two|\\d{1,3}";

    /** Month day[-day][, year]: "March 8", "March 8-10, 2024". */
    private static final Pattern MONTH_DAY = Pattern.compile(
            "(?<![A-Za-z])" + MONTHS + "[ \\t]" + DAY + "(?:" + DASH + DAY + ")?" + YEAR + "(?![A-Za-z0-9])");
    /** day[-day] Month[ year]: "8 March 2024", "8-10 March". */
    private static final Pattern DAY_MONTH = Pattern.compile("(?<![A-Za-z0-9])" + DAY + "(?:" + DASH + DAY
            + ")?[ \\t](?:of[ \\t])?" + MONTHS + "(?:,?[ \\t](20\\d\\d|19\\d\\d))?(?![A-Za-z0-9])");

    private static final Pattern ISO =
            Pattern.compile("(?<![0-9])(20\\d\\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(?![0-9])");
    private static final Pattern NEXT = Pattern.compile(
            "(?i)(?<![a-z])(?:(?:with)?in|over|during|for)[ \\t](?:the[ \\t])?(?:next|coming|following)[ \\t]("
                    + NUMBER_WORDS + ")[ \\t](hours?|days?|weeks?)(?![a-z])");
    private static final Pattern WITHIN =
            Pattern.compile("(?i)(?<![a-z])within[ \\t](" + NUMBER_WORDS + ")[ \\t](hours?|days?|weeks?)(?![a-z])");
    private static final Pattern PHRASES = Pattern.compile("(?i)(?<![a-z])(?:"
            + "(?:in|over|during|within)[ \\t](?:the[ \\t])?(?:coming|next|following)[ \\t](?<comingUnit>hours|days|weeks)"
            + "|(?:over|during)[ \\t]the[ \\t](?<weekend>weekend)"
            + "|(?<which>this|next|coming)[ \\t](?<period>weekend|week)"
            + "|tomorrow[ \\t](?<part>night|evening|morning)"
            + "|(?<day>tomorrow|tonight|today))(?![a-z])");

    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private TimeWindows() {}

    static List<Found> find(String page, Instant published) {
        List<Found> found = new ArrayList<>();
        Ranges taken = new Ranges();
        ZonedDateTime at = published.atZone(ZoneOffset.UTC);
        int year = at.getYear();
        Matcher m = MONTH_DAY.matcher(page);
        while (m.find()) {
            int y = m.group(4) != null ? Integer.parseInt(m.group(4)) : year;
            LocalDate first = date(y, m.group(1), m.group(2));
            LocalDate last = m.group(3) != null ? date(y, m.group(1), m.group(3)) : first;
            add(
                    found,
                    first,
                    last,
                    m.start(),
                    m.end(),
                    m.group(4) != null ? "date-month-day-year" : "date-month-day",
                    "absolute");
        }
        found.forEach(f -> taken.add(f.start(), f.end()));
        m = DAY_MONTH.matcher(page);
        while (m.find()) {
            if (taken.overlaps(m.start(), m.end())) {
                continue;
            }
            int y = m.group(4) != null ? Integer.parseInt(m.group(4)) : year;
            LocalDate first = date(y, m.group(3), m.group(1));
            LocalDate last = m.group(2) != null ? date(y, m.group(3), m.group(2)) : first;
            add(
                    found,
                    first,
                    last,
                    m.start(),
                    m.end(),
                    m.group(4) != null ? "date-day-month-year" : "date-day-month",
                    "absolute");
        }
        found.forEach(f -> taken.add(f.start(), f.end()));
        m = ISO.matcher(page);
        while (m.find()) {
            LocalDate d =
                    valid(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            add(found, d, d, m.start(), m.end(), "date-iso", "absolute");
        }
        m = NEXT.matcher(page);
        while (m.find()) {
            window(found, published, m.start(), m.end(), span(m.group(1), m.group(2)), "next-n-units");
        }
        found.forEach(f -> taken.add(f.start(), f.end()));
        m = WITHIN.matcher(page);
        while (m.find()) {
            if (!taken.overlaps(m.start(), m.end())) {
                window(found, published, m.start(), m.end(), span(m.group(1), m.group(2)), "within-n-units");
            }
        }
        found.forEach(f -> taken.add(f.start(), f.end()));
        m = PHRASES.matcher(page);
        while (m.find()) {
            if (taken.overlaps(m.start(), m.end())) {
                continue;
            }
            phrase(found, m, at, page);
        }
        return found;
    }

    private static void phrase(List<Found> found, Matcher m, ZonedDateTime at, String page) {
        Instant now = at.toInstant();
        ZonedDateTime midnight = at.truncatedTo(ChronoUnit.DAYS);
        Instant start;
        Instant end;
        String rule;
        String which = m.group("which") == null ? "" : m.group("which").toLowerCase(Locale.ROOT);
        String period = m.group("period") == null ? "" : m.group("period").toLowerCase(Locale.ROOT);
        if (m.group("comingUnit") != null) {
            String unit = m.group("comingUnit").toLowerCase(Locale.ROOT);
            // "in the coming hours" = a day, "days" = a week, "weeks" = four weeks.
            Duration span = switch (unit) {
                case "hours" -> Duration.ofHours(24);
                case "days" -> Duration.ofDays(7);
                default -> Duration.ofDays(28);
            };
            start = now;
            end = now.plus(span);
            rule = "coming-" + unit;
        } else if (m.group("weekend") != null || period.equals("weekend")) {
            // The weekend under way, or the coming one; "next weekend" is the one after that.
            DayOfWeek today = at.getDayOfWeek();
            ZonedDateTime saturday = today == DayOfWeek.SUNDAY
                    ? midnight.minusDays(1)
                    : midnight.with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
            boolean next = which.equals("next");
            if (next) {
                saturday = saturday.plusWeeks(1);
            }
            if (m.group("weekend") != null
                    && pastTense(page, m.start())
                    && today != DayOfWeek.SATURDAY
                    && today != DayOfWeek.SUNDAY) {
                // "had targeted ... over the weekend", written on a weekday: the weekend just gone
                // ("this weekend" is the coming one whatever the tense around it).
                saturday = saturday.minusWeeks(1);
                start = saturday.toInstant();
                rule = "weekend-past";
            } else {
                start = max(now, saturday.toInstant());
                rule = next ? "next-weekend" : "weekend";
            }
            end = saturday.plusDays(2).toInstant();
        } else if (period.equals("week")) {
            ZonedDateTime monday = midnight.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            if (which.equals("next")) {
                start = monday.toInstant();
                end = monday.plusWeeks(1).toInstant();
                rule = "next-week";
            } else {
                start = now;
                end = monday.toInstant();
                rule = "this-week";
            }
        } else if (m.group("part") != null) {
            ZonedDateTime tomorrow = midnight.plusDays(1);
            String part = m.group("part").toLowerCase(Locale.ROOT);
            if (part.equals("morning")) {
                start = tomorrow.toInstant();
                end = tomorrow.plusHours(12).toInstant();
            } else {
                start = tomorrow.plusHours(18).toInstant();
                end = tomorrow.plusDays(1).plusHours(6).toInstant();
            }
            rule = "tomorrow-" + part;
        } else {
            String day = m.group("day").toLowerCase(Locale.ROOT);
            switch (day) {
                case "tomorrow" -> {
                    start = midnight.plusDays(1).toInstant();
                    end = midnight.plusDays(2).toInstant();
                }
                case "tonight" -> {
                    start = max(now, midnight.plusHours(18).toInstant());
                    end = midnight.plusDays(1).plusHours(6).toInstant();
                }
                default -> {
                    start = now;
                    end = midnight.plusDays(1).toInstant();
                }
            }
            rule = day;
        }
        window(found, start, end, m.start(), m.end(), rule, "relative");
    }

    private static final Pattern PAST = Pattern.compile("(?i)(?<![a-z])(?:had|was|were|did)(?![a-z])");

    /** Whether the sentence before a phrase is told in the past ("had targeted", "was seen"). */
    private static boolean pastTense(String page, int start) {
        int i = start - 1;
        while (i >= 0 && ".!?\n".indexOf(page.charAt(i)) < 0) {
            i--;
        }
        return PAST.matcher(page.substring(i + 1, start)).find();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Duration span(String number, String unit) {
        long n = number(number);
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.startsWith("hour")) {
            return Duration.ofHours(n);
        }
        if (u.startsWith("day")) {
            return Duration.ofDays(n);
        }
        return Duration.ofDays(7 * n);
    }

    private static long number(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace(' ', '-');
        return switch (w) {
            case "one" -> 1;
            case "two" -> 2;
            case "three" -> 3;
            case "four" -> 4;
            case "five" -> 5;
            case "six" -> 6;
            case "seven" -> 7;
            case "eight" -> 8;
            case "nine" -> 9;
            case "ten" -> 10;
            case "eleven" -> 11;
            case "twelve" -> 12;
            case "fourteen" -> 14;
            case "twenty-four" -> 24;
            case "thirty" -> 30;
            case "thirty-six" -> 36;
            case "forty-eight" -> 48;
            case "seventy-two" -> 72;
            default -> Long.parseLong(w);
        };
    }

    private static void window(List<Found> found, Instant published, int start, int end, Duration span, String rule) {
        if (span.isZero()) {
            return;
        }
        window(found, published, published.plus(span), start, end, rule, "relative");
    }

    private static void add(
            List<Found> found, LocalDate first, LocalDate last, int start, int end, String rule, String basis) {
        if (first == null || last == null || last.isBefore(first)) {
            return;
        }
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        window(found, from, to, start, end, rule, basis);
    }

    private static void window(
            List<Found> found, Instant from, Instant to, int start, int end, String rule, String basis) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("start", RFC3339.format(from));
        details.put("end", RFC3339.format(to));
        details.put("basis", basis);
        found.add(new Found(
                CandidateKind.TIME_WINDOW, RFC3339.format(from) + "/" + RFC3339.format(to), start, end, rule, details));
    }

    private static LocalDate date(int year, String month, String day) {
        Month mo = month(month);
        return valid(year, mo.getValue(), Integer.parseInt(day));
    }

    private static LocalDate valid(int year, int month, int day) {
        try {
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static Month month(String name) {
        String prefix = name.substring(0, 3).toUpperCase(Locale.ROOT);
        for (Month m : Month.values()) {
            if (m.name().startsWith(prefix)) {
                return m;
            }
        }
        throw new IllegalArgumentException("not a month: " + name);
    }
}
