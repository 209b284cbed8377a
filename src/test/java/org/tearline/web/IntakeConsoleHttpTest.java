package org.tearline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.testing.IntakeTestExtraction;
import org.tearline.testing.TestServer;

/**
 * The console's intake pages over plain HTTP, where a browser would hide what is sent: a hostile
 * document is shown as escaped text with its candidates marked, under the console's CSP; an
 * upload without the session's token, or of a type intake does not read, changes nothing.
 */
class IntakeConsoleHttpTest {

    @TempDir
    Path dir;

    TestServer server;
    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String session;
    String csrf;

    @BeforeEach
    void setUp() throws Exception {
        server =
                TestServer.start(dir, TestServer.config(null), java.time.Clock.systemUTC(), new IntakeTestExtraction());
        server.user("analyst", Account.Role.PRODUCER);
        HttpResponse<String> login =
                send(HttpRequest.newBuilder(uri("/console/login")).GET());
        String loginCookie = cookie(login, Sessions.LOGIN_COOKIE);
        Matcher m = Pattern.compile("name=\"login\" value=\"([^\"]+)\"").matcher(login.body());
        assertThat(m.find()).isTrue();
        HttpResponse<String> in = send(HttpRequest.newBuilder(uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Sessions.LOGIN_COOKIE + "=" + loginCookie)
                .POST(HttpRequest.BodyPublishers.ofString(
                        form(Map.of("login", m.group(1), "user", "analyst", "password", TestServer.PASSWORD)))));
        assertThat(in.statusCode()).isEqualTo(303);
        session = cookie(in, Sessions.COOKIE);
        Matcher c = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(get("/console/intake").body());
        assertThat(c.find()).isTrue();
        csrf = c.group(1);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aHostileDocumentIsShownAsEscapedTextWithItsCandidatesMarked() throws Exception {
        String html = "<html><head><title>Alert <b>bold</b></title></head><body><p>Host"
                + " <span onclick=\"steal()\">185.220.101.47</span> &lt;script&gt;alert(1)&lt;/script&gt;"
                + " &lt;img src=x onerror=alert(2)&gt; in Moscow</p></body></html>";

        HttpResponse<String> up = upload(csrf, "alert.html", "text/html", html.getBytes(StandardCharsets.UTF_8));

        assertThat(up.statusCode()).as(up.body()).isEqualTo(303);
        String draft = up.headers().firstValue("Location").orElseThrow();
        assertThat(draft).startsWith("/console/intake/draft--");
        HttpResponse<String> page = get(draft);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'");
        String body = page.body();
        assertThat(body)
                .contains("<mark class=\"candidate ipv4\" id=\"mark-c1\" data-candidate=\"c1\"")
                .contains(">185.220.101.47</mark>")
                .contains(">Moscow</mark>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script")
                .doesNotContain("<img")
                .doesNotContain("steal()");
        assertThat(body).contains("<h1>Alert &lt;b&gt;bold&lt;/b&gt;</h1>");
    }

    @Test
    void anUploadWithoutTheSessionTokenChangesNothing() throws Exception {
        HttpResponse<String> up = upload("forged", "a.txt", "text/plain", "Moscow".getBytes(StandardCharsets.UTF_8));

        assertThat(up.statusCode()).isEqualTo(403);
        assertThat(up.body()).contains("anti-forgery token");
        assertThat(server.app().intake().list(new org.tearline.auth.Principal("analyst", Account.Role.PRODUCER)))
                .isEmpty();
    }

    @Test
    void anUnreadableUploadGetsAPageNamingTheProblem() throws Exception {
        HttpResponse<String> gif = upload(csrf, "a.gif", "image/gif", "GIF89a".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> fake = upload(csrf, "a.pdf", "application/pdf", "nope".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> empty = upload(csrf, null, null, null);

        assertThat(gif.statusCode()).isEqualTo(415);
        assertThat(gif.body()).contains("image/gif").contains("application/pdf");
        assertThat(fake.statusCode()).isEqualTo(422);
        assertThat(fake.body()).contains("not a PDF");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("Choose a file or paste");
    }

    private HttpResponse<String> upload(String token, String name, String type, byte[] file) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        if (file != null) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                            + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(file);
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri("/console/intake"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", Sessions.COOKIE + "=" + session)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Cookie", Sessions.COOKIE + "=" + session)
                .GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(server.base().toString().replaceAll("/$", "") + path);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String cookie(HttpResponse<String> r, String name) {
        for (String h : r.headers().allValues("Set-Cookie")) {
            if (h.startsWith(name + "=")) {
                return h.substring(name.length() + 1, h.indexOf(';'));
            }
        }
        throw new AssertionError("no cookie " + name);
    }
}
