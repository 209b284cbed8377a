package org.tearline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.CollectionKind;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.store.AuditQuery;
import org.tearline.testing.IntakeTestExtraction;
import org.tearline.testing.MutableClock;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * Intake over real HTTP on a real database: a document posted to {@code /api/intake} becomes a
 * draft nobody outside can see, is reviewed, and accepted into a source collection (from which
 * the audience's policy releases it as usual) or rejected, each recorded with the document's
 * hash; hostile and malformed uploads get clear errors, never a 500.
 */
abstract class IntakeHttpContract {

    static final String ADVISORY = """
            Security Alert: U.S. Embassy Moscow, March 7, 2024

            The Embassy is monitoring reports that extremists have imminent plans to target large
            gatherings in Moscow, to include concerts, and U.S. citizens should be advised to avoid
            large gatherings over the next 48 hours. Reports name the staging host 185.220.101.47.
            The attack is expected within the next 48 hours.
            """;

    static final String PUBLISHED = "2024-03-07T19:00:00Z";

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2024-03-07T20:00:00Z"));
    TestServer server;
    TaxiiClient analyst;
    TaxiiClient partner;
    String intel;

    /** The database URL, or null for SQLite in the data directory. */
    protected abstract String database();

    protected void closeDatabase() {}

    TearlineConfig config() {
        return TestServer.config(database()).withIntake(new TearlineConfig.Intake(256 * 1024, 50, 30));
    }

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir, config(), clock, new IntakeTestExtraction());
        server.user("analyst", Account.Role.PRODUCER);
        server.user("pa", Account.Role.PARTNER);
        intel = server.app()
                .collections()
                .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                .id();
        server.grant("analyst", intel, true, true);
        server.app()
                .releases()
                .apply(
                        "audience: partners\nmembers: [pa]\nsources: [intel]\n"
                                + "markings: {tlp:clear: release, tlp:green: release, tlp:amber: release}\n",
                        "partners.yaml",
                        "analyst");
        analyst = server.as("analyst");
        partner = server.as("pa");
    }

    @AfterEach
    void stop() {
        try {
            server.close();
        } finally {
            closeDatabase();
        }
    }

    TaxiiClient.Reply postJson(TaxiiClient who, String path, String json) {
        return who.send(who.request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    TaxiiClient.Reply postBody(TaxiiClient who, String path, byte[] body, String type, boolean uploadHeader) {
        HttpRequest.Builder b = who.request(path).header("Content-Type", type);
        if (uploadHeader) {
            b.header("X-Tearline-Upload", "document");
        }
        return who.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A multipart form with one file part and the given fields. */
    static byte[] multipart(String boundary, String fileName, String type, byte[] file, Map<String, String> fields)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                            + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(file);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    JsonNode takeAdvisory() {
        ObjectNode body = StixJson.mapper().createObjectNode();
        body.put("text", ADVISORY);
        body.put("title", "Security Alert: U.S. Embassy Moscow");
        body.put("published", PUBLISHED);
        body.put("source", "U.S. Embassy in Russia");
        body.put("url", "https://ru.usembassy.gov/security-alert-u-s-embassy-moscow-march-7-2024/");
        TaxiiClient.Reply r = postJson(analyst, "/api/intake", body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** Every byte the partner can read of its view and of the collections it is shown. */
    String everythingThePartnerSees() {
        StringBuilder all = new StringBuilder();
        JsonNode cols = partner.get(server.root() + "collections/").json();
        all.append(cols);
        for (JsonNode c : cols.path("collections")) {
            all.append(partner.get(server.objectsPath(c.path("id").asText())).body());
        }
        return all.toString();
    }

    List<JsonNode> sourceObjects() {
        List<JsonNode> out = new ArrayList<>();
        server.as("analyst")
                .get(server.objectsPath(intel))
                .json()
                .path("objects")
                .forEach(out::add);
        return out;
    }

    List<AuditEntry> record(String kind) {
        List<AuditEntry> out = new ArrayList<>();
        server.app()
                .audit()
                .entries(
                        new AuditQuery(
                                java.util.Optional.empty(),
                                java.util.Optional.empty(),
                                java.util.Optional.empty(),
                                java.util.Optional.of(kind)),
                        out::add);
        return out;
    }

    @Test
    void aTextBecomesADraftWithItsCandidatesInPlaceAndNothingOfItReachesAnyone() {
        JsonNode d = takeAdvisory();

        assertThat(d.path("state").asText()).isEqualTo("draft");
        assertThat(d.path("published").asText()).isEqualTo("2024-03-07T19:00:00.000Z");
        String sha = Canonical.sha256(ADVISORY.getBytes(StandardCharsets.UTF_8));
        assertThat(d.path("sha256").asText()).isEqualTo(sha);
        JsonNode report = d.path("report");
        assertThat(report.path("name").asText()).isEqualTo("Security Alert: U.S. Embassy Moscow");
        assertThat(report.path("published").asText()).isEqualTo("2024-03-07T19:00:00.000Z");
        JsonNode ref = report.path("external_references").get(0);
        assertThat(ref.path("source_name").asText()).isEqualTo("U.S. Embassy in Russia");
        assertThat(ref.path("url").asText()).startsWith("https://ru.usembassy.gov/");
        assertThat(ref.path("hashes").path("SHA-256").asText()).isEqualTo(sha);
        Set<String> kinds = new HashSet<>();
        for (JsonNode c : d.path("candidates")) {
            kinds.add(c.path("kind").asText());
            String found =
                    ADVISORY.substring(c.path("start").asInt(), c.path("end").asInt());
            // The test extraction's values are the text they were found as.
            assertThat(found).as(c.toString()).isEqualTo(c.path("value").asText());
            assertThat(c.path("snippet").asText()).contains(found);
        }
        assertThat(kinds).contains("IPV4", "PLACE", "TIME_WINDOW", "TARGET_TYPE");

        String id = d.path("id").asText();
        assertThat(analyst.get("/api/intake")
                        .json()
                        .path("drafts")
                        .get(0)
                        .path("id")
                        .asText())
                .isEqualTo(id);
        JsonNode shown = analyst.get("/api/intake/" + id).json();
        assertThat(shown.path("text").get(0).asText()).isEqualTo(ADVISORY);

        assertThat(sourceObjects()).isEmpty();
        String seen = everythingThePartnerSees();
        assertThat(seen)
                .doesNotContain(
                        "185.220.101.47",
                        "Moscow",
                        "Embassy",
                        id,
                        report.path("id").asText(),
                        sha);
        assertThat(partner.get("/api/intake").status()).isEqualTo(403);
        assertThat(partner.get("/api/intake/" + id).status()).isEqualTo(403);
    }

    @Test
    void aDocumentWithoutAPublicationTimeIsSaidToUseTheIntakeTime() {
        TaxiiClient.Reply r = postJson(analyst, "/api/intake", "{\"text\": \"Moscow, 10.0.0.1\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("published").asText()).isEqualTo("2024-03-07T20:00:00.000Z");
        assertThat(r.json().path("published_given").asBoolean()).isFalse();
        assertThat(r.json().path("published_note").asText()).contains("intake time");
        assertThat(r.json().path("title").asText()).isEqualTo("Moscow, 10.0.0.1");
    }

    @Test
    void acceptingWritesTheReportAndItsObjectsIntoTheSourceAndRecordsTheHash() {
        JsonNode d = takeAdvisory();
        String id = d.path("id").asText();
        String ip = null;
        List<String> keep = new ArrayList<>();
        for (JsonNode c : d.path("candidates")) {
            keep.add(c.path("id").asText());
            if (c.path("kind").asText().equals("IPV4")) {
                ip = c.path("id").asText();
            }
        }

        TaxiiClient.Reply r = postJson(
                analyst,
                "/api/intake/" + id + "/accept",
                "{\"collection\": \"intel\", \"markings\": [\"tlp:green\"], \"corrections\": {\"" + ip
                        + "\": \"185.220.101.48\"}}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("state").asText()).isEqualTo("accepted");
        String reportId = r.json().path("report_id").asText();
        List<JsonNode> objects = sourceObjects();
        JsonNode report = objects.stream()
                .filter(o -> o.path("id").asText().equals(reportId))
                .findFirst()
                .orElseThrow();
        Set<String> refs = new HashSet<>();
        report.path("object_refs").forEach(x -> refs.add(x.asText()));
        Set<String> others = new HashSet<>();
        objects.stream()
                .filter(o -> !o.path("id").asText().equals(reportId))
                .forEach(o -> others.add(o.path("id").asText()));
        assertThat(refs).isEqualTo(others);
        assertThat(objects)
                .anySatisfy(
                        o -> assertThat(o.path("pattern").asText()).isEqualTo("[ipv4-addr:value = '185.220.101.48']"));
        assertThat(objects).anySatisfy(o -> {
            assertThat(o.path("type").asText()).isEqualTo("location");
            assertThat(o.path("country").asText()).isEqualTo("RU");
        });
        assertThat(objects).anySatisfy(o -> {
            assertThat(o.path("type").asText()).isEqualTo("identity");
            assertThat(o.path("sectors").get(0).asText()).isEqualTo("entertainment");
        });
        assertThat(objects)
                .allSatisfy(o ->
                        assertThat(o.path("object_marking_refs").toString()).contains("marking-definition--"));
        assertThat(report.path("description").asText()).contains("Time window found: 2024-03-07T19:00:00Z");

        List<AuditEntry> accepted = record("intake-accepted");
        assertThat(accepted).hasSize(1);
        assertThat(accepted.get(0).actor()).isEqualTo("analyst");
        assertThat(accepted.get(0).subject()).isEqualTo(id);
        assertThat(accepted.get(0).detail())
                .contains(d.path("sha256").asText())
                .contains(reportId)
                .contains(intel);

        // Released as any source object is: the audience's policy admits it.
        assertThat(everythingThePartnerSees()).contains("185.220.101.48").contains("Security Alert");
    }

    @Test
    void acceptingOnlySomeCandidatesLeavesTheOthersOut() {
        JsonNode d = takeAdvisory();
        String place = null;
        for (JsonNode c : d.path("candidates")) {
            if (c.path("kind").asText().equals("PLACE")) {
                place = c.path("id").asText();
            }
        }

        TaxiiClient.Reply r = postJson(
                analyst,
                "/api/intake/" + d.path("id").asText() + "/accept",
                "{\"collection\": \"" + intel + "\", \"only\": [\"" + place + "\"]}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> objects = sourceObjects();
        assertThat(objects).extracting(o -> o.path("type").asText()).containsExactlyInAnyOrder("report", "location");
    }

    @Test
    void rejectingIsRecordedAndWritesNothingAndADraftIsReviewedOnce() {
        String id = takeAdvisory().path("id").asText();

        TaxiiClient.Reply r = postJson(analyst, "/api/intake/" + id + "/reject", "{\"reason\": \"a duplicate\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("state").asText()).isEqualTo("rejected");
        assertThat(r.json().path("reason").asText()).isEqualTo("a duplicate");
        assertThat(sourceObjects()).isEmpty();
        assertThat(record("intake-rejected"))
                .singleElement()
                .satisfies(e -> assertThat(e.subject()).isEqualTo(id));
        TaxiiClient.Reply again = postJson(analyst, "/api/intake/" + id + "/accept", "{\"collection\": \"intel\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("already rejected");
        assertThat(everythingThePartnerSees()).doesNotContain("185.220.101.47", "Moscow");
    }

    @Test
    void aPdfUploadCarriesPageNumbers() throws IOException {
        byte[] pdf = DocumentReaderTest.pdf("Advisory page one", "Host 185.220.101.47 in Moscow");
        String boundary = "b" + UUID.randomUUID();

        TaxiiClient.Reply r = postBody(
                analyst,
                "/api/intake",
                multipart(boundary, "alert.pdf", "application/pdf", pdf, Map.of("published", PUBLISHED)),
                "multipart/form-data; boundary=" + boundary,
                true);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("media_type").asText()).isEqualTo("application/pdf");
        assertThat(r.json().path("pages").asInt()).isEqualTo(2);
        assertThat(r.json().path("title").asText()).isEqualTo("Security Alert");
        assertThat(r.json().path("candidates"))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.path("page").asInt()).isEqualTo(2));
    }

    @Test
    void anHtmlBodyWithScriptsGivesCandidatesFromItsVisibleText() {
        String html = "<html><head><title>Alert &amp; more</title><script>var ip='10.9.9.9'</script></head>"
                + "<body><p onclick=\"alert(1)\">Host <b>185.220.101.47</b> &lt;script&gt;x&lt;/script&gt;</p></body></html>";

        TaxiiClient.Reply r =
                postBody(analyst, "/api/intake", html.getBytes(StandardCharsets.UTF_8), "text/html", false);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("title").asText()).isEqualTo("Alert & more");
        assertThat(r.json().path("candidates")).singleElement().satisfies(c -> {
            assertThat(c.path("value").asText()).isEqualTo("185.220.101.47");
            assertThat(c.path("snippet").asText()).contains("<script>x</script>");
        });
    }

    @Test
    void hostileAndMalformedUploadsGetClearErrorsNeverA500() throws IOException {
        String boundary = "b" + UUID.randomUUID();
        TaxiiClient.Reply notPdf = postBody(
                analyst,
                "/api/intake",
                multipart(boundary, "x.pdf", "application/pdf", "not a pdf".getBytes(StandardCharsets.UTF_8), Map.of()),
                "multipart/form-data; boundary=" + boundary,
                true);
        assertThat(notPdf.status()).isEqualTo(422);
        assertThat(notPdf.body()).contains("not a PDF");

        TaxiiClient.Reply big = postBody(analyst, "/api/intake", new byte[256 * 1024 + 1], "application/pdf", false);
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.body()).contains("262144");

        TaxiiClient.Reply gif =
                postBody(analyst, "/api/intake", "GIF89a".getBytes(StandardCharsets.UTF_8), "image/gif", false);
        assertThat(gif.status()).isEqualTo(415);
        assertThat(gif.body()).contains("image/gif").contains("application/pdf");

        TaxiiClient.Reply plainNoHeader =
                postBody(analyst, "/api/intake", "text".getBytes(StandardCharsets.UTF_8), "text/plain", false);
        assertThat(plainNoHeader.status()).isEqualTo(415);
        assertThat(plainNoHeader.body()).contains("X-Tearline-Upload");
        TaxiiClient.Reply plain =
                postBody(analyst, "/api/intake", "10.1.1.1".getBytes(StandardCharsets.UTF_8), "text/plain", true);
        assertThat(plain.status()).isEqualTo(201);

        TaxiiClient.Reply malformed = postJson(analyst, "/api/intake", "{\"text\": ");
        assertThat(malformed.status()).isEqualTo(400);
        TaxiiClient.Reply wrongType = postJson(analyst, "/api/intake", "{\"text\": 7}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).contains("'text'");
        TaxiiClient.Reply badTime = postJson(analyst, "/api/intake", "{\"text\": \"x\", \"published\": \"soon\"}");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.body()).contains("soon");
        TaxiiClient.Reply badUrl =
                postJson(analyst, "/api/intake", "{\"text\": \"x\", \"url\": \"javascript:alert(1)\"}");
        assertThat(badUrl.status()).isEqualTo(400);

        String id = takeAdvisory().path("id").asText();
        TaxiiClient.Reply unknownCandidate =
                postJson(analyst, "/api/intake/" + id + "/accept", "{\"collection\": \"intel\", \"only\": [\"c999\"]}");
        assertThat(unknownCandidate.status()).isEqualTo(400);
        assertThat(unknownCandidate.body()).contains("c999");
        String view = server.app().collections().find("partners").orElseThrow().id();
        TaxiiClient.Reply intoView =
                postJson(analyst, "/api/intake/" + id + "/accept", "{\"collection\": \"" + view + "\"}");
        assertThat(intoView.status()).isEqualTo(400);
        assertThat(intoView.body()).contains("source collection");
        assertThat(analyst.get("/api/intake/draft--nope").status()).isEqualTo(404);
        assertThat(postJson(partner, "/api/intake", "{\"text\": \"x\"}").status())
                .isEqualTo(403);
        assertThat(sourceObjects()).isEmpty();
    }
}
