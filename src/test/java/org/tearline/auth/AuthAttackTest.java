package org.tearline.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.domain.ApiToken;
import org.tearline.stix.StixJson;
import org.tearline.store.AuditQuery;
import org.tearline.testing.MutableClock;
import org.tearline.testing.Postgres;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Attacks on credentials over real HTTP: guessing passwords (HTTP Basic and the console's
 * sign-in), flooding the record of refused logins with invented user names, and using
 * credentials after they were taken back (revoked or expired tokens, disabled users, changed
 * passwords). The server's clock is a {@link MutableClock}, so lockouts last until the test
 * moves it, and nothing here depends on how fast the machine is.
 */
class AuthAttackTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    private TestServer start(TearlineConfig config) {
        TestServer s = TestServer.start(dir, config, clock);
        servers.add(s);
        return s;
    }

    private TestServer start() {
        return start(TestServer.config(null));
    }

    private static final String WRONG = "not the right password";

    /**
     * An attacker sends 60 wrong passwords for a user over HTTP Basic, then the right one:
     * after five failures attempts are refused with 429 and Retry-After without the password
     * being checked, so the right guess gives nothing until the delay has passed.
     */
    @Test
    void guessingPasswordsOverBasicIsRefusedUncheckedAfterFiveFailures() {
        TestServer server = start();
        server.user("alice", Account.Role.PARTNER);
        TaxiiClient guesser = server.anonymous();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            statuses.add(guesser.withAuthorization(TaxiiClient.basic("alice", WRONG + i))
                    .get("/taxii2/")
                    .status());
        }
        TaxiiClient.Reply right = server.as("alice").get("/taxii2/");

        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 60)).containsOnly(429);
        assertThat(right.status()).isEqualTo(429);
        assertThat(right.header("Retry-After")).hasValue("1");
        assertThat(right.body()).contains("too many failed sign-ins").doesNotContain("alice");

        // Each further failure after a lock doubles the delay.
        clock.advance(Duration.ofSeconds(2));
        assertThat(guesser.withAuthorization(TaxiiClient.basic("alice", WRONG))
                        .get("/taxii2/")
                        .status())
                .isEqualTo(401);
        assertThat(server.as("alice").get("/taxii2/").header("Retry-After")).hasValue("2");
        clock.advance(Duration.ofSeconds(3));
        assertThat(server.as("alice").get("/taxii2/").status()).isEqualTo(200);
        // The success cleared the user's count: one more failure does not lock again.
        assertThat(guesser.withAuthorization(TaxiiClient.basic("alice", WRONG))
                        .get("/taxii2/")
                        .status())
                .isEqualTo(401);
        assertThat(server.as("alice").get("/taxii2/").status()).isEqualTo(200);
    }

    /**
     * An attacker guesses a producer's password at the console's sign-in form instead: it is
     * throttled like Basic, and the lock it earns holds for Basic too.
     */
    @Test
    void guessingPasswordsAtTheConsoleIsThrottledLikeBasic() throws Exception {
        TestServer server = start();
        server.user("ann", Account.Role.PRODUCER);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(server, "ann", WRONG + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> right = signIn(server, "ann", TestServer.PASSWORD);

        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(right.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("tl_session="));
        assertThat(server.as("ann").get("/taxii2/").status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(2));
        assertThat(signIn(server, "ann", TestServer.PASSWORD).statusCode()).isEqualTo(303);
    }

    /**
     * An attacker without credentials tries a different invented user name on every request,
     * and rotates X-Forwarded-For, to dodge per-user counting and to flood the disclosure
     * record with one entry per name. The address is locked after 30 failures whatever the
     * names, the header is ignored (no TLS proxy is configured), and the whole flood is a
     * handful of entries whose counts add up to every refusal.
     */
    @Test
    void inventedUserNamesFromOneAddressAreThrottledAndRecordedAsAFewCountedEntries() {
        TestServer server = start();
        server.user("alice", Account.Role.PARTNER);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            statuses.add(server.anonymous()
                    .send(server.anonymous()
                            .request("/taxii2/")
                            .header("X-Forwarded-For", "203.0.113." + (i % 250))
                            .header("Authorization", TaxiiClient.basic("nobody" + i, WRONG))
                            .GET())
                    .status());
        }
        assertThat(statuses.subList(0, 30)).containsOnly(401);
        assertThat(statuses.subList(30, 200)).containsOnly(429);
        // The address is locked for everyone at it, right password or not.
        assertThat(server.as("alice").get("/taxii2/").status()).isEqualTo(429);

        // Once the lock has passed, the next failure writes the held-back count.
        clock.advance(Duration.ofSeconds(2));
        assertThat(server.anonymous()
                        .withAuthorization(TaxiiClient.basic("nobody-last", WRONG))
                        .get("/taxii2/")
                        .status())
                .isEqualTo(401);

        List<JsonNode> entries = refusedLoginEntries(server);
        assertThat(entries).hasSizeLessThanOrEqualTo(3);
        assertThat(entries.stream().mapToLong(e -> e.path("refused").asLong()).sum())
                .isEqualTo(202);
        assertThat(entries)
                .allSatisfy(e -> assertThat(e.path("address").asText()).isEqualTo("127.0.0.1"));
        // No row per invented name beyond what the address's throttle allowed to fail.
        long rows = server.app()
                .store()
                .read(tx -> java.util.stream.IntStream.range(0, 200)
                        .filter(i -> tx.signIns()
                                .findLoginFailures("user:nobody" + i)
                                .isPresent())
                        .count());
        assertThat(rows).isEqualTo(30);
    }

    /**
     * An attacker guesses until locked, then waits for the server to restart (or sends the
     * next guess to another node sharing the database) hoping the count is forgotten: the
     * count is in the store, on PostgreSQL as on SQLite.
     */
    @Test
    void theLockHoldsOnAnotherNodeAndAfterARestart() {
        try (Postgres.Schema schema = Postgres.freshSchema()) {
            TearlineConfig config =
                    TestServer.sharingKey(TestServer.config(schema.url()), dir.resolve("shared-key.pem"));
            TestServer a = start(config);
            a.user("alice", Account.Role.PARTNER);
            for (int i = 0; i < 5; i++) {
                assertThat(a.anonymous()
                                .withAuthorization(TaxiiClient.basic("alice", WRONG))
                                .get("/taxii2/")
                                .status())
                        .isEqualTo(401);
            }
            try (TestServer b = TestServer.start(dir.resolve("node-b"), config, clock)) {
                assertThat(b.as("alice").get("/taxii2/").status()).isEqualTo(429);
            }
            a.close();
            servers.remove(a);
        }
        TearlineConfig embedded = TestServer.config(null);
        TestServer sqlite = TestServer.start(dir.resolve("sqlite"), embedded, clock);
        sqlite.user("bob", Account.Role.PARTNER);
        for (int i = 0; i < 5; i++) {
            sqlite.anonymous()
                    .withAuthorization(TaxiiClient.basic("bob", WRONG))
                    .get("/taxii2/");
        }
        sqlite.close();
        TestServer restarted = TestServer.start(dir.resolve("sqlite"), embedded, clock);
        servers.add(restarted);
        assertThat(restarted.as("bob").get("/taxii2/").status()).isEqualTo(429);
    }

    /**
     * Somebody sends made-up bearer tokens from one address: tokens cannot be guessed, but the
     * address is throttled like password guesses, and a valid token from it is refused while
     * it is locked. A lock earned by guessing a user's password does not stop that user's
     * token, so nobody can cut off a partner's feed by guessing its password.
     */
    @Test
    void madeUpTokensLockTheAddressButPasswordGuessesDoNotStopTheUsersToken() {
        TestServer server = start();
        server.user("alice", Account.Role.PARTNER);
        String token = server.token("alice");
        for (int i = 0; i < 5; i++) {
            server.anonymous()
                    .withAuthorization(TaxiiClient.basic("alice", WRONG))
                    .get("/taxii2/");
        }
        assertThat(server.as("alice").get("/taxii2/").status()).isEqualTo(429);
        assertThat(server.withToken(token).get("/taxii2/").status()).isEqualTo(200);

        String forged = token.substring(0, 19) + "A".repeat(token.length() - 19);
        for (int i = 5; i < 30; i++) {
            assertThat(server.withToken(forged).get("/taxii2/").status()).isEqualTo(401);
        }
        TaxiiClient.Reply locked = server.withToken(token).get("/taxii2/");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).isPresent();
    }

    /**
     * A departing partner keeps using its token after the operator revoked it, or after the
     * date it was issued to expire: both are refused like a wrong token, and both appear in
     * the token list.
     */
    @Test
    void revokedAndExpiredTokensAreRefused() {
        TestServer server = start();
        server.user("alice", Account.Role.PARTNER);
        String kept = server.token("alice");
        String revoked = server.token("alice");
        String expiring = server.app()
                .accounts()
                .createToken("alice", "for a week", clock.instant().plus(Duration.ofDays(7)));
        for (String t : List.of(kept, revoked, expiring)) {
            assertThat(server.withToken(t).get("/taxii2/").status()).isEqualTo(200);
        }

        server.app().accounts().revokeToken(revoked.substring(3, 19));
        clock.advance(Duration.ofDays(8));

        assertThat(server.withToken(kept).get("/taxii2/").status()).isEqualTo(200);
        assertThat(server.withToken(revoked).get("/taxii2/").status()).isEqualTo(401);
        assertThat(server.withToken(expiring).get("/taxii2/").status()).isEqualTo(401);
        List<ApiToken> listed = server.app().accounts().tokens("alice");
        assertThat(listed)
                .extracting(ApiToken::id)
                .containsExactlyInAnyOrder(kept.substring(3, 19), revoked.substring(3, 19), expiring.substring(3, 19));
        assertThat(listed)
                .filteredOn(t -> t.id().equals(expiring.substring(3, 19)))
                .singleElement()
                .satisfies(t -> assertThat(t.expires()).isEqualTo(Instant.parse("2026-12-14T09:00:00Z")));
        assertThat(kinds(server)).contains("token-revoked");
    }

    /**
     * A compromised producer account is disabled while it has a remembered Basic password, a
     * token and a console session: all three are refused from the next request on, and
     * enabling it again restores the password and the token.
     */
    @Test
    void disablingAUserRefusesEveryCredentialAtOnce() throws Exception {
        TestServer server = start();
        server.user("ann", Account.Role.PRODUCER);
        String token = server.token("ann");
        assertThat(server.as("ann").get("/taxii2/").status()).isEqualTo(200);
        String session = sessionCookie(signIn(server, "ann", TestServer.PASSWORD));
        assertThat(console(server, session).statusCode()).isEqualTo(200);

        assertThat(server.app().accounts().setDisabled("ann", true)).isTrue();

        assertThat(server.as("ann").get("/taxii2/").status()).isEqualTo(401);
        assertThat(server.withToken(token).get("/taxii2/").status()).isEqualTo(401);
        assertThat(console(server, session).statusCode()).isEqualTo(303);
        assertThat(signIn(server, "ann", TestServer.PASSWORD).statusCode()).isEqualTo(401);
        assertThat(kinds(server)).contains("user-disabled");

        clock.advance(Duration.ofHours(1));
        assertThat(server.app().accounts().setDisabled("ann", false)).isTrue();
        assertThat(server.as("ann").get("/taxii2/").status()).isEqualTo(200);
        assertThat(server.withToken(token).get("/taxii2/").status()).isEqualTo(200);
        assertThat(console(server, session).statusCode()).isEqualTo(303);
    }

    /**
     * Someone who learned a producer's password keeps its console session and its Basic
     * password (remembered by the server's cache) after the password was changed: the session
     * is ended and the old password refused at once; the new one works.
     */
    @Test
    void changingAPasswordEndsConsoleSessionsAndTheOldPassword() throws Exception {
        TestServer server = start();
        server.user("ann", Account.Role.PRODUCER);
        assertThat(server.as("ann").get("/taxii2/").status()).isEqualTo(200);
        String session = sessionCookie(signIn(server, "ann", TestServer.PASSWORD));

        String fresh = "a different long password";
        assertThat(server.app().accounts().setPassword("ann", fresh.toCharArray()))
                .isEqualTo(1);

        assertThat(console(server, session).statusCode()).isEqualTo(303);
        assertThat(server.as("ann").get("/taxii2/").status()).isEqualTo(401);
        assertThat(server.anonymous()
                        .withAuthorization(TaxiiClient.basic("ann", fresh))
                        .get("/taxii2/")
                        .status())
                .isEqualTo(200);
        assertThat(refusedLoginEntries(server)).isNotEmpty();
        assertThat(kinds(server)).contains("password-changed");
    }

    /**
     * An attacker times refusals to learn which user names exist: an unknown name is checked
     * against a decoy hash of the configured Argon2 cost, the same work as a real user's
     * password (the cost, not time, is asserted: tests never time).
     */
    @Test
    void unknownUsersAreCheckedAgainstADecoyOfTheConfiguredCost() {
        TestServer server = start(TestServer.config(null).withAuth(new TearlineConfig.Auth(600, 9_216, 3)));
        server.user("alice", Account.Role.PARTNER);
        String real = server.app()
                .store()
                .read(tx -> tx.accounts().findAccount("alice"))
                .orElseThrow()
                .passwordHash();
        Authenticator authenticator = new Authenticator(
                server.app().store(),
                new PasswordHasher(9_216, 3, 1),
                clock,
                Duration.ZERO,
                new LoginThrottle(
                        server.app().store(),
                        clock,
                        new LoginThrottle.Settings(5, 30, Duration.ofSeconds(1), Duration.ofSeconds(900)),
                        (tx, r, f) -> {}));
        assertThat(cost(authenticator.decoyHash())).isEqualTo(cost(real)).isEqualTo("$argon2id$v=19$m=9216,t=3,p=1$");
    }

    private static String cost(String phc) {
        return phc.substring(0, phc.indexOf('$', phc.indexOf("m=")) + 1);
    }

    // --- helpers -----------------------------------------------------------------------------

    private static List<JsonNode> refusedLoginEntries(TestServer server) {
        List<JsonNode> out = new ArrayList<>();
        server.app()
                .audit()
                .entries(
                        new AuditQuery(
                                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("login-refused")),
                        e -> {
                            try {
                                out.add(StixJson.mapper().readTree(e.detail()));
                            } catch (java.io.IOException ex) {
                                throw new AssertionError(ex);
                            }
                        });
        return out;
    }

    private static List<String> kinds(TestServer server) {
        List<String> out = new ArrayList<>();
        server.app().audit().entries(AuditQuery.ALL, e -> out.add(e.kind()));
        return out;
    }

    private HttpResponse<String> signIn(TestServer s, String user, String password) throws Exception {
        HttpResponse<String> page =
                send(HttpRequest.newBuilder(uri(s, "/console/login")).GET());
        String loginCookie = value(page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("tl_login="))
                .findFirst()
                .orElseThrow());
        Matcher m = Pattern.compile("name=\"login\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("login", m.group(1));
        fields.put("user", user);
        fields.put("password", password);
        return send(HttpRequest.newBuilder(uri(s, "/console/login"))
                .header("Cookie", "tl_login=" + loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    private static String sessionCookie(HttpResponse<String> signedIn) {
        assertThat(signedIn.statusCode()).isEqualTo(303);
        return value(signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("tl_session="))
                .findFirst()
                .orElseThrow());
    }

    private HttpResponse<String> console(TestServer s, String session) throws Exception {
        return send(HttpRequest.newBuilder(uri(s, "/console/warnings"))
                .header("Cookie", "tl_session=" + session)
                .GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
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

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }
}
