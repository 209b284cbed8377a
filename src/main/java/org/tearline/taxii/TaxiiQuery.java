package org.tearline.taxii;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tearline.domain.Position;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixId;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.ObjectFilter;
import org.tearline.store.PageRequest;
import org.tearline.store.VersionSelector;

/**
 * Parses the URL parameters of a TAXII listing (TAXII 2.1 section 3.4) into a filter and a page
 * request, and reconciles them with a {@code next} token: the token's query is authoritative,
 * parameters the client resends must agree with it, and parameters it leaves out are taken
 * from the token (clients differ on whether they resend filters with {@code next}).
 */
public final class TaxiiQuery {

    /** Which endpoint the parameters are for; each accepts a different set. */
    // The filter sets are Set.of and a VersionSelector copies its keys, so both are immutable;
    // the checker cannot see that through the Set and record types.
    @SuppressWarnings("ImmutableEnumChecker")
    public enum Endpoint {
        OBJECTS(Set.of(ADDED_AFTER, ID, TYPE, VERSION, SPEC_VERSION), VersionSelector.LAST),
        OBJECT(Set.of(ADDED_AFTER, VERSION, SPEC_VERSION), VersionSelector.LAST),
        MANIFEST(Set.of(ADDED_AFTER, ID, TYPE, VERSION, SPEC_VERSION), VersionSelector.LAST),
        VERSIONS(Set.of(ADDED_AFTER, SPEC_VERSION), VersionSelector.ALL),
        // Deleting "the object" removes every version unless a version is named, so that the
        // object is gone afterwards as TAXII 2.1 section 5.7 requires.
        DELETE(Set.of(VERSION, SPEC_VERSION), VersionSelector.ALL);

        private final Set<String> filters;
        private final VersionSelector defaultVersions;

        Endpoint(Set<String> filters, VersionSelector defaultVersions) {
            this.filters = filters;
            this.defaultVersions = defaultVersions;
        }
    }

    private static final String ADDED_AFTER = "added_after";
    private static final String ID = "match[id]";
    private static final String TYPE = "match[type]";
    private static final String VERSION = "match[version]";
    private static final String SPEC_VERSION = "match[spec_version]";
    private static final String LIMIT = "limit";
    private static final String NEXT = "next";

    /** Most values one list parameter may carry. */
    public static final int MAX_VALUES = 1_000;
    /** Queries longer than this are not carried inside tokens; clients must resend them. */
    private static final int MAX_CARRIED_QUERY = 2_048;

    private static final Pattern SPEC_VERSION_VALUE = Pattern.compile("\\d{1,3}\\.\\d{1,3}");
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** The parsed request. */
    public record Parsed(ObjectFilter filter, PageRequest page, String scope, String query) {

        /** The token that resumes after {@code position}. */
        public String nextToken(CursorCodec codec, Position position) {
            String digest = Canonical.sha256(query.getBytes(StandardCharsets.UTF_8));
            return codec.encode(new CursorCodec.Cursor(
                    scope,
                    query.length() <= MAX_CARRIED_QUERY ? Optional.of(query) : Optional.empty(),
                    digest,
                    position));
        }
    }

    private TaxiiQuery() {}

