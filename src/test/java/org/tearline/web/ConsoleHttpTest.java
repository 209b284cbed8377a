package org.tearline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.cli.Demo;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Provenance;
import org.tearline.stix.StixJson;
import org.tearline.testing.MutableClock;
import org.tearline.testing.Postgres;
import org.tearline.testing.TestServer;

/**
 * The console's security over plain HTTP, where a browser would hide what is sent: cookie
 * attributes, headers, the anti-forgery checks, session lifetime and sign-out, sessions shared
 * between nodes, and clear refusals of bad input.
 */
class ConsoleHttpTest {

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    TestServer server;
    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(TearlineConfig config) {
        server = TestServer.start(dir, config, clock);
        Demo.seed(server.app(), new PrintStream(OutputStream.nullOutputStream()));
        return server;
    }

    private TestServer start() {
        return start(TestServer.config(null));
    }

    @Test
    void signInSetsAnHttpOnlySameSiteSessionCookie() throws Exception {
        start();
        HttpResponse<String> r = signInResponse(server, Demo.ANALYST, Demo.ANALYST_PASSWORD, "/console/warnings");

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/console/warnings");
        String cookie = setCookie(r, Sessions.COOKIE);
        assertThat(cookie)
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/console")
                .doesNotContain("Secure");
        // The store keeps a hash of the token, never the token itself.
        String token = value(cookie);
        java.util.Optional<org.tearline.domain.WebSession> byToken =
                server.app().store().read(tx -> tx.signIns().findSession(token));
        assertThat(byToken).isEmpty();
        assertThat(get(server, "/console/", token).statusCode()).isEqualTo(200);
    }

    @Test
    void marksCookiesSecureBehindATlsProxy() throws Exception {
        TearlineConfig c = TestServer.config(null);
        TearlineConfig.Server s = c.server();
        start(c.withServer(new TearlineConfig.Server(s.host(), s.port(), null, null, true, s.maxThreads())));
        HttpResponse<String> r = signInResponse(server, Demo.ANALYST, Demo.ANALYST_PASSWORD, null);
        assertThat(setCookie(r, Sessions.COOKIE)).contains("; Secure");
    }

    @Test
    void everyPageCarriesTheSecurityHeadersAndLoadsNothingFromElsewhere() throws Exception {
        start();
        String token = signIn(server, Demo.ANALYST, Demo.ANALYST_PASSWORD);
        for (String path : List.of(
                "/console/login",
                "/console/",
                "/console/warnings",
                "/console/warnings/" + Demo.WARNING,
                "/console/objects/" + Demo.WARNING,
                "/console/audiences",
                "/console/audiences/partner-a",
                "/console/record")) {
            HttpResponse<String> r = get(server, path, path.endsWith("login") ? null : token);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValue(WebHandler.CSP);
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(r.body())
                    .as(path)
                    .doesNotContainPattern("(src|href)=\"(https?:)?//")
                    .doesNotContain("<script");
        }
    }

