package org.tearline.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.Tearline;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.error.ConfigurationException;
import org.tearline.testing.TaxiiClient;
import org.tearline.testing.TestServer;

/**
 * The values an operator keeps out of intake's indicators ({@code intake.benign} in
 * tearline.yaml: exact values, domains with their subdomains, networks), read at start-up and
 * applied by the real extraction engine to every document taken in.
 */
class OperatorBenignValuesTest {

    @TempDir
    Path dir;

    @Test
    void theOperatorsValuesNetworksAndDomainsAreKeptOutOfADraft() throws Exception {
        Files.writeString(
                dir.resolve("tearline.yaml"),
                "intake:\n  benign: [\"45.77.10.1\", \"10.20.0.0/16\", \"our-sandbox.net\"]\n");
        TearlineConfig config = TearlineConfig.load(dir.resolve("tearline.yaml"));
        assertThat(config.intake().benign()).containsExactly("45.77.10.1", "10.20.0.0/16", "our-sandbox.net");

        try (TestServer server = TestServer.start(
                dir.resolve("data"), config, java.time.Clock.systemUTC(), Tearline.standardExtraction())) {
            server.user("analyst", Account.Role.PRODUCER);
            TaxiiClient analyst = server.as("analyst");
            String text = "The implant beaconed to 45.77.10.1 and 45.77.10.2, staged on"
                    + " hxxps://cdn.our-sandbox[.]net/a.bin and hxxps://evil-cdn[.]org/a.bin.";
            TaxiiClient.Reply r = analyst.send(analyst.request("/api/intake")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"text\":\"" + text + "\",\"published\":\"2024-03-07T19:00:00Z\"}")));

            assertThat(r.status()).as(r.body()).isEqualTo(201);
            List<String> values = new ArrayList<>();
            for (JsonNode c : r.json().path("candidates")) {
                values.add(c.path("value").asText());
            }
            assertThat(values)
                    .contains("45.77.10.2", "https://evil-cdn.org/a.bin")
                    .doesNotContain("45.77.10.1")
                    .noneMatch(v -> v.contains("our-sandbox.net"));
        }
    }

    @Test
    void aBenignListThatIsNotAListOfStringsStopsTheStartNamingTheKey() throws Exception {
        Files.writeString(dir.resolve("tearline.yaml"), "intake:\n  benign: 45.77.10.1\n");
        assertThatThrownBy(() -> TearlineConfig.load(dir.resolve("tearline.yaml")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("intake.benign must be a list of strings");

        Files.writeString(dir.resolve("tearline.yaml"), "intake:\n  benign: [\"ok.example\", \"\"]\n");
        assertThatThrownBy(() -> TearlineConfig.load(dir.resolve("tearline.yaml")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("intake.benign[1] must be a non-blank string");
    }
}
