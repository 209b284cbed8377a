package org.tearline.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.testing.TaxiiAssert.assertTaxii;
import static org.tearline.testing.TaxiiAssert.assertTaxiiError;
import static org.tearline.testing.TaxiiAssert.dateAddedFirst;
import static org.tearline.testing.TaxiiAssert.dateAddedLast;
import static org.tearline.testing.TaxiiAssert.list;
import static org.tearline.testing.TaxiiAssert.micros;
import static org.tearline.testing.TaxiiAssert.texts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tearline.domain.Account;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * The TAXII filters (match[id], match[type], match[version], match[spec_version], added_after)
 * alone and combined, on the objects, manifest, object and versions endpoints, checked against
 * expectations computed here from what was posted. Versions of five objects are posted in five
 * requests, so that they have five different date_added values.
 */
class FilterTest {

    /** One posted version: which object, its type and modified, and where it was posted. */
    record Version(String name, String type, String modified, int request, int index, ObjectNode json) {

        String id() {
            return ids.get(name);
        }
    }

    /** The versions posted, request by request: "object type modified". */
    private static final String[][] POSTS = {
        {"A indicator 2021-01-01T00:00:00.000Z", "M malware 2021-01-01T00:00:00.000Z", "T tool 2021-01-01T00:00:00.000Z"
        },
        {"B indicator 2021-01-15T00:00:00.000Z", "A indicator 2021-02-01T00:00:00.000Z"},
        {"M malware 2021-03-01T00:00:00.000Z", "A indicator 2021-03-01T00:00:00.000Z"},
        {"T tool 2021-04-01T00:00:00.000Z", "C indicator 2021-04-01T00:00:00.000Z"},
        // B's newest, and an older version of C posted after its newer one
        {"B indicator 2021-05-01T00:00:00.000Z", "C indicator 2020-12-01T00:00:00.000Z"},
    };

    @TempDir
    static Path dir;

    static TestServer server;
    static TaxiiClient alice;
    static String collection;
    static final Map<String, String> ids = new LinkedHashMap<>();
    static final List<Version> versions = new ArrayList<>();
    static final List<Instant> dateAdded = new ArrayList<>();

