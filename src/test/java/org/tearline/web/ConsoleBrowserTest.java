package org.tearline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.tearline.auth.Principal;
import org.tearline.cli.Demo;
import org.tearline.domain.Account;
import org.tearline.testing.Browser;
import org.tearline.testing.MutableClock;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * The console in a real browser (headless Chromium), on the demo data a newcomer starts with:
 * signing in, following the demo warning from decision to retirement, the side-by-side
 * preview, a policy change applied after its preview, and the refusals (self-approval, a
 * form without its CSRF token, a partner signing in). Saves screenshots of the main pages.
 */
class ConsoleBrowserTest {

    static final String SOURCE_ORCHID = "identity--b29f054c-042b-5a51-82d7-f6ad3bec33c5";

    static Browser browser;

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    TestServer server;

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir, TestServer.config(null), clock);
        Demo.seed(server.app(), new PrintStream(OutputStream.nullOutputStream()));
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
    void signsInAndLandsOnTheQueue() {
        browser.go("/console/warnings");
        assertThat(browser.path()).startsWith("/console/login");

        browser.fillSignIn(Demo.ANALYST, Demo.ANALYST_PASSWORD);

        assertThat(browser.path()).isEqualTo("/console/warnings");
        browser.go("/console/");
        assertThat(browser.find("h1").getText()).isEqualTo("What needs a person");
        assertThat(browser.text())
                .contains("Warning: planned attack on Arden Concert Hall")
                .contains("awaiting-decision");
        assertThat(browser.cookie("tl_session")).isNotBlank();
        browser.screenshot("queue");
    }

    @Test
    void refusesPartnerAndWrongPassword() {
        browser.signIn(Demo.PARTNER_A, Demo.PARTNER_A_PASSWORD);
        assertThat(browser.text()).contains("Partner accounts cannot sign in");
        assertThat(browser.cookie("tl_session")).isNull();

        browser.signIn(Demo.ANALYST, "not-the-password");
        assertThat(browser.text()).contains("user name or the password is wrong");
        assertThat(browser.cookie("tl_session")).isNull();
        browser.go("/console/");
        assertThat(browser.path()).startsWith("/console/login");
    }

    @Test
    void signsInWithTheKeyboardOnly() {
        browser.go("/console/login");
        // The user field has focus on arrival; tab to the password, Enter submits.
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id"))
                .isEqualTo("user");
        WebElement page = browser.find("html");
        new Actions(browser.driver())
                .sendKeys(Demo.SUPERVISOR)
                .sendKeys(Keys.TAB)
                .sendKeys(Demo.SUPERVISOR_PASSWORD)
                .sendKeys(Keys.ENTER)
                .perform();
        browser.waitForNextPage(page);
        assertThat(browser.path()).isEqualTo("/console/");
        // Every action on the queue is a link reachable with Tab.
        WebElement first = browser.find("main table a");
        assertThat(first.getAttribute("href")).contains("/console/warnings/" + Demo.WARNING);
    }

    @Test
    void followsTheDemoWarningFromDecisionToRetirement() throws Exception {
        browser.signIn(Demo.ANALYST, Demo.ANALYST_PASSWORD);
        browser.go("/console/warnings/" + Demo.WARNING);
        assertThat(browser.find(".tag").getText()).isEqualTo("draft");
        browser.screenshot("warning-draft");

        // Decide to warn both partners: a confirmation page first, then the decision.
        clock.advance(Duration.ofSeconds(20));
        for (WebElement box : browser.all("input[name=audience]")) {
            box.click();
        }
        browser.click("form[action$='/decide'] button");
        assertThat(browser.find(".question").getText()).contains("Decide to warn partner-a," + " partner-b");
        browser.screenshot("confirm");
        browser.click("main form button[type=submit]");
        assertThat(browser.text()).contains("Decision recorded");
        assertThat(browser.find(".tag").getText()).isEqualTo("decided");

        // The analyst took the decision: no approve button, and a post is refused.
        assertThat(browser.all("form[action$='/approve']")).isEmpty();
        assertThat(browser.text()).contains("a second person must approve it");
        HttpResponse<String> selfApproval =
                post("/console/warnings/" + Demo.WARNING + "/approve", "csrf=" + csrf() + "&confirmed=yes");
        assertThat(selfApproval.statusCode()).isEqualTo(403);
        assertThat(selfApproval.body()).contains("cannot approve it: a second person must");
        assertThat(server.app().warnings().find(Demo.WARNING).state().label()).isEqualTo("decided");

        // The supervisor approves: the warning goes to both partners at once.
        clock.advance(Duration.ofSeconds(30));
        browser.click("form.signout button");
        assertThat(browser.text()).contains("You are signed out");
        browser.signIn(Demo.SUPERVISOR, Demo.SUPERVISOR_PASSWORD);
        browser.go("/console/warnings/" + Demo.WARNING);
        browser.click("form[action$='/approve'] button");
        assertThat(browser.find(".question").getText()).contains("Approve the decision by" + " analyst");
        browser.click("main form button[type=submit]");
        assertThat(browser.find(".tag").getText()).isEqualTo("warned");
        assertThat(browser.text()).contains("partner-a").contains("partner-b").contains("not retrieved");

        // Partner A reads its view; the console shows the receipt.
        clock.advance(Duration.ofSeconds(40));
        TaxiiClient partnerA =
                new TaxiiClient(server.base(), TaxiiClient.basic(Demo.PARTNER_A, Demo.PARTNER_A_PASSWORD));
        String view = server.app().releases().audiences().stream()
                .filter(a -> a.name().equals("partner-a"))
                .findFirst()
                .orElseThrow()
                .viewCollectionId();
        assertThat(partnerA.get(server.objectsPath(view)).status()).isEqualTo(200);
        server.app().receipts().flush();
        browser.go("/console/warnings/" + Demo.WARNING);
        assertThat(browser.text()).contains("partner-a at");

        // The window ends: the warning lapses, is queued, and the supervisor retires it.
        clock.advance(Duration.ofMinutes(3));
        assertThat(server.app().warnings().checkWindows()).containsExactly(Demo.WARNING);
        browser.go("/console/");
        assertThat(browser.text()).contains("window-lapsed");
        browser.go("/console/warnings/" + Demo.WARNING);
        assertThat(browser.text()).contains("window lapsed: still active until retired");
        browser.screenshot("warning-lapsed");
        clock.advance(Duration.ofSeconds(50));
        new org.openqa.selenium.support.ui.Select(browser.find("#retire-reason")).selectByVisibleText("averted");
        browser.click("form[action$='/retire'] button");
        browser.click("main form button[type=submit]");
        assertThat(browser.find(".tag").getText()).isEqualTo("retired");
        String timeline = browser.find("ol.timeline").getText();
        assertThat(timeline)
                .contains("warning-decided")
                .contains("warning-approved")
                .contains("retrieval")
                .contains("warning-window-lapsed")
                .contains("warning-retired");
        // The axis draws the window and one mark per timeline event.
        assertThat(browser.all("svg.axis rect.window")).hasSize(1);
        int marked = browser.all("svg.axis circle.event").stream()
                .mapToInt(c -> Integer.parseInt(c.getAttribute("data-count")))
                .sum();
        assertThat(marked).isEqualTo(browser.all("ol.timeline li").size());
        browser.screenshot("warning-retired");
    }

    @Test
    void sideBySidePreviewMarksTheProtectedSourceWithheld() {
        browser.signIn(Demo.ANALYST, Demo.ANALYST_PASSWORD);
        // The draft warning refers to the source: it is held with the warning for everyone,
        // and the preview says by which warning.
        browser.go("/console/objects/" + SOURCE_ORCHID);
        List<WebElement> heads = browser.all("table.preview thead th");
        assertThat(heads.get(2).getText())
                .startsWith("partner-a")
                .contains("withheld")
                .contains("held with warning " + Demo.WARNING);
        // A draft warning reaches nobody.
        browser.go("/console/objects/" + Demo.WARNING);
        assertThat(browser.all("table.preview thead th").get(3).getText())
                .contains("withheld")
                .contains("no approved decision");

        String decision = server.app()
                .warnings()
                .decideWarn(
                        new Principal(Demo.ANALYST, Account.Role.PRODUCER),
                        Demo.WARNING,
                        List.of("partner-a", "partner-b"),
                        null)
                .decisionId();
        server.app().warnings().approve(new Principal(Demo.SUPERVISOR, Account.Role.PRODUCER), Demo.WARNING, decision);
        browser.go("/console/objects/" + SOURCE_ORCHID);
        heads = browser.all("table.preview thead th");
        assertThat(heads.get(2).getText()).startsWith("partner-a");
        assertThat(heads.get(3).getText())
                .startsWith("partner-b")
                .contains("withheld")
                .contains("source-protected");
        // Partner A receives the source, its name generalised by the policy's phrase.
        WebElement name = browser.find("table.preview tr:has(th[scope=row]) td.generalised");
        assertThat(name.getText()).contains("a well-placed human source").contains("source-protected");
        assertThat(browser.all("table.preview td.withheld")).isNotEmpty();
        browser.screenshot("object-source");

        // Once approved, partner B's copy of the warning lacks the reference to the source,
        // and the cell says which rule cut it.
        browser.go("/console/objects/" + Demo.WARNING);
        assertThat(browser.all("table.preview td.withheld")).isEmpty();
        String partly = browser.all("table.preview td.partly").stream()
                .map(WebElement::getText)
                .reduce("", String::concat);
        assertThat(partly).contains("refers to an object not released to this audience");
        browser.screenshot("object-warning");
    }

    @Test
    void appliesAPolicyChangeOnlyAfterItsPreview() {
        warnBothPartners();
        browser.signIn(Demo.ANALYST, Demo.ANALYST_PASSWORD);
        browser.go("/console/audiences/partner-b");
        assertThat(browser.text()).contains("policy version 1");
        browser.screenshot("audience");
        String policy = browser.find("#policy").getAttribute("value");
        String changed = generaliseTheSource(policy);
        WebElement area = browser.find("#policy");
        area.clear();
        area.sendKeys(changed);
        browser.click("form[action$='/preview'] button");

        // The preview says what partner B would gain, and nothing has changed yet.
        assertThat(browser.find("h1").getText()).contains("partner-b");
        assertThat(browser.text()).contains(SOURCE_ORCHID);
        assertThat(server.app().releases().history("partner-b")).hasSize(1);
        browser.screenshot("policy-preview");

        browser.click("form[action$='/apply'] button");
        assertThat(browser.text()).contains("Policy applied").contains("policy version 2");
        assertThat(server.app().releases().history("partner-b")).hasSize(2);
        assertThat(server.app().releases().history("partner-b").get(1).appliedBy())
                .isEqualTo(Demo.ANALYST);
        browser.go("/console/objects/" + SOURCE_ORCHID);
        assertThat(browser.all("table.preview thead th").get(3).getText()).doesNotContain("withheld");
    }

    @Test
    void previewsAnUploadedPolicyFileBeforeApplyingIt() throws Exception {
        warnBothPartners();
        browser.signIn(Demo.ANALYST, Demo.ANALYST_PASSWORD);
        browser.go("/console/audiences/partner-b");
        String changed = generaliseTheSource(browser.find("#policy").getAttribute("value"));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("partner-b", ".yaml");
        java.nio.file.Files.writeString(file, changed);
        browser.find("#policy-file").sendKeys(file.toAbsolutePath().toString());
        browser.click("form[action$='/preview'] button");

        // The file, not the unchanged text beside it, is what the preview shows and applies.
        assertThat(browser.find("h1").getText()).contains("partner-b");
        assertThat(browser.text()).contains(SOURCE_ORCHID);
        assertThat(server.app().releases().history("partner-b")).hasSize(1);
        browser.click("form[action$='/apply'] button");
        assertThat(browser.text()).contains("Policy applied").contains("policy version 2");
        assertThat(server.app().releases().history("partner-b").get(1).policy()).isEqualTo(changed);
    }

    /**
     * The demo warning, approved for both partners: until then it holds the source it refers
     * to, which a policy change could not release.
     */
    private void warnBothPartners() {
        String decision = server.app()
                .warnings()
                .decideWarn(
                        new Principal(Demo.ANALYST, Account.Role.PRODUCER),
                        Demo.WARNING,
                        List.of("partner-a", "partner-b"),
                        null)
                .decisionId();
        server.app().warnings().approve(new Principal(Demo.SUPERVISOR, Account.Role.PRODUCER), Demo.WARNING, decision);
    }

    /** Partner B's demo policy, changed to generalise the source's name instead of redacting. */
    private static String generaliseTheSource(String policy) {
        String changed = policy.replace("source-protected: redact", "source-protected: generalise")
                .replace("generalise:\n", "generalise:\n  name: {phrase: \"a human source\"}\n");
        assertThat(changed).as("the demo policy as the test expects it").isNotEqualTo(policy);
        return changed;
    }

    @Test
    void showsTheRecordFilteredAndVerified() {
        browser.signIn(Demo.ANALYST, Demo.ANALYST_PASSWORD);
        browser.go("/console/record?audience=partner-b");
        List<WebElement> audiences = browser.all("table.record tbody td:nth-child(5)");
        assertThat(audiences).isNotEmpty();
        assertThat(audiences).allSatisfy(td -> assertThat(td.getText()).isEqualTo("partner-b"));
        browser.click(".filters a.button");
        assertThat(browser.find("p.ok").getText()).startsWith("Verified: all");
        browser.screenshot("record");
    }

    @Test
    void refusesAFormPostWithoutItsCsrfToken() {
        browser.signIn(Demo.ANALYST, Demo.ANALYST_PASSWORD);
        browser.go("/console/warnings/" + Demo.WARNING);
        // What a forged form lacks: the session's token. The browser posts it without one.
        ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("document.querySelector(\"form[action$='/retire'] input[name=csrf]\")" + ".remove()");
        browser.click("form[action$='/retire'] button");
        assertThat(browser.text()).contains("anti-forgery token").contains("nothing was" + " changed");
        assertThat(server.app().warnings().find(Demo.WARNING).state().label()).isEqualTo("draft");
    }

    private String csrf() {
        return browser.find("form.signout input[name=csrf]").getAttribute("value");
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(
                        URI.create(server.base().toString().replaceAll("/$", "") + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "tl_session=" + browser.cookie("tl_session"))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }
}