    /**
     * Parses the parameters of one request.
     *
     * @param params       every URL parameter with all its values, as received
     * @param scope        what is being listed, e.g. {@code objects:<collection>}; a token from
     *                     another scope is refused
     * @param defaultLimit page size when the client names none
     * @param maxLimit     largest page served; larger limits are served as this
     * @param maxBytes     byte budget of one page of objects
     */
    public static Parsed parse(
            Endpoint endpoint,
            Map<String, List<String>> params,
            String scope,
            CursorCodec codec,
            int defaultLimit,
            int maxLimit,
            long maxBytes) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getValue().size() > 1) {
                throw new BadRequestException("parameter " + Echo.quote(e.getKey())
                        + " appears " + e.getValue().size() + " times; give it once, with"
                        + " values separated by commas");
            }
        }
        Map<String, String> given = new TreeMap<>();
        for (String name : endpoint.filters) {
            String value = single(params, name);
            if (value != null) {
                given.put(name, normalise(name, value));
            }
        }
        int limit = parseLimit(single(params, LIMIT), defaultLimit, maxLimit);
        String next = single(params, NEXT);

        Map<String, String> effective = given;
        Optional<Position> after = Optional.empty();
        if (next != null && !(endpoint == Endpoint.DELETE)) {
            CursorCodec.Cursor cursor = codec.decode(next);
            if (!cursor.scope().equals(scope)) {
                throw new BadRequestException("the 'next' token belongs to a different listing;"
                        + " use it only with the endpoint that issued it");
            }
            effective = reconcile(given, cursor);
            after = Optional.of(cursor.position());
        }
        ObjectFilter filter = toFilter(endpoint, effective);
        return new Parsed(filter, new PageRequest(limit, after, maxBytes), scope, render(effective));
    }

    private static Map<String, String> reconcile(Map<String, String> given, CursorCodec.Cursor cursor) {
        if (cursor.query().isEmpty()) {
            String digest = Canonical.sha256(render(given).getBytes(StandardCharsets.UTF_8));
            if (!digest.equals(cursor.queryDigest())) {
                throw new BadRequestException("this 'next' token belongs to a long query; send it"
                        + " with the same filters as the request that returned it");
            }
            return given;
        }
        Map<String, String> carried = parseRendered(cursor.query().get());
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!e.getValue().equals(carried.get(e.getKey()))) {
                throw new BadRequestException("parameter " + Echo.quote(e.getKey())
                        + " differs from the query the 'next' token was issued for; repeat the"
                        + " original filters or send 'next' without them");
            }
        }
        return carried;
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int parseLimit(String text, int defaultLimit, int maxLimit) {
        if (text == null) {
            return defaultLimit;
        }
        String t = text.trim();
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException e) {
            if (t.matches("\\+?\\d{1,1000}")) {
                throw new BadRequestException("limit " + Echo.quote(text) + " is too large to"
                        + " be a number of objects; give at most " + maxLimit);
            }
            throw new BadRequestException(
                    "limit " + Echo.quote(text) + " is not a whole number; it must be a positive integer");
        }
        if (value < 1) {
            throw new BadRequestException("limit must be a positive integer, was " + value);
        }
        return (int) Math.min(value, maxLimit);
    }

    /** Validates one filter value and returns it in canonical form. */
    private static String normalise(String name, String value) {
        List<String> items = split(name, value);
        switch (name) {
            case ADDED_AFTER -> {
                return Long.toString(StixTimestamp.toMicros(timestamp(ADDED_AFTER, value)));
            }
            case ID -> {
                for (String id : items) {
                    if (!StixId.isValid(id)) {
                        throw new BadRequestException(
                                "match[id] value " + Echo.quote(id) + " is not a STIX identifier (type--UUID)");
                    }
                }
            }
            case TYPE -> {
                for (String type : items) {
                    if (!StixId.isValidTypeName(type)) {
                        throw new BadRequestException("match[type] value " + Echo.quote(type)
                                + " is not a STIX type name (3 to 250 characters of a-z, 0-9"
                                + " and '-')");
                    }
                }
            }
            case VERSION -> {
                return normaliseVersions(items);
            }
            case SPEC_VERSION -> {
                for (String v : items) {
                    if (!SPEC_VERSION_VALUE.matcher(v).matches()) {
                        throw new BadRequestException("match[spec_version] value "
                                + Echo.quote(v) + " is not a specification version such as"
                                + " 2.1");
                    }
                }
            }
            default -> throw new IllegalArgumentException(name);
        }
        return String.join(",", new TreeSet<>(items));
    }

    private static String normaliseVersions(List<String> items) {
        Set<String> out = new TreeSet<>();
        for (String v : items) {
            switch (v) {
                case "first", "last", "all" -> out.add(v);
                default -> out.add(StixTimestamp.key(timestamp(VERSION, v)));
            }
        }
        if (out.contains("all") && out.size() > 1) {
            throw new BadRequestException("match[version] 'all' cannot be combined with other" + " values");
        }
        return String.join(",", out);
    }

    private static List<String> split(String name, String value) {
        if (name.equals(ADDED_AFTER)) {
            return List.of(value);
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String t = item.trim();
            if (t.isEmpty()) {
                throw new BadRequestException(
                        name + " has an empty value; give a comma-separated" + " list without empty items");
            }
            items.add(t);
        }
        if (items.size() > MAX_VALUES) {
            throw new BadRequestException(
                    name + " lists " + items.size() + " values; at most " + MAX_VALUES + " are accepted");
        }
        return items;
    }

    /**
     * A TAXII timestamp: STIX's form (UTC, {@code Z}), or any RFC 3339 offset, because clients
     * format their own clocks in different ways.
     */
    private static Instant timestamp(String name, String text) {
        Optional<Instant> stix = StixTimestamp.parse(text);
        if (stix.isPresent()) {
            return stix.get();
        }
        try {
            if (text.length() <= 64) {
                Instant instant = OffsetDateTime.parse(text).toInstant();
                // STIX timestamps have four-digit years; beyond them keys and microseconds fail.
                if (!instant.isBefore(EARLIEST) && !instant.isAfter(LATEST)) {
                    return instant;
                }
            }
        } catch (DateTimeParseException e) {
            // fall through to the error below
        }
        throw new BadRequestException(name + " value " + Echo.quote(text) + " is not an RFC 3339"
                + " timestamp such as 2024-03-07T18:00:00.000Z");
    }

    private static ObjectFilter toFilter(Endpoint endpoint, Map<String, String> q) {
        Set<String> ids = listOf(q.get(ID));
        Set<String> types = listOf(q.get(TYPE));
        Set<String> specs = listOf(q.get(SPEC_VERSION));
        Optional<Long> addedAfter = Optional.ofNullable(q.get(ADDED_AFTER)).map(Long::parseLong);
        VersionSelector versions = endpoint.defaultVersions;
        if (q.containsKey(VERSION)) {
            Set<String> values = listOf(q.get(VERSION));
            Set<String> keys = new HashSet<>(values);
            keys.removeAll(Set.of("first", "last", "all"));
            versions = new VersionSelector(
                    values.contains("first"), values.contains("last"), values.contains("all"), keys);
        }
        return new ObjectFilter(ids, types, versions, specs, addedAfter);
    }

    private static Set<String> listOf(String joined) {
        return joined == null ? Set.of() : new TreeSet<>(List.of(joined.split(",")));
    }

    /** The canonical text of a query: sorted names, canonical values, URL-style. */
    private static String render(Map<String, String> q) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(q).entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    // Reads render()'s text back as it always has: with a limit, a value ending in '&' would
    // leave an empty pair that has no '='.
    @SuppressWarnings("StringSplitter")
    private static Map<String, String> parseRendered(String rendered) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rendered.isEmpty()) {
            return out;
        }
        for (String pair : rendered.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }
}
