package org.tearline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tearline.testing.TaxiiAssert.assertTaxii;
import static org.tearline.testing.TaxiiAssert.assertTaxiiError;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Authentication at the TAXII edge: HTTP Basic against Argon2id hashes and Bearer tokens. Every
 * refusal is a 401 TAXII error with WWW-Authenticate, and no refusal says which part of the
 * credentials was wrong.
 */
class TaxiiAuthenticationTest {

    @TempDir
    static Path dir;

    static TestServer server;
    static String collection;
    static String statusPath;
    static String objectId;
    static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        server.user("alice", Account.Role.PRODUCER);
        server.user("bob", Account.Role.PARTNER);
        collection = server.collection("authenticated");
        server.grant("alice", collection, true, true);
        objectId = Stix.id("indicator");
        JsonNode status = assertTaxii(
                server.as("alice")
                        .post(
                                server.objectsPath(collection),
                                Stix.envelope(Stix.indicator(objectId, "2021-01-01T00:00:00.000Z"))),
                202);
        statusPath = "/tearline/status/" + status.path("id").asText() + "/";
        token = server.token("alice");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> paths() {
        return List.of(
                "/taxii2/",
                "/tearline/",
                "/tearline/collections/",
                server.collectionPath(collection),
                server.objectsPath(collection),
                server.objectPath(collection, objectId),
                server.objectPath(collection, objectId) + "versions/",
                server.manifestPath(collection),
                statusPath,
                "/nowhere/collections/");
    }

