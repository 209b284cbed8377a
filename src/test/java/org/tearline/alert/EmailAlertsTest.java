package org.tearline.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tearline.alert.AlertFixture.WARNING;
import static org.tearline.alert.WebhookReceiver.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.AlertSubscription;
import org.tearline.error.UnprocessableException;
import org.tearline.release.ReleaseEngineTest;
import org.tearline.stix.StixJson;
import org.tearline.stix.WarningExtension;
import org.tearline.testing.MutableClock;
import org.tearline.testing.Stix;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * E-mail alerts end to end: a real Tearline sending over TLS, with authentication, to a real
 * SMTP server started here (GreenMail), on a partner's dismissal of a warning and as a digest.
 */
class EmailAlertsTest {

    @TempDir
    Path dir;

    MailServer mail;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    private void start(String password, java.time.Clock clock) throws Exception {
        mail = MailServer.start();
        server = TestServer.start(
                dir.resolve("data"),
                AlertFixture.config(AlertFixture.settings(3, Map.of(), mail.settings(password))),
                clock);
        AlertFixture.people(server.app(), TestServer.PASSWORD);
    }

    private AlertSubscription subscribe(int digestMinutes, String... kinds) {
        return server.app()
                .alerts()
                .subscribe(
                        "analyst",
                        new org.tearline.alert.AlertService.Request(
                                "email", "duty@example.org", Set.of(kinds), null, null, digestMinutes));
    }

    private static ObjectNode opinion(String about, String value) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "opinion");
        o.put("spec_version", "2.1");
        o.put("id", Stix.id("opinion"));
        o.put("created", "2026-11-20T12:00:00.000Z");
        o.put("modified", "2026-11-20T12:00:00.000Z");
        o.put("opinion", value);
        o.put("explanation", "We assess the venue as well protected; our guard roster is attached.");
        o.putArray("object_refs").add(about);
        return o;
    }

    /** pa reads the warning from its view and answers it. */
    private void partnerAnswers(String value) {
        TaxiiClient pa = server.as("pa");
        String view = server.app().collections().find("trusted").orElseThrow().id();
        String released = null;
        for (JsonNode o : pa.get(server.root() + "collections/" + view + "/objects/", Map.of("match[type]", "report"))
                .json()
                .path("objects")) {
            if (o.path("extensions").has(WarningExtension.ID)) {
                released = o.get("id").asText();
            }
        }
        assertThat(released).isNotNull();
        String feedback = server.app()
                .collections()
                .find("trusted-feedback")
                .orElseThrow()
                .id();
        TaxiiClient.Reply r = pa.post(
                server.root() + "collections/" + feedback + "/objects/",
                Stix.envelope(List.of(opinion(released, value))));
        assertThat(r.json().get("success_count").asInt()).isEqualTo(1);
    }

    @Test
    void aDismissalIsMailedOverTlsWithAuthenticationAndWithoutThePartnersWords() throws Exception {
        start(MailServer.PASSWORD, java.time.Clock.systemUTC());
        subscribe(0, "dismissal");
        AlertFixture.approvedWarning(server.app(), WARNING);

        partnerAnswers("agree");
        partnerAnswers("strongly-disagree");

        assertThat(mail.greenMail.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage[] got = mail.greenMail.getReceivedMessages();
        assertThat(got).hasSize(1);
        MimeMessage m = got[0];
        assertThat(m.getSubject()).isEqualTo("[Tearline] dismissal: Warning: attack on Arden Concert Hall");
        assertThat(m.getFrom()[0].toString()).isEqualTo("tearline@example.org");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("duty@example.org");
        String body = (String) m.getContent();
        assertThat(body)
                .contains(WARNING, "pa of trusted answered 'strongly-disagree'", "audience trusted")
                .doesNotContain("guard roster", ReleaseEngineTest.ACTOR, ReleaseEngineTest.VENUE);
        await(
                "the alert logged as sent",
                () -> !server.app().alerts().sentTo("analyst", 10).isEmpty());
        String id = server.app().alerts().sentTo("analyst", 10).get(0).id();
        assertThat(m.getMessageID()).isEqualTo("<" + id + "@tearline.alert>");
    }

    @Test
    void aWrongSmtpPasswordIsRefusedAndSaidWithoutThePassword() throws Exception {
        start("not-the-password-42", java.time.Clock.systemUTC());
        AlertSubscription s = subscribe(0, "dismissal");

        assertThatThrownBy(() -> server.app().alerts().test(null, s.id()))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("the test alert did not arrive")
                .hasMessageNotContaining("not-the-password-42");
        assertThat(mail.greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aTestAlertArrives() throws Exception {
        start(MailServer.PASSWORD, java.time.Clock.systemUTC());
        AlertSubscription s = subscribe(0, "window-lapsed");

        server.app().alerts().test("analyst", s.id());

        assertThat(mail.greenMail.getReceivedMessages()).hasSize(1);
        assertThat(mail.greenMail.getReceivedMessages()[0].getSubject()).startsWith("[Tearline] test:");
    }

    @Test
    void aDigestGathersItsPeriodsAlertsIntoOneMail() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T09:00:30Z"));
        start(MailServer.PASSWORD, clock);
        subscribe(5, "window-lapsed");
        AlertFixture.approvedWarning(server.app(), WARNING);
        AlertFixture.approvedWarning(server.app(), "report--cccccccc-cccc-4ccc-8ccc-cccccccccccc");

        assertThat(server.app().warnings().checkWindows()).hasSize(2);
        server.app().alerts().dispatchOnce();
        assertThat(mail.greenMail.getReceivedMessages())
                .as("not before the period ends")
                .isEmpty();

        clock.advance(Duration.ofMinutes(5));
        await("the digest", () -> mail.greenMail.getReceivedMessages().length == 1);
        MimeMessage m = mail.greenMail.getReceivedMessages()[0];
        assertThat(m.getSubject()).endsWith("and 1 more (digest)");
        assertThat((String) m.getContent()).contains(WARNING, "report--cccccccc-cccc-4ccc-8ccc-cccccccccccc");
    }
}
