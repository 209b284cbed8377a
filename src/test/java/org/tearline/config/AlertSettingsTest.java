package org.tearline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.error.ConfigurationException;

/** The alerts section of tearline.yaml: read, checked at start-up, secrets kept out of sight. */
class AlertSettingsTest {

    @TempDir
    Path dir;

    private TearlineConfig load(String yaml) throws Exception {
        Path f = dir.resolve("tearline.yaml");
        Files.writeString(f, yaml);
        return TearlineConfig.load(f);
    }

    @Test
    void readsTheChannelsAndKeepsTheirSecretsOutOfToString() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-");
        AlertSettings a = load("""
                alerts:
                  retry: {attempts: 4, first-delay-millis: 500, max-delay-millis: 8000}
                  rate-limit: {per-recipient: 5, window-minutes: 15}
                  smtp: {host: mail.example.org, username: tearline, password: smtp-secret-value,
                         from: tearline@example.org}
                  webhooks:
                    duty-desk: {url: "https://desk.example.org/hook", secret: webhook-secret-value-1234,
                                ca-file: "%s"}
                """.formatted(ca)).alerts();

        assertThat(a.maxAttempts()).isEqualTo(4);
        assertThat(a.firstRetryMillis()).isEqualTo(500);
        assertThat(a.ratePerRecipient()).isEqualTo(5);
        assertThat(a.smtp().port()).as("STARTTLS's port by default").isEqualTo(587);
        assertThat(a.smtp().security()).isEqualTo("starttls");
        assertThat(a.webhooks().get("duty-desk").caFile()).isEqualTo(ca);
        assertThat(a.toString()).doesNotContain("smtp-secret-value", "webhook-secret-value-1234");
        assertThat(TearlineConfig.defaults().alerts()).isEqualTo(AlertSettings.defaults());
    }

    @Test
    void refusesABadSectionNamingTheKeyAndNeverTheSecret() {
        assertThatThrownBy(() -> load("""
                        alerts:
                          webhooks:
                            desk: {url: "http://desk.example.org/hook", secret: webhook-secret-value-1234}
                        """))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("alerts.webhooks.desk.url must be an https URL");
        assertThatThrownBy(() -> load("""
                        alerts:
                          webhooks:
                            desk: {url: "https://desk.example.org/hook", secret: short-secret}
                        """))
                .hasMessageContaining("alerts.webhooks.desk.secret must be set, 16 to 200 characters")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> load("""
                        alerts:
                          webhooks:
                            desk: {url: "https://desk.example.org/hook", secret: webhook-secret-value-1234,
                                   ca-file: /nonexistent/ca.pem}
                        """))
                .hasMessageContaining("alerts.webhooks.desk.ca-file /nonexistent/ca.pem cannot be read");
        assertThatThrownBy(() -> load("""
                        alerts:
                          smtp: {host: mail.example.org, security: none, username: u, password: smtp-secret-value,
                                 from: tearline@example.org}
                        """))
                .hasMessageContaining("would send the SMTP password in clear")
                .hasMessageNotContaining("smtp-secret-value");
        assertThatThrownBy(() -> load("""
                        alerts:
                          smtp: {host: mail.example.org, from: nobody}
                        """))
                .hasMessageContaining("alerts.smtp.from must be an e-mail address, was 'nobody'");
        assertThatThrownBy(() -> load("alerts: {retries: 3}\n"))
                .hasMessageContaining("unknown configuration key(s) [alerts.retries]");
        assertThatThrownBy(() -> load("alerts: {retry: {first-delay-millis: 9000, max-delay-millis: 100}}\n"))
                .hasMessageContaining("cannot be larger than alerts.retry.max-delay-millis");
    }
}
