package org.tearline.intake.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KnownBenignTest {

    private static List<Candidate> extract(String text, Optional<String> publisher, Set<String> extra) {
        return Extractor.standard()
                .extract(new ExtractionRequest(
                        DocumentText.of(text), Instant.parse("2024-03-07T19:00:00Z"), publisher, List.of(), extra));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "192.0.2.15",
                "198.51.100.7",
                "203.0.113.254",
                "203.0.113.0/24",
                "2001:db8::1",
                "2001:db8:ffff::/48",
                "10.1.2.3",
                "172.16.5.4",
                "192.168.0.1",
                "127.0.0.1",
                "169.254.1.1",
                "0.0.0.0",
                "::1",
                "fe80::1",
                "example.com",
                "www.example.net",
                "mail.example.org",
                "host.test",
                "host.invalid",
                "box.localhost",
                "me@example.com",
                "hxxp://example[.]com/x",
                "http://192.0.2.1/x",
                "http://[2001:db8::5]/x"
            })
    void documentationRangesExampleNamesAndInternalAddressesAreNeverIndicators(String value) {
        assertThat(extract("Indicator: " + value + " (seen).", Optional.empty(), Set.of()))
                .isEmpty();
    }

    @Test
    void thePublishersOwnDomainAndItsSubdomainsAreKeptOut() {
        String text = "Contact press@tearline-cti.org or see https://www.tearline-cti.org/a; C2 evil-cti.org.";

        assertThat(extract(text, Optional.of("Tearline-CTI.org"), Set.of()))
                .extracting(Candidate::value)
                .containsExactly("evil-cti.org");
    }

    @Test
    void theOperatorsListAddsValuesDomainsAndNetworks() {
        String text = "Hosts: cdn.partner.net 45.9.20.1 45.9.21.1 d41d8cd98f00b204e9800998ecf8427e evil.biz";

        List<Candidate> found = extract(
                text, Optional.empty(), Set.of("partner.net", "45.9.20.0/24", "D41D8CD98F00B204E9800998ECF8427E"));

        assertThat(found).extracting(Candidate::value).containsExactly("45.9.21.1", "evil.biz");
    }

    @Test
    void aNetworkIsKeptOutOnlyWhenItLiesInsideABenignRange() {
        assertThat(extract("Ranges 192.0.0.0/16 and 192.0.2.128/25.", Optional.empty(), Set.of()))
                .extracting(Candidate::value)
                .containsExactly("192.0.0.0/16");
    }
}
