package org.tearline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionKind;
import org.tearline.testing.Browser;
import org.tearline.testing.IntakeTestExtraction;
import org.tearline.testing.MutableClock;
import org.tearline.testing.TestServer;

/**
 * Intake in a real browser (headless Chromium): the embassy-style advisory uploaded as a file,
 * its candidates highlighted in place in the document (which stays inert text, however hostile),
 * one dropped, a marking chosen, accepted after confirmation, and the report found in the source
 * collection.
 */
class IntakeBrowserTest {

    static final String ADVISORY = """
            Security Alert: U.S. Embassy Moscow, March 7, 2024

            The Embassy is monitoring reports that extremists have imminent plans to target large
            gatherings in Moscow, to include concerts, and U.S. citizens should be advised to avoid
            large gatherings within the next 48 hours.
            Reported host: <script>document.title='owned'</script><img src=x onerror="document.title='owned'"> 185.220.101.47
            """;

    static Browser browser;

    @TempDir
    Path dir;

    @TempDir
    Path files;

    MutableClock clock = new MutableClock(Instant.parse("2024-03-07T20:00:00Z"));
    TestServer server;
    String intel;

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir, TestServer.config(null), clock, new IntakeTestExtraction());
        server.user("analyst", Account.Role.PRODUCER);
        intel = server.app()
                .collections()
                .create(null, "tearline", "Intel", null, "intel", CollectionKind.SOURCE)
                .id();
        server.grant("analyst", intel, true, true);
        String base = server.base().toString().replaceAll("/$", "");
        if (browser == null) {
            browser = Browser.open(base);
        }
        browser.reset();
        browser.rebase(base);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void uploadsTheAdvisorySeesItsCandidatesInPlaceAndAcceptsItIntoTheSource() throws Exception {
        Path file = files.resolve("embassy-alert.txt");
        Files.writeString(file, ADVISORY);
        browser.signIn("analyst", TestServer.PASSWORD);
        browser.go("/console/intake");
        assertThat(browser.find("h1").getText()).isEqualTo("Intake");

        browser.find("#intake-file").sendKeys(file.toAbsolutePath().toString());
        browser.find("#intake-published").sendKeys("2024-03-07T19:00:00Z");
        browser.find("#intake-source").sendKeys("U.S. Embassy in Russia");
        browser.click("#intake-upload");

        assertThat(browser.path()).startsWith("/console/intake/draft--");
        assertThat(browser.find("h1").getText()).isEqualTo("Security Alert: U.S. Embassy Moscow, March 7, 2024");
        List<WebElement> marks = browser.all("pre.document mark.candidate");
        List<String> marked = new ArrayList<>();
        marks.forEach(m -> marked.add(m.getText()));
        assertThat(marked)
                .containsExactly("Moscow", "Moscow", "concerts", "within the next 48 hours", "185.220.101.47");
        assertThat(browser.find("pre.document mark.place").getAttribute("title"))
                .contains("place Moscow");
        // The hostile markup is shown as text: nothing of it became an element or ran.
        assertThat(browser.find("pre.document").getText())
                .contains("<script>document.title='owned'</script><img src=x onerror=");
        assertThat(browser.all("main script")).isEmpty();
        assertThat(browser.all("main img")).isEmpty();
        assertThat(browser.driver().getTitle()).doesNotContain("owned");
        assertThat(browser.text()).contains("2024-03-07").doesNotContain("intake time is used");
        browser.screenshot("intake-draft");

        // Drop the second "Moscow", mark everything TLP:GREEN, accept into Intel.
        browser.find("#row-c2 input[name=keep]").click();
        browser.find("input[name=marking][value='tlp:green']").click();
        browser.click("#accept");
        assertThat(browser.find(".question").getText())
                .contains("with 4 of its candidates")
                .contains("tlp:green");
        browser.click("main form button[type=submit]");

        assertThat(browser.text()).contains("Draft accepted");
        assertThat(browser.find(".tag").getText()).isEqualTo("accepted");
        assertThat(browser.all("#accept")).isEmpty();
        JsonNode objects = server.as("analyst").get(server.objectsPath(intel)).json();
        List<String> types = new ArrayList<>();
        objects.path("objects").forEach(o -> types.add(o.path("type").asText()));
        assertThat(types).containsExactlyInAnyOrder("report", "location", "identity", "indicator");
        objects.path("objects").forEach(o -> {
            if (o.path("type").asText().equals("report")) {
                assertThat(o.path("name").asText()).isEqualTo("Security Alert: U.S. Embassy Moscow, March 7, 2024");
                assertThat(o.path("published").asText()).isEqualTo("2024-03-07T19:00:00.000Z");
                assertThat(o.path("object_refs")).hasSize(3);
            }
        });
    }

    @Test
    void aRejectionIsConfirmedAndRecorded() throws Exception {
        browser.signIn("analyst", TestServer.PASSWORD);
        browser.go("/console/intake");
        browser.find("#intake-text").sendKeys("Moscow 10.0.0.1");
        browser.click("#intake-upload");
        assertThat(browser.text()).contains("no time was given: the intake time is used");

        browser.find("#reject-reason").sendKeys("a test message");
        browser.click("#reject");
        browser.click("main form button[type=submit]");

        assertThat(browser.text()).contains("Draft rejected").contains("a test message");
        browser.go("/console/intake");
        assertThat(browser.find("main table .tag").getText()).isEqualTo("rejected");
        assertThat(server.as("analyst").get(server.objectsPath(intel)).json().path("objects"))
                .isEmpty();
    }
}