    /** A 401 TAXII error that asks for Basic or Bearer credentials. */
    static JsonNode assertUnauthorized(TaxiiClient.Reply reply) {
        JsonNode error = assertTaxiiError(reply, 401);
        assertThat(reply.header("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).contains("Basic realm=").contains("Bearer"));
        return error;
    }

    @Test
    void everyEndpointRequiresCredentials() {
        TaxiiClient anonymous = server.anonymous();
        for (String path : paths()) {
            assertUnauthorized(anonymous.get(path));
        }
        assertUnauthorized(anonymous.post(
                server.objectsPath(collection),
                Stix.envelope(Stix.indicator(Stix.id("indicator"), "2022-01-01T00:00:00.000Z"))));
        assertUnauthorized(anonymous.delete(server.objectPath(collection, objectId)));
        assertThat(server.as("alice")
                        .get(server.objectPath(collection, objectId))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void refusalsAreAlikeWhateverWasWrong() {
        Map<String, String> wrong = new LinkedHashMap<>();
        wrong.put("wrong password", TaxiiClient.basic("alice", "wrong horse battery staple"));
        wrong.put("unknown user", TaxiiClient.basic("mallory", TestServer.PASSWORD));
        wrong.put("empty password", TaxiiClient.basic("alice", ""));
        wrong.put("empty user", TaxiiClient.basic("", TestServer.PASSWORD));
        wrong.put("password of another user", TaxiiClient.basic("bob", "not bob's password!"));
        wrong.put("user name with a different case", TaxiiClient.basic("ALICE", TestServer.PASSWORD));
        wrong.put("not base64", "Basic !!!not-base64!!!");
        wrong.put("no colon", "Basic " + b64("alice" + TestServer.PASSWORD));
        wrong.put("no credentials after Basic", "Basic ");
        wrong.put(
                "invalid UTF-8",
                "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', (byte) 0xC3, 0x28, ':', 'p'}));
        wrong.put("control characters", TaxiiClient.basic("al\u0001ice\n", TestServer.PASSWORD));
        wrong.put("a very long user name", TaxiiClient.basic("u".repeat(4_000), "p"));
        wrong.put("a header over 8 KiB", TaxiiClient.basic("alice", "p".repeat(9_000)));
        wrong.put("forged token", "Bearer tl_" + "0".repeat(16) + "A".repeat(43));
        wrong.put(
                "token with a changed secret",
                "Bearer " + token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"));
        wrong.put("token with a changed id", "Bearer tl_" + flipHex(token.substring(3, 19)) + token.substring(19));
        wrong.put("truncated token", "Bearer " + token.substring(0, token.length() - 2));
        wrong.put("token without prefix", "Bearer " + token.substring(3));
        wrong.put(
                "token with uppercase id", "Bearer tl_" + token.substring(3, 19).toUpperCase() + token.substring(19));
        wrong.put("no token after Bearer", "Bearer ");
        wrong.put("token as Basic password", TaxiiClient.basic("alice", token));

        String body = null;
        for (Map.Entry<String, String> e : wrong.entrySet()) {
            TaxiiClient client = server.anonymous().withAuthorization(e.getValue());
            TaxiiClient.Reply reply = client.get(server.objectsPath(collection));
            assertThat(reply.status()).as(e.getKey()).isEqualTo(401);
            assertUnauthorized(reply);
            assertThat(reply.body())
                    .as(e.getKey())
                    .doesNotContainIgnoringCase("password")
                    .doesNotContainIgnoringCase("user")
                    .doesNotContain("alice", "mallory")
                    .doesNotContainIgnoringCase("token");
            if (body == null) {
                body = reply.body();
            }
            assertThat(reply.body()).as(e.getKey()).isEqualTo(body);
        }
    }

    @Test
    void refusesCaseAlteredCredentialsOnAKeptAliveConnection() {
        String basic = TaxiiClient.basic("alice", TestServer.PASSWORD);
        String request = "GET " + server.objectsPath(collection) + " HTTP/1.1\r\nAccept: " + TaxiiClient.TAXII
                + "\r\nAuthorization: ";
        List<TaxiiClient.Reply> replies = server.raw()
                .exchange(List.of(
                        request + "Bearer " + token,
                        request + "Bearer tl_" + token.substring(3, 19).toUpperCase() + token.substring(19),
                        request + "Bearer " + token.toLowerCase(),
                        request + basic,
                        request + "Basic " + swapCase(basic.substring("Basic ".length())),
                        request + "Bearer " + token));
        assertThat(replies).extracting(TaxiiClient.Reply::status).containsExactly(200, 401, 401, 200, 401, 200);
    }

    @Test
    void unsupportedSchemeIsRefused() {
        for (String header : List.of("Digest username=\"alice\"", "Negotiate abc", "alice", "Token " + token)) {
            assertUnauthorized(server.anonymous().withAuthorization(header).get(server.objectsPath(collection)));
        }
    }

    @Test
    void bearerTokenAuthenticatesAsItsUser() {
        TaxiiClient viaToken = server.withToken(token);
        JsonNode list = assertTaxii(viaToken.get("/tearline/collections/"), 200);
        assertThat(list.path("collections").get(0).path("id").asText()).isEqualTo(collection);
        JsonNode status = assertTaxii(
                viaToken.post(
                        server.objectsPath(collection),
                        Stix.envelope(Stix.malware(Stix.id("malware"), "2021-01-01T00:00:00.000Z"))),
                202);
        // The status belongs to alice, whichever way she authenticated.
        assertTaxii(
                server.as("alice").get("/tearline/status/" + status.path("id").asText() + "/"), 200);
        assertTaxiiError(
                server.as("bob").get("/tearline/status/" + status.path("id").asText() + "/"), 404);
    }

    @Test
    void everyTokenOfAUserWorksOnItsOwn() {
        String second = server.token("alice");
        assertThat(second).isNotEqualTo(token).startsWith("tl_");
        assertTaxii(server.withToken(second).get(server.objectsPath(collection)), 200);
        assertTaxii(server.withToken(token).get(server.objectsPath(collection)), 200);
    }

    @Test
    void schemeNamesAreCaseInsensitive() {
        String basic = TaxiiClient.basic("alice", TestServer.PASSWORD).substring("Basic ".length());
        for (String header : List.of("basic " + basic, "BASIC " + basic, "bearer " + token, "BEARER " + token)) {
            assertTaxii(server.anonymous().withAuthorization(header).get(server.objectsPath(collection)), 200);
        }
    }

    @Test
    void passwordMayContainColonsAndAnyCharacter() {
        String password = "pass:word:with:colons \u00e9\u4e2d\ud83d\udd12";
        String name = "colon-" + UUID.randomUUID().toString().substring(0, 8);
        server.app().accounts().create(name, password.toCharArray(), Account.Role.PARTNER);
        TaxiiClient client = server.anonymous().withAuthorization(TaxiiClient.basic(name, password));
        assertTaxii(client.get("/tearline/collections/"), 200);
        assertUnauthorized(server.anonymous()
                .withAuthorization(TaxiiClient.basic(name, "pass"))
                .get("/tearline/collections/"));
    }

    @Test
    void passwordChangeTakesEffectAtOnce() {
        String name = "changer-" + UUID.randomUUID().toString().substring(0, 8);
        String oldPassword = "the first password of " + name;
        String newPassword = "the second password of " + name;
        server.app().accounts().create(name, oldPassword.toCharArray(), Account.Role.PARTNER);
        TaxiiClient old = server.anonymous().withAuthorization(TaxiiClient.basic(name, oldPassword));
        assertTaxii(old.get("/tearline/collections/"), 200);
        assertTaxii(old.get("/tearline/collections/"), 200);

        server.app().accounts().setPassword(name, newPassword.toCharArray());
        assertUnauthorized(old.get("/tearline/collections/"));
        assertTaxii(old.withAuthorization(TaxiiClient.basic(name, newPassword)).get("/tearline/collections/"), 200);
    }

    private static String swapCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return b.toString();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String flipHex(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }
}
