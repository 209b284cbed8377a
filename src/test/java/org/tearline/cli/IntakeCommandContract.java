package org.tearline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.Tearline;
import org.tearline.domain.Account;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.StoredObject;
import org.tearline.stix.StixJson;
import org.tearline.store.AuditQuery;
import org.tearline.store.ObjectFilter;
import org.tearline.testing.IntakeTestExtraction;
import org.tearline.testing.TestServer;

/**
 * {@code tearline intake}: a file becomes a draft, is listed, shown, and accepted into a
 * source collection or rejected, on a real database, with the command line's own errors.
 */
abstract class IntakeCommandContract {

    static final String ADVISORY = "The Embassy is monitoring reports that extremists have imminent plans to"
            + " target large gatherings in Moscow, to include concerts, within the next 48 hours."
            + " Staging host: 185.220.101.47.\n";

    @TempDir
    Path data;

    @TempDir
    Path files;

    /** The database URL, or null for SQLite in the data directory. */
    protected abstract String database();

    protected void closeDatabase() {}

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(data.toString());
        if (database() != null) {
            all.add("--db");
            all.add(database());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli.Io io = new Cli.Io(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = Cli.commandLine(io, new IntakeTestExtraction()).execute(all.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Tearline open() {
        return Tearline.open(TestServer.config(database()), data, Clock.systemUTC());
    }

    @BeforeEach
    void setUp() {
        try (Tearline app = open()) {
            app.accounts().create("ann", TestServer.PASSWORD.toCharArray(), Account.Role.PRODUCER);
            String intel = app.collections()
                    .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                    .id();
            app.accounts().grant("ann", intel, true, true);
        }
    }

    @AfterEach
    void tearDown() {
        closeDatabase();
    }

    String take() throws Exception {
        Path file = files.resolve("advisory.txt");
        Files.writeString(file, ADVISORY);
        Run r = run(
                "intake",
                file.toString(),
                "--published",
                "2024-03-07T19:00:00Z",
                "--source",
                "U.S. Embassy in Russia",
                "--url",
                "https://ru.usembassy.gov/alert",
                "--as",
                "ann");
        assertThat(r.code()).as(r.err()).isZero();
        Matcher m = Pattern.compile("draft (draft--[0-9a-f-]+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return m.group(1);
    }

    @Test
    void aFileBecomesADraftThatIsListedAndShown() throws Exception {
        String id = take();

        Run list = run("intake", "list", "--as", "ann");
        assertThat(list.out()).contains(id).contains("draft").contains("4 candidates");
        Run show = run("intake", "show", id, "--as", "ann");
        assertThat(show.out())
                .contains("published 2024-03-07T19:00:00.000Z")
                .contains("source    U.S. Embassy in Russia")
                .contains("c1\tplace\tMoscow\tpage 1")
                .contains("ipv4\t185.220.101.47");
        JsonNode json = StixJson.mapper()
                .readTree(run("intake", "show", id, "--json", "--as", "ann").out());
        assertThat(json.path("text").get(0).asText()).isEqualTo(ADVISORY);
        try (Tearline app = open()) {
            List<StoredObject> stored = new ArrayList<>();
            app.objects().export(app.collections().find("intel").orElseThrow().id(), ObjectFilter.LATEST, stored::add);
            assertThat(stored).isEmpty();
        }
    }

    @Test
    void acceptingOnlySomeCandidatesWritesThemAndTheReport() throws Exception {
        String id = take();

        Run r = run(
                "intake", "accept", id, "--into", "intel", "--only", "c1,c4", "--marking", "tlp:amber", "--as", "ann");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("accepted " + id).contains("and 2 objects");
        try (Tearline app = open()) {
            List<StoredObject> stored = new ArrayList<>();
            app.objects().export(app.collections().find("intel").orElseThrow().id(), ObjectFilter.LATEST, stored::add);
            assertThat(stored)
                    .extracting(o -> o.record().type())
                    .containsExactlyInAnyOrder("report", "location", "indicator");
            List<AuditEntry> entries = new ArrayList<>();
            app.audit()
                    .entries(
                            new AuditQuery(
                                    java.util.Optional.empty(),
                                    java.util.Optional.empty(),
                                    java.util.Optional.empty(),
                                    java.util.Optional.of("intake-accepted")),
                            entries::add);
            assertThat(entries)
                    .singleElement()
                    .satisfies(e -> assertThat(e.actor()).isEqualTo("ann"));
        }
        assertThat(run("intake", "show", id, "--as", "ann").out()).contains("accepted by ann");
    }

    @Test
    void rejectingIsRecordedAndASecondReviewIsRefused() throws Exception {
        String id = take();

        Run r = run("intake", "reject", id, "--reason", "already known", "--as", "ann");
        Run again = run("intake", "accept", id, "--into", "intel", "--as", "ann");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("rejected " + id + ": already known");
        assertThat(again.code()).isEqualTo(Cli.FAILED);
        assertThat(again.err()).contains("already rejected by ann");
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        Path gif = files.resolve("picture.gif");
        Files.write(gif, new byte[] {'G', 'I', 'F', '8', '9', 'a', 0, 1});
        Path fakePdf = files.resolve("alert.pdf");
        Files.writeString(fakePdf, "not a pdf at all");

        Run binary = run("intake", gif.toString(), "--as", "ann");
        Run notPdf = run("intake", fakePdf.toString(), "--as", "ann");
        Run missing = run("intake", files.resolve("nope.txt").toString(), "--as", "ann");
        Run noUser = run("intake", fakePdf.toString());
        Run badTime = run("intake", fakePdf.toString(), "--published", "tomorrow", "--as", "ann");
        Run unknownDraft = run("intake", "show", "draft--nope", "--as", "ann");

        assertThat(binary.code()).isEqualTo(Cli.FAILED);
        assertThat(binary.err()).contains("binary");
        assertThat(notPdf.err()).contains("not a PDF");
        assertThat(missing.err()).contains("does not exist");
        assertThat(noUser.code()).isEqualTo(Cli.USAGE);
        assertThat(noUser.err()).contains("--as USER");
        assertThat(badTime.err()).contains("tomorrow");
        assertThat(unknownDraft.err()).contains("draft--nope").contains("does not exist");
    }
}
