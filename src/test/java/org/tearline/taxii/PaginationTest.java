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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.domain.Position;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * limit, more and next on every listing endpoint. The server serves 3 items per page unless
 * asked, at most 5, and at most 64 KiB of objects per page.
 */
class PaginationTest {

    static final int DEFAULT_PAGE = 3;
    static final int MAX_PAGE = 5;
    static final String V1 = "2021-01-01T00:00:00.000Z";
    static final String V2 = "2021-02-01T00:00:00.000Z";
    static final String V3 = "2021-03-01T00:00:00.000Z";

    @TempDir
    static Path dir;

    static TestServer server;
    static TaxiiClient alice;
    static String paged;
    static String other;
    /** The versions posted to {@link #paged}, in the order posted: "id@modified". */
    static final List<String> posted = new ArrayList<>();

    static final Map<String, String> types = new HashMap<>();
    /** date_added of every version in {@link #paged}, by "id@modified". */
    static final Map<String, Instant> dateAdded = new HashMap<>();

    static String a;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                dir,
                TestServer.withTaxiiLimits(
                        TestServer.config(null), 10L * 1024 * 1024, DEFAULT_PAGE, MAX_PAGE, 64 * 1024));
        server.user("alice", Account.Role.PRODUCER);
        alice = server.as("alice");
        paged = collection();
        other = collection();
        a = Stix.id("indicator");
        post(paged, o("indicator"), o("indicator"), o("indicator"), v(a, V1));
        post(paged, o("indicator"), v(a, V2), o("malware"));
        post(paged, o("indicator"), v(a, V3));
        post(paged, o("tool"), o("indicator"));
        post(other, o("indicator"), o("indicator"), o("indicator"));
        for (JsonNode page :
                pages(walk(server.manifestPath(paged), Map.of("match[version]", "all", "limit", "5"), true))) {
            for (JsonNode e : list(page.get("objects"))) {
                dateAdded.put(
                        e.path("id").asText() + "@" + e.path("version").asText(),
                        micros(e.path("date_added").asText()));
            }
        }
        assertThat(dateAdded.keySet()).containsExactlyInAnyOrderElementsOf(posted);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String collection() {
        String c = server.collection("paged");
        server.grant("alice", c, true, true);
        return c;
    }

    static ObjectNode o(String type) {
        return Stix.object(type, Stix.id(type), V1);
    }

    static ObjectNode v(String id, String modified) {
        return Stix.indicator(id, modified);
    }

    static void post(String collection, ObjectNode... objects) {
        if (collection.equals(paged)) {
            for (ObjectNode o : objects) {
                posted.add(o.get("id").asText() + "@" + o.get("modified").asText());
                types.put(o.get("id").asText(), o.get("type").asText());
            }
        }
        assertTaxii(alice.post(server.objectsPath(collection), Stix.envelope(objects)), 202);
    }

    /** The posted versions that are the latest of their object, in date_added order. */
    static List<String> latest() {
        Map<String, String> newest = new HashMap<>();
        for (String key : posted) {
            String[] p = key.split("@");
            newest.merge(p[0], p[1], (x, y) -> x.compareTo(y) >= 0 ? x : y);
        }
        return posted.stream()
                .filter(k -> newest.get(k.split("@")[0]).equals(k.split("@")[1]))
                .toList();
    }

    /**
     * Follows next from the first page to the last, checking on the way that every page but
     * the last says more and carries next, and that the last carries neither.
     *
     * @param resend whether to send the first request's parameters again with next
     */
    static List<TaxiiClient.Reply> walk(String path, Map<String, String> params, boolean resend) {
        List<TaxiiClient.Reply> replies = new ArrayList<>();
        Map<String, String> query = params;
        for (int i = 0; i < 100; i++) {
            TaxiiClient.Reply reply = alice.get(path, query);
            JsonNode page = assertTaxii(reply, 200);
            replies.add(reply);
            if (!page.path("more").asBoolean()) {
                assertThat(page.has("next")).isFalse();
                return replies;
            }
            assertThat(page.path("next").asText()).isNotEmpty();
            query = new TreeMap<>(resend ? params : Map.of());
            if (params.containsKey("limit")) {
                query.put("limit", params.get("limit"));
            }
            query.put("next", page.path("next").asText());
        }
        throw new AssertionError("more than 100 pages");
    }

    static List<JsonNode> pages(List<TaxiiClient.Reply> replies) {
        return replies.stream().map(TaxiiClient.Reply::json).toList();
    }

    /** "id@version" of every item of every page, from the objects or manifest endpoint. */
    static List<String> items(List<TaxiiClient.Reply> replies) {
        List<String> out = new ArrayList<>();
        for (TaxiiClient.Reply reply : replies) {
            List<String> page = new ArrayList<>();
            for (JsonNode o : list(reply.json().get("objects"))) {
                page.add(o.path("id").asText() + "@"
                        + (o.has("version")
                                ? o.path("version").asText()
                                : o.path("modified").asText()));
            }
            assertBracketed(reply, page.stream().map(dateAdded::get).toList());
            out.addAll(page);
        }
        return out;
    }

    /** The date-added headers name the first and last date_added of the page. */
    static void assertBracketed(TaxiiClient.Reply reply, List<Instant> added) {
        assertThat(added).isNotEmpty().doesNotContainNull().isSorted();
        assertThat(dateAddedFirst(reply)).isEqualTo(added.get(0));
        assertThat(dateAddedLast(reply)).isEqualTo(added.get(added.size() - 1));
    }

    static List<Integer> sizes(List<TaxiiClient.Reply> replies, String member) {
        return replies.stream().map(r -> r.json().path(member).size()).toList();
    }

    @Test
    void pagesThroughObjectsWithLimitAndNext() {
        List<TaxiiClient.Reply> replies = walk(server.objectsPath(paged), Map.of("limit", "2"), false);
        assertThat(sizes(replies, "objects")).containsExactly(2, 2, 2, 2, 1);
        assertThat(items(replies)).containsExactlyElementsOf(latest());
        for (int i = 1; i < replies.size(); i++) {
            assertThat(dateAddedLast(replies.get(i - 1))).isBeforeOrEqualTo(dateAddedFirst(replies.get(i)));
        }
    }

    @Test
    void pagesThroughTheManifestOfEveryVersion() {
        List<TaxiiClient.Reply> replies =
                walk(server.manifestPath(paged), Map.of("match[version]", "all", "limit", "5"), false);
        assertThat(sizes(replies, "objects")).containsExactly(5, 5, 1);
        assertThat(items(replies)).containsExactlyElementsOf(posted);
    }

    @Test
    void lastFullPageSaysNoMore() {
        List<TaxiiClient.Reply> replies = walk(server.objectsPath(paged), Map.of("limit", "3"), true);
        assertThat(sizes(replies, "objects")).containsExactly(3, 3, 3);
    }

    @Test
    void nextWorksWhetherFiltersAreResentOrNot() {
        Instant firstRequest = dateAdded.get(posted.get(0));
        Map<String, String> filters = Map.of(
                "match[type]",
                "indicator,tool",
                "match[version]",
                "all",
                "added_after",
                firstRequest.toString(),
                "limit",
                "2");
        List<String> expected = posted.stream()
                .filter(k -> !types.get(k.split("@")[0]).equals("malware"))
                .filter(k -> dateAdded.get(k).isAfter(firstRequest))
                .toList();
        assertThat(expected).hasSize(6);
        for (String path : List.of(server.objectsPath(paged), server.manifestPath(paged))) {
            assertThat(items(walk(path, filters, true))).containsExactlyElementsOf(expected);
            assertThat(items(walk(path, filters, false))).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void changingAFilterAlongWithNextIsRefused() {
        String path = server.objectsPath(paged);
        String next = alice.get(path, Map.of("match[type]", "indicator", "limit", "2"))
                .json()
                .path("next")
                .asText();
        assertThat(next).isNotEmpty();
        List<Map<String, String>> changed = List.of(
                Map.of("match[type]", "malware"),
                Map.of("match[type]", "indicator", "match[id]", a),
                Map.of("match[type]", "indicator", "match[version]", "all"),
                Map.of("match[type]", "indicator", "match[spec_version]", "2.1"),
                Map.of("match[type]", "indicator", "added_after", "2020-01-01T00:00:00Z"),
                Map.of("match[id]", a));
        for (Map<String, String> filters : changed) {
            Map<String, String> query = new TreeMap<>(filters);
            query.put("next", next);
            assertTaxiiError(alice.get(path, query), 400);
        }
        // The page size may change from page to page.
        assertTaxii(alice.get(path, Map.of("match[type]", "indicator", "limit", "3", "next", next)), 200);
    }

    @Test
    void nextFromAnotherListingIsRefused() {
        Function<String, String> nextOf = p -> {
            String n = alice.get(p).json().path("next").asText();
            assertThat(n).as("next of %s", p).isNotEmpty();
            return n;
        };
        String objects = nextOf.apply(server.objectsPath(paged) + "?limit=1");
        String manifest = nextOf.apply(server.manifestPath(paged) + "?limit=1");
        String versionsOfA = nextOf.apply(server.objectPath(paged, a) + "versions/?limit=1");
        String objectA = nextOf.apply(server.objectPath(paged, a) + "?match%5Bversion%5D=all&limit=1");
        String firstId = posted.get(0).split("@")[0];

        Map<String, String> misuse = new LinkedHashMap<>();
        misuse.put(server.objectsPath(other), objects);
        misuse.put(server.manifestPath(paged), objects);
        misuse.put(server.objectsPath(paged), manifest);
        misuse.put(server.objectPath(paged, firstId) + "versions/", versionsOfA);
        misuse.put(server.objectPath(paged, a), versionsOfA);
        misuse.put(server.objectPath(paged, firstId), objectA);
        misuse.put(server.objectPath(paged, a) + "versions/", objectA);
        misuse.put(server.manifestPath(other), manifest);
        misuse.forEach((path, token) -> assertTaxiiError(alice.get(path, Map.of("next", token)), 400));
    }

    @Test
    void refusesForgedNextToken() {
        String path = server.objectsPath(paged);
        String real = alice.get(path + "?limit=1").json().path("next").asText();
        byte[] raw = Base64.getUrlDecoder().decode(real);
        raw[raw.length / 2] ^= 1;
        String flipped = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] random = new byte[real.length()];
        new SecureRandom().nextBytes(random);
        String otherKey = new CursorCodec(new byte[32])
                .encode(new CursorCodec.Cursor(
                        "objects:" + paged, Optional.of(""), "0".repeat(64), new Position(0, 0)));

        List<String> forged = List.of(
                flipped,
                real.substring(0, real.length() / 2),
                real.substring(0, real.length() - 1),
                real + "A",
                real.toUpperCase(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                otherKey,
                "",
                "!!!!",
                "%%%",
                "null",
                "0",
                "x".repeat(9_000),
                "<script>");
        String description = null;
        for (String token : forged) {
            JsonNode error = assertTaxiiError(alice.get(path, Map.of("next", token)), 400);
            if (description == null) {
                description = error.path("description").asText();
            }
            assertThat(error.path("description").asText()).as("for %s", token).isEqualTo(description);
        }
        assertThat(description).doesNotContain(paged);
    }

    @Test
    void nextTokenRevealsNothingOfTheQueryOrCollection() {
        String next = alice.get(server.objectsPath(paged), Map.of("match[type]", "indicator", "limit", "1"))
                .json()
                .path("next")
                .asText();
        assertThat(next).matches("[A-Za-z0-9_-]+");
        String decoded = new String(Base64.getUrlDecoder().decode(next), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain(paged, "objects", "indicator", "match");
    }

    @Test
    void defaultAndLargestPageSizesApply() {
        String path = server.objectsPath(paged);
        assertThat(alice.get(path).json().path("objects").size()).isEqualTo(DEFAULT_PAGE);
        for (String limit : List.of("5", "6", "1000", "1000000000000")) {
            JsonNode page = assertTaxii(alice.get(path, Map.of("limit", limit)), 200);
            assertThat(page.path("objects").size()).as("limit %s", limit).isEqualTo(MAX_PAGE);
            assertThat(page.path("more").asBoolean()).isTrue();
        }
    }

    @Test
    void refusesLimitThatIsNotAPositiveInteger() {
        for (String limit : List.of("0", "-1", "abc", "", "1.5", "1e3", "0x10", "99999999999999999999999")) {
            for (String path : List.of(
                    server.objectsPath(paged), server.manifestPath(paged), server.objectPath(paged, a) + "versions/")) {
                assertTaxiiError(alice.get(path, Map.of("limit", limit)), 400);
            }
        }
    }

    @Test
    void pageOfLargeObjectsIsCutByBytesAndStillPagesCompletely() {
        String big = collection();
        List<String> ids = new ArrayList<>();
        ObjectNode[] objects = new ObjectNode[4];
        for (int i = 0; i < objects.length; i++) {
            objects[i] = o("indicator");
            objects[i].put("description", "x".repeat(30_000));
            ids.add(objects[i].get("id").asText());
        }
        post(big, objects);
        List<TaxiiClient.Reply> replies = walk(server.objectsPath(big), Map.of("limit", "5"), false);
        assertThat(replies.size()).isGreaterThan(1);
        List<String> seen = new ArrayList<>();
        pages(replies)
                .forEach(p -> list(p.get("objects"))
                        .forEach(o -> seen.add(o.path("id").asText())));
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void longQueryIsHonouredWhenResentWithNext() {
        List<String> wanted =
                new ArrayList<>(latest().stream().map(k -> k.split("@")[0]).toList());
        for (int i = 0; i < 50; i++) {
            wanted.add(Stix.id("indicator"));
        }
        Map<String, String> filters = Map.of("match[id]", String.join(",", wanted), "limit", "2");
        assertThat(filters.get("match[id]").length()).isGreaterThan(2_048);
        List<String> got = items(walk(server.objectsPath(paged), filters, true));
        assertThat(got).containsExactlyElementsOf(latest());

        String next = alice.get(server.objectsPath(paged), filters)
                .json()
                .path("next")
                .asText();
        assertTaxiiError(alice.get(server.objectsPath(paged), Map.of("next", next)), 400);
    }

    @Test
    void objectAddedWhilePagingIsServedOnALaterPage() {
        String c = collection();
        List<String> ids = new ArrayList<>();
        ObjectNode[] first = {o("indicator"), o("malware"), o("tool"), o("indicator")};
        for (ObjectNode n : first) {
            ids.add(n.get("id").asText());
        }
        post(c, first);
        JsonNode page = alice.get(server.objectsPath(c), Map.of("limit", "2")).json();
        List<String> seen = new ArrayList<>();
        list(page.get("objects")).forEach(n -> seen.add(n.path("id").asText()));
        ObjectNode late = o("indicator");
        post(c, late);
        ids.add(late.get("id").asText());
        String next = page.path("next").asText();
        while (!next.isEmpty()) {
            page = assertTaxii(alice.get(server.objectsPath(c), Map.of("limit", "2", "next", next)), 200);
            list(page.get("objects")).forEach(n -> seen.add(n.path("id").asText()));
            next = page.path("next").asText();
        }
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void versionsEndpointPagesOneVersionAtATime() {
        List<TaxiiClient.Reply> replies = walk(server.objectPath(paged, a) + "versions/", Map.of("limit", "1"), false);
        assertThat(replies).hasSize(3);
        List<String> versions = new ArrayList<>();
        for (TaxiiClient.Reply reply : replies) {
            List<String> page = texts(reply.json().get("versions"));
            assertBracketed(
                    reply, page.stream().map(v -> dateAdded.get(a + "@" + v)).toList());
            versions.addAll(page);
        }
        assertThat(versions).containsExactly(V1, V2, V3);
    }

    @Test
    void objectEndpointPagesThroughVersions() {
        List<TaxiiClient.Reply> replies =
                walk(server.objectPath(paged, a), Map.of("match[version]", "all", "limit", "2"), false);
        assertThat(sizes(replies, "objects")).containsExactly(2, 1);
        assertThat(items(replies)).containsExactly(a + "@" + V1, a + "@" + V2, a + "@" + V3);
    }

    @Test
    void pastTheEndThePageIsEmptyAndTheHeadersSayWhereTheClientStands() {
        Instant newest = dateAdded.values().stream().max(Instant::compareTo).orElseThrow();
        for (String path : List.of(server.objectsPath(paged), server.manifestPath(paged))) {
            TaxiiClient.Reply reply = alice.get(path, Map.of("added_after", newest.toString()));
            assertTaxii(reply, 200);
            assertThat(reply.body()).isEqualTo("{\"more\":false}");
            assertThat(dateAddedFirst(reply)).isEqualTo(newest);
            assertThat(dateAddedLast(reply)).isEqualTo(newest);
        }
    }
}