    @BeforeAll
    static void postFiveRequests() {
        server = TestServer.start(dir);
        server.user("alice", Account.Role.PRODUCER);
        alice = server.as("alice");
        collection = server.collection("filters");
        server.grant("alice", collection, true, true);
        for (String name : List.of("A", "B", "C", "M", "T")) {
            String type = name.equals("M") ? "malware" : name.equals("T") ? "tool" : "indicator";
            ids.put(name, Stix.id(type));
        }
        for (int r = 0; r < POSTS.length; r++) {
            List<ObjectNode> objects = new ArrayList<>();
            for (int i = 0; i < POSTS[r].length; i++) {
                String[] v = POSTS[r][i].split(" ");
                ObjectNode json = Stix.object(v[1], ids.get(v[0]), v[2]);
                json.put("name", v[0] + " as of " + v[2]);
                objects.add(json);
                versions.add(new Version(v[0], v[1], v[2], r, i, json));
            }
            JsonNode status = assertTaxii(alice.post(server.objectsPath(collection), Stix.envelope(objects)), 202);
            assertThat(status.path("success_count").asInt()).isEqualTo(objects.size());
        }
        // Each request's versions share one date_added; later requests have later ones.
        Map<String, Instant> added = new TreeMap<>();
        alice.get(server.manifestPath(collection), Map.of("match[version]", "all"))
                .json()
                .get("objects")
                .forEach(e -> added.put(
                        e.path("id").asText() + "@" + e.path("version").asText(),
                        micros(e.path("date_added").asText())));
        assertThat(added).hasSize(versions.size());
        for (int r = 0; r < POSTS.length; r++) {
            int request = r;
            Set<Instant> times = versions.stream()
                    .filter(v -> v.request() == request)
                    .map(v -> added.get(v.id() + "@" + v.modified()))
                    .collect(Collectors.toSet());
            assertThat(times).hasSize(1);
            dateAdded.add(times.iterator().next());
        }
        assertThat(dateAdded).isSorted().doesNotHaveDuplicates();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // --- the filter values tried --------------------------------------------------------

    enum Ids {
        NONE(),
        A("A"),
        A_M("A", "M"),
        B_C_UNKNOWN("B", "C", "?");

        final List<String> names;

        Ids(String... names) {
            this.names = List.of(names);
        }

        String value() {
            return names.stream()
                    .map(n -> n.equals("?") ? "indicator--00000000-0000-4000-8000" + "-000000000000" : ids.get(n))
                    .collect(Collectors.joining(","));
        }
    }

    enum Types {
        NONE(),
        INDICATOR("indicator"),
        MALWARE_TOOL("malware", "tool"),
        IDENTITY("identity");

        final List<String> types;

        Types(String... types) {
            this.types = List.of(types);
        }
    }

    enum Versions {
        NONE(null),
        FIRST("first"),
        LAST("last"),
        ALL("all"),
        FIRST_LAST("first,last"),
        SPACED_LAST_FIRST(" last , first"),
        EXACT("2021-03-01T00:00:00.000Z"),
        EXACT_TWO_FORMS("2021-01-01T00:00:00Z,2021-04-01T00:00:00.000000Z"),
        EXACT_WITH_OFFSET("2021-03-01T01:00:00+01:00"),
        FIRST_AND_EXACT("first,2021-02-01T00:00:00.000Z"),
        EXACT_MATCHING_NOTHING("2019-01-01T00:00:00.000Z");

        final String value;

        Versions(String value) {
            this.value = value;
        }
    }

    enum Specs {
        NONE(null),
        V21("2.1"),
        V20("2.0"),
        BOTH("2.0,2.1");

        final String value;

        Specs(String value) {
            this.value = value;
        }
    }

    /** added_after values, relative to the five requests' date_added. */
    enum AddedAfter {
        NONE,
        EPOCH,
        AT_FIRST_REQUEST,
        JUST_BEFORE_THIRD_REQUEST,
        AT_SECOND_REQUEST_AS_OFFSET,
        AT_LAST_REQUEST;

        /** The instant meant, or null. */
        Instant instant() {
            return switch (this) {
                case NONE -> null;
                case EPOCH -> Instant.EPOCH;
                case AT_FIRST_REQUEST -> dateAdded.get(0);
                case JUST_BEFORE_THIRD_REQUEST -> dateAdded.get(2).minus(1, ChronoUnit.MICROS);
                case AT_SECOND_REQUEST_AS_OFFSET -> dateAdded.get(1);
                case AT_LAST_REQUEST -> dateAdded.get(4);
            };
        }

        /** The parameter as a client would send it. */
        String value() {
            Instant i = instant();
            return switch (this) {
                case NONE -> null;
                case EPOCH -> "1970-01-01T00:00:00Z";
                case AT_SECOND_REQUEST_AS_OFFSET ->
                    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
                            .format(i.atOffset(ZoneOffset.ofHours(2)));
                default -> i.toString();
            };
        }
    }

    record Filter(Ids ids, Types types, Versions versions, Specs specs, AddedAfter addedAfter) {

        Map<String, String> params() {
            Map<String, String> p = new TreeMap<>();
            if (ids != Ids.NONE) {
                p.put("match[id]", ids.value());
            }
            if (types != Types.NONE) {
                p.put("match[type]", String.join(",", types.types));
            }
            if (versions.value != null) {
                p.put("match[version]", versions.value);
            }
            if (specs.value != null) {
                p.put("match[spec_version]", specs.value);
            }
            if (addedAfter.value() != null) {
                p.put("added_after", addedAfter.value());
            }
            return p;
        }

        @Override
        public String toString() {
            return "ids=" + ids + " types=" + types + " version=" + versions + " spec=" + specs + " added_after="
                    + addedAfter;
        }
    }

    static Stream<Arguments> listingFilters() {
        List<Filter> filters = new ArrayList<>();
        for (Ids i : Ids.values()) {
            for (Types t : Types.values()) {
                filters.add(new Filter(i, t, Versions.NONE, Specs.NONE, AddedAfter.NONE));
            }
        }
        for (Versions v : Versions.values()) {
            for (AddedAfter a : AddedAfter.values()) {
                filters.add(new Filter(Ids.NONE, Types.NONE, v, Specs.NONE, a));
            }
            for (Specs s : Specs.values()) {
                filters.add(new Filter(Ids.NONE, Types.NONE, v, s, AddedAfter.NONE));
            }
        }
        Random random = new Random(20240307);
        for (int n = 0; n < 80; n++) {
            filters.add(new Filter(
                    pick(random, Ids.values()),
                    pick(random, Types.values()),
                    pick(random, Versions.values()),
                    pick(random, Specs.values()),
                    pick(random, AddedAfter.values())));
        }
        return filters.stream().distinct().map(Arguments::of);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    // --- what the server should answer ---------------------------------------------------

    /** The versions a filter selects, in date_added order (then the order posted). */
    static List<Version> expected(Filter f) {
        List<String> idNames = f.ids().names;
        return versions.stream()
                .filter(v -> idNames.isEmpty() || idNames.contains(v.name()))
                .filter(v -> f.types().types.isEmpty() || f.types().types.contains(v.type()))
                .filter(v -> f.specs().value == null
                        || List.of(f.specs().value.split(",")).contains("2.1"))
                .filter(v -> versionSelected(v, f.versions().value))
                .filter(v -> f.addedAfter().instant() == null
                        || dateAdded.get(v.request()).isAfter(f.addedAfter().instant()))
                .sorted(Comparator.comparingInt(Version::request).thenComparingInt(Version::index))
                .toList();
    }

    private static boolean versionSelected(Version v, String match) {
        List<Instant> history = versions.stream()
                .filter(o -> o.name().equals(v.name()))
                .map(o -> Instant.parse(o.modified()))
                .sorted()
                .toList();
        Instant mine = Instant.parse(v.modified());
        if (match == null) {
            return mine.equals(history.get(history.size() - 1));
        }
        for (String token : match.split(",")) {
            String t = token.trim();
            boolean selected = switch (t) {
                case "all" -> true;
                case "first" -> mine.equals(history.get(0));
                case "last" -> mine.equals(history.get(history.size() - 1));
                default -> mine.equals(OffsetDateTime.parse(t).toInstant());
            };
            if (selected) {
                return true;
            }
        }
        return false;
    }

    // --- the tests -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("listingFilters")
    void objectsEndpointAppliesFilters(Filter filter) {
        List<Version> expected = expected(filter);
        TaxiiClient.Reply reply = alice.get(server.objectsPath(collection), filter.params());
        JsonNode envelope = assertTaxii(reply, 200);
        assertThat(envelope.path("more").asBoolean()).isFalse();
        assertThat(list(envelope.get("objects")))
                .as(filter.toString())
                .containsExactlyElementsOf(expected.stream().map(Version::json).toList());
        assertDateHeaders(reply, expected, filter.addedAfter());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listingFilters")
    void manifestAppliesFilters(Filter filter) {
        List<Version> expected = expected(filter);
        TaxiiClient.Reply reply = alice.get(server.manifestPath(collection), filter.params());
        JsonNode manifest = assertTaxii(reply, 200);
        List<String> entries = new ArrayList<>();
        for (JsonNode e : list(manifest.get("objects"))) {
            entries.add(e.path("id").asText() + "@" + e.path("version").asText() + "@"
                    + micros(e.path("date_added").asText()));
        }
        assertThat(entries)
                .as(filter.toString())
                .containsExactlyElementsOf(expected.stream()
                        .map(v -> v.id() + "@" + v.modified() + "@" + dateAdded.get(v.request()))
                        .toList());
        assertDateHeaders(reply, expected, filter.addedAfter());
    }

    static Stream<Arguments> objectFilters() {
        List<Filter> filters = new ArrayList<>();
        int n = 0;
        for (Ids id : List.of(Ids.A, Ids.B_C_UNKNOWN)) {
            for (Versions v : Versions.values()) {
                for (AddedAfter a :
                        List.of(AddedAfter.NONE, AddedAfter.AT_FIRST_REQUEST, AddedAfter.JUST_BEFORE_THIRD_REQUEST)) {
                    filters.add(new Filter(id, Types.NONE, v, Specs.values()[n++ % 4], a));
                }
            }
        }
        return filters.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectFilters")
    void objectEndpointAppliesFilters(Filter filter) {
        for (String name : filter.ids().names) {
            if (name.equals("?")) {
                continue;
            }
            Filter one = new Filter(Ids.NONE, Types.NONE, filter.versions(), filter.specs(), filter.addedAfter());
            List<Version> expected =
                    expected(one).stream().filter(v -> v.name().equals(name)).toList();
            Map<String, String> params = new TreeMap<>(one.params());
            TaxiiClient.Reply reply = alice.get(server.objectPath(collection, ids.get(name)), params);
            JsonNode envelope = assertTaxii(reply, 200);
            assertThat(list(envelope.get("objects")))
                    .as(name + " " + filter)
                    .containsExactlyElementsOf(
                            expected.stream().map(Version::json).toList());
            assertDateHeaders(reply, expected, filter.addedAfter());
        }
    }

    static Stream<Arguments> versionsFilters() {
        List<Arguments> out = new ArrayList<>();
        for (String name : List.of("A", "B", "C", "M", "T")) {
            for (AddedAfter a : AddedAfter.values()) {
                for (Specs s : Specs.values()) {
                    out.add(Arguments.of(name, a, s));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} added_after={1} spec={2}")
    @MethodSource("versionsFilters")
    void versionsEndpointAppliesAddedAfterAndSpecVersion(String name, AddedAfter addedAfter, Specs specs) {
        Filter filter = new Filter(Ids.NONE, Types.NONE, Versions.ALL, specs, addedAfter);
        List<Version> expected =
                expected(filter).stream().filter(v -> v.name().equals(name)).toList();
        Map<String, String> params = new TreeMap<>(filter.params());
        params.remove("match[version]");
        TaxiiClient.Reply reply = alice.get(server.objectPath(collection, ids.get(name)) + "versions/", params);
        JsonNode body = assertTaxii(reply, 200);
        assertThat(body.path("more").asBoolean()).isFalse();
        List<String> got = body.has("versions") ? texts(body.get("versions")) : List.of();
        assertThat(got)
                .containsExactlyElementsOf(
                        expected.stream().map(Version::modified).toList());
        assertDateHeaders(reply, expected, addedAfter);
    }

    @Test
    void unknownParametersAreIgnored() {
        JsonNode plain = alice.get(server.objectsPath(collection)).json();
        Map<String, String> odd = Map.of("match[foo]", "bar", "foo", "1", "match[created_by_ref]", "identity--x");
        assertThat(assertTaxii(alice.get(server.objectsPath(collection), odd), 200))
                .isEqualTo(plain);
        // match[version] is not a filter of the versions endpoint
        String versionsPath = server.objectPath(collection, ids.get("A")) + "versions/";
        assertThat(alice.get(versionsPath, Map.of("match[version]", "first")).json())
                .isEqualTo(alice.get(versionsPath).json());
    }

    @Test
    void repeatedParameterIsRefused() {
        String path = server.objectsPath(collection);
        for (String query : List.of(
                "?match%5Btype%5D=indicator&match%5Btype%5D=malware",
                "?added_after=2021-01-01T00:00:00Z&added_after=2022-01-01T00:00:00Z",
                "?limit=1&limit=2",
                "?match%5Bversion%5D=all&match%5Bversion%5D=all")) {
            assertTaxiiError(alice.get(path + query), 400);
            assertTaxiiError(alice.get(server.manifestPath(collection) + query), 400);
        }
    }

    /**
     * The date-added headers: the first and last date_added of what was returned or, for an
     * empty answer, where the client stands: its added_after, else the collection's newest.
     */
    private static void assertDateHeaders(TaxiiClient.Reply reply, List<Version> expected, AddedAfter addedAfter) {
        Instant first = dateAddedFirst(reply);
        Instant last = dateAddedLast(reply);
        if (expected.isEmpty()) {
            Instant bound = addedAfter.instant() == null
                    ? dateAdded.get(4)
                    : addedAfter.instant().truncatedTo(ChronoUnit.MICROS);
            assertThat(first).isEqualTo(bound);
            assertThat(last).isEqualTo(bound);
        } else {
            assertThat(first).isEqualTo(dateAdded.get(expected.get(0).request()));
            assertThat(last)
                    .isEqualTo(dateAdded.get(expected.get(expected.size() - 1).request()));
        }
    }
}