    @Test
    void redirectsToSignInAndRefusesPostsWithoutASession() throws Exception {
        start();
        HttpResponse<String> page = get(server, "/console/warnings/" + Demo.WARNING, null);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location"))
                .hasValue("/console/login?next=" + "/console/warnings/" + Demo.WARNING);

        HttpResponse<String> post = post(
                server,
                "/console/warnings/" + Demo.WARNING + "/retire",
                null,
                Map.of("reason", "averted", "confirmed", "yes"));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).contains("not signed in");
        assertThat(server.app().warnings().find(Demo.WARNING).state().label()).isEqualTo("draft");
    }

    @Test
    void refusesASignInFormNotLoadedFromTheConsole() throws Exception {
        start();
        // A login form posted from elsewhere has no matching login cookie: login CSRF.
        HttpResponse<String> r = post(
                server,
                "/console/login",
                null,
                Map.of("login", "forged", "user", Demo.ANALYST, "password", Demo.ANALYST_PASSWORD));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("sign-in form has expired or was not loaded");
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(Sessions.COOKIE + "="));
    }

    @Test
    void refusesPostsWithoutTheTokenOrFromAnotherOrigin() throws Exception {
        start();
        String token = signIn(server, Demo.ANALYST, Demo.ANALYST_PASSWORD);
        String csrf = csrf(get(server, "/console/", token).body());
        String retire = "/console/warnings/" + Demo.WARNING + "/retire";

        HttpResponse<String> noToken = post(server, retire, token, Map.of("reason", "averted", "confirmed", "yes"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("anti-forgery token");

        HttpResponse<String> wrongToken =
                post(server, retire, token, Map.of("csrf", "x" + csrf, "reason", "averted", "confirmed", "yes"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);

        HttpResponse<String> crossOrigin = send(
                server,
                HttpRequest.newBuilder(uri(server, retire))
                        .header("Cookie", Sessions.COOKIE + "=" + token)
                        .header("Origin", "https://attacker.example")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                form(Map.of("csrf", csrf, "reason", "averted", "confirmed", "yes")))));
        assertThat(crossOrigin.statusCode()).isEqualTo(403);
        assertThat(crossOrigin.body()).contains("attacker.example");

        assertThat(server.app().warnings().find(Demo.WARNING).state().label()).isEqualTo("draft");
        // With the token, from the console itself, the same post asks for confirmation first.
        HttpResponse<String> ask = post(server, retire, token, Map.of("csrf", csrf, "reason", "averted"));
        assertThat(ask.statusCode()).isEqualTo(200);
        assertThat(ask.body()).contains("Retire").contains("averted");
        assertThat(server.app().warnings().find(Demo.WARNING).state().label()).isEqualTo("draft");
        HttpResponse<String> done =
                post(server, retire, token, Map.of("csrf", csrf, "reason", "averted", "confirmed", "yes"));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(server.app().warnings().find(Demo.WARNING).state().label()).isEqualTo("retired");
    }

    @Test
    void signOutEndsTheSessionOnTheServer() throws Exception {
        start();
        String token = signIn(server, Demo.ANALYST, Demo.ANALYST_PASSWORD);
        String csrf = csrf(get(server, "/console/", token).body());

        HttpResponse<String> out = post(server, "/console/logout", token, Map.of("csrf", csrf));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(setCookie(out, Sessions.COOKIE)).contains("Max-Age=0");
        // A copy of the old cookie no longer works.
        assertThat(get(server, "/console/", token).statusCode()).isEqualTo(303);
    }

    @Test
    void sessionEndsAfterItsLifetime() throws Exception {
        start();
        String token = signIn(server, Demo.ANALYST, Demo.ANALYST_PASSWORD);
        clock.advance(Duration.ofMinutes(server.app().config().console().sessionMinutes() - 1));
        assertThat(get(server, "/console/", token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        assertThat(get(server, "/console/", token).statusCode()).isEqualTo(303);
    }

    @Test
    void refusesOpenRedirectsAfterSignIn() throws Exception {
        start();
        for (String next : List.of(
                "//attacker.example/", "https://attacker.example/", "/console/../taxii2/", "/\\attacker.example")) {
            HttpResponse<String> r = signInResponse(server, Demo.ANALYST, Demo.ANALYST_PASSWORD, next);
            assertThat(r.headers().firstValue("Location")).as(next).hasValue("/console/");
        }
    }

    @Test
    void answersBadInputWithAPageThatNamesTheProblem() throws Exception {
        start();
        String token = signIn(server, Demo.ANALYST, Demo.ANALYST_PASSWORD);
        String csrf = csrf(get(server, "/console/", token).body());
        String extend = "/console/warnings/" + Demo.WARNING + "/extend";

        HttpResponse<String> json = send(
                server,
                HttpRequest.newBuilder(uri(server, extend))
                        .header("Cookie", Sessions.COOKIE + "=" + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(json.body()).contains("application/x-www-form-urlencoded");

        HttpResponse<String> huge =
                post(server, extend, token, Map.of("csrf", csrf, "until", "x".repeat(Form.MAX_BYTES)));
        assertThat(huge.statusCode()).isEqualTo(413);

        HttpResponse<String> badTime = post(server, extend, token, Map.of("csrf", csrf, "until", "next tuesday"));
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("next tuesday").contains("is not a time");

        HttpResponse<String> badEncoding = send(
                server,
                HttpRequest.newBuilder(uri(server, extend))
                        .header("Cookie", Sessions.COOKIE + "=" + token)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&until=%E0%80")));
        assertThat(badEncoding.statusCode()).isEqualTo(400);

        HttpResponse<String> unknown =
                get(server, "/console/warnings/report--00000000-0000-4000" + "-8000-000000000000", token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("does not exist");
        assertThat(get(server, "/console/nothing-here", token).statusCode()).isEqualTo(404);
        assertThat(send(
                                server,
                                HttpRequest.newBuilder(uri(server, "/console/warnings"))
                                        .header("Cookie", Sessions.COOKIE + "=" + token)
                                        .DELETE())
                        .statusCode())
                .isEqualTo(405);

        for (HttpResponse<String> r : List.of(json, huge, badTime, badEncoding, unknown)) {
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
        }
        assertThat(server.app().warnings().find(Demo.WARNING).state().label()).isEqualTo("draft");
    }

    @Test
    void refusesAnUploadedPolicyThatCannotBeRead() throws Exception {
        start();
        String token = signIn(server, Demo.ANALYST, Demo.ANALYST_PASSWORD);
        String csrf = csrf(get(server, "/console/", token).body());
        String preview = "/console/audiences/" + Demo.PARTNER_B + "/preview";

        byte[] latin1 = "audience: partner-b\ntitle: Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> notUtf8 = send(server, multipart(preview, token, csrf, latin1));
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(notUtf8.body()).contains("policy-file").contains("not UTF-8");

        HttpResponse<String> noBoundary = send(
                server,
                HttpRequest.newBuilder(uri(server, preview))
                        .header("Cookie", Sessions.COOKIE + "=" + token)
                        .header("Content-Type", "multipart/form-data")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf)));
        assertThat(noBoundary.statusCode()).isEqualTo(400);
        assertThat(noBoundary.body()).contains("boundary");

        HttpResponse<String> truncated = send(
                server,
                HttpRequest.newBuilder(uri(server, preview))
                        .header("Cookie", Sessions.COOKIE + "=" + token)
                        .header("Content-Type", "multipart/form-data; boundary=b0undary")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "--b0undary\r\nContent-Disposition:" + " form-data; name=\"csrf\"\r\n\r\n" + csrf)));
        assertThat(truncated.statusCode()).isEqualTo(400);

        for (HttpResponse<String> r : List.of(notUtf8, noBoundary, truncated)) {
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
        }
        assertThat(server.app().releases().history(Demo.PARTNER_B)).hasSize(1);
    }

    /** A browser's post of the policy form with a file chosen. */
    private HttpRequest.Builder multipart(String path, String session, String csrf, byte[] file) {
        String boundary = "----tearline" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\""
                        + "\r\n\r\n" + csrf + "\r\n--" + boundary + "\r\nContent-Disposition:"
                        + " form-data; name=\"policy\"\r\n\r\nignored\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"policy-file\";"
                        + " filename=\"policy.yaml\"\r\nContent-Type: application/x-yaml\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        body.writeBytes(head);
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri(server, path))
                .header("Cookie", Sessions.COOKIE + "=" + session)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    @Test
    void escapesHostileTextFromIntelligence() throws Exception {
        start();
        String id = "identity--11111111-2222-4333-8444-555555555555";
        JsonNode hostile = StixJson.mapper().readTree("""
                {"type": "identity", "spec_version": "2.1", "id": "%s",
                 "created": "2026-11-20T09:00:00.000Z", "modified": "2026-11-20T09:00:00.000Z",
                 "name": "<script>alert(1)</script><img src=x onerror=alert(2)>",
                 "identity_class": "individual"}""".formatted(id));
        server.app()
                .objects()
                .importObjects(
                        "9a4f6c1e-5d2b-4e8a-8f3c-2b7d1e0a6c54", List.of(hostile), new Provenance("import", "test"));
        String token = signIn(server, Demo.ANALYST, Demo.ANALYST_PASSWORD);

        HttpResponse<String> r = get(server, "/console/objects/" + id, token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script")
                .doesNotContain("<img");
    }

    @Test
    void appliesOnlyThePolicyThatWasPreviewed() throws Exception {
        start();
        String token = signIn(server, Demo.ANALYST, Demo.ANALYST_PASSWORD);
        String csrf = csrf(get(server, "/console/", token).body());
        String current = server.app().releases().history("partner-b").get(0).policy();
        String changed = current.replace("tlp:amber: release", "tlp:amber: withhold");

        HttpResponse<String> preview =
                post(server, "/console/audiences/partner-b/preview", token, Map.of("csrf", csrf, "policy", changed));
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("taken back");

        HttpResponse<String> unseen = post(
                server,
                "/console/audiences/partner-b/apply",
                token,
                Map.of("csrf", csrf, "policy", changed + "\n# one more line", "previewed", WebHandler.digest(changed)));
        assertThat(unseen.statusCode()).isEqualTo(400);
        assertThat(unseen.body()).contains("was not previewed");
        assertThat(server.app().releases().history("partner-b")).hasSize(1);

        HttpResponse<String> other =
                post(server, "/console/audiences/partner-a/preview", token, Map.of("csrf", csrf, "policy", changed));
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("is for audience");

        HttpResponse<String> invalid = post(
                server,
                "/console/audiences/partner-b/preview",
                token,
                Map.of("csrf", csrf, "policy", "audience: partner-b\nmarkings: [oops"));
        assertThat(invalid.statusCode()).isBetween(400, 422);
        // The text comes back to be fixed, with what is wrong.
        assertThat(invalid.body()).contains("markings: [oops").contains("class=\"error\"");
    }

    @Test
    void anyNodeServesASessionOnASharedDatabase() throws Exception {
        try (Postgres.Schema schema = Postgres.freshSchema()) {
            TearlineConfig config = TestServer.config(schema.url());
            TestServer first = start(config);
            // Nodes on one database share the disclosure record's signing key.
            TearlineConfig sharingKey =
                    TestServer.sharingKey(config, dir.resolve("keys").resolve("audit-signing-key.pem"));
            try (TestServer second = TestServer.start(dir.resolve("second"), sharingKey, clock)) {
                String token = signIn(first, Demo.ANALYST, Demo.ANALYST_PASSWORD);
                HttpResponse<String> there = get(second, "/console/", token);
                assertThat(there.statusCode()).isEqualTo(200);
                assertThat(there.body()).contains(Demo.ANALYST);
                // Signing out on one node ends the session on the other.
                String csrf = csrf(there.body());
                post(second, "/console/logout", token, Map.of("csrf", csrf));
                assertThat(get(first, "/console/", token).statusCode()).isEqualTo(303);
                try (Connection c = schema.connection();
                        Statement s = c.createStatement()) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM web_session")) {
                        rs.next();
                        assertThat(rs.getInt(1)).isZero();
                    }
                }
            } finally {
                first.close();
                server = null;
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    private HttpResponse<String> signInResponse(TestServer s, String user, String password, String next)
            throws Exception {
        HttpResponse<String> page = get(s, "/console/login", null);
        String loginCookie = value(setCookie(page, Sessions.LOGIN_COOKIE));
        Matcher m = Pattern.compile("name=\"login\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("login", m.group(1));
        fields.put("user", user);
        fields.put("password", password);
        if (next != null) {
            fields.put("next", next);
        }
        return send(
                s,
                HttpRequest.newBuilder(uri(s, "/console/login"))
                        .header("Cookie", Sessions.LOGIN_COOKIE + "=" + loginCookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    private String signIn(TestServer s, String user, String password) throws Exception {
        HttpResponse<String> r = signInResponse(s, user, password, null);
        assertThat(r.statusCode()).isEqualTo(303);
        return value(setCookie(r, Sessions.COOKIE));
    }

    private HttpResponse<String> get(TestServer s, String path, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, path)).GET();
        if (session != null) {
            b.header("Cookie", Sessions.COOKIE + "=" + session);
        }
        return send(s, b);
    }

    private HttpResponse<String> post(TestServer s, String path, String session, Map<String, String> fields)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        if (session != null) {
            b.header("Cookie", Sessions.COOKIE + "=" + session);
        }
        return send(s, b);
    }

    private HttpResponse<String> send(TestServer s, HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(TestServer s, String path) {
        return URI.create(s.base().toString().replaceAll("/$", "") + path);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String setCookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no " + name + " cookie in " + r.headers().allValues("Set-Cookie")));
    }

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a csrf field in the page").isTrue();
        return m.group(1);
    }
}
