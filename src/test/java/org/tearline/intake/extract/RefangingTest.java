package org.tearline.intake.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every common defanging is undone, and the candidate's offsets cover the text as written
 * (defanged), which is what the review page highlights.
 */
class RefangingTest {

    private static final Instant PUBLISHED = Instant.parse("2024-03-07T19:00:00Z");

    static List<Candidate> extract(String text) {
        return Extractor.standard()
                .extract(
                        new ExtractionRequest(DocumentText.of(text), PUBLISHED, Optional.empty(), List.of(), Set.of()));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "evil[.]com | DOMAIN | evil.com",
                "evil(.)com | DOMAIN | evil.com",
                "evil{.}com | DOMAIN | evil.com",
                "evil[dot]com | DOMAIN | evil.com",
                "evil(dot)com | DOMAIN | evil.com",
                "evil{dot}com | DOMAIN | evil.com",
                "evil[DOT]com | DOMAIN | evil.com",
                "evil dot com | DOMAIN | evil.com",
                "evil DOT com | DOMAIN | evil.com",
                "evil [.] com | DOMAIN | evil.com",
                "evil\\.com | DOMAIN | evil.com",
                "evil[.com | DOMAIN | evil.com",
                "evil.]com | DOMAIN | evil.com",
                "evil(.com | DOMAIN | evil.com",
                "evil.)com | DOMAIN | evil.com",
                "1[.]2[.]3[.]4 | IPV4 | 1.2.3.4",
                "1(.)2(.)3(.)4 | IPV4 | 1.2.3.4",
                "1\\.2\\.3\\.4 | IPV4 | 1.2.3.4",
                "1[.2[.3.]4 | IPV4 | 1.2.3.4",
                "8[.]8[.]8[.]0/24 | IPV4 | 8.8.8.0/24",
                "2a03[:]2880[:]f10c[:]83[::]1 | IPV6 | 2a03:2880:f10c:83::1",
                "hxxp://evil.com/a | URL | http://evil.com/a",
                "hXXp://evil.com/a | URL | http://evil.com/a",
                "hxxps://evil.com/a | URL | https://evil.com/a",
                "hXXps://evil.com/a | URL | https://evil.com/a",
                "HXXPS://EVIL.COM/a | URL | https://evil.com/a",
                "h**p://evil.com/a | URL | http://evil.com/a",
                "hxtp://evil.com/a | URL | http://evil.com/a",
                "http[:]//evil.com/a | URL | http://evil.com/a",
                "http[://]evil.com/a | URL | http://evil.com/a",
                "hxxp[://]evil[.]com/a | URL | http://evil.com/a",
                "http:[//]evil.com/a | URL | http://evil.com/a",
                "http__evil.com/a | URL | http://evil.com/a",
                "hxxp__evil[.]com/a | URL | http://evil.com/a",
                "http://evil.com[/]a | URL | http://evil.com/a",
                "http:// evil.com/a | URL | http://evil.com/a",
                "fxp://evil.com/pub | URL | ftp://evil.com/pub",
                "me[at]evil.com | EMAIL | me@evil.com",
                "me(at)evil.com | EMAIL | me@evil.com",
                "me{at}evil.com | EMAIL | me@evil.com",
                "me[@]evil.com | EMAIL | me@evil.com",
                "me [@] evil[.]com | EMAIL | me@evil.com",
                "me at evil dot com | EMAIL | me@evil.com",
                "me at evil[.]com | EMAIL | me@evil.com",
                "me@evil[.]com | EMAIL | me@evil.com",
            })
    void everyDefangingFormIsRefangedAndHighlightedAsWritten(String defanged, CandidateKind kind, String value) {
        String text = "Seen on Tuesday: " + defanged + " (confirmed).";

        List<Candidate> found = extract(text);

        assertThat(found).filteredOn(c -> c.kind() == kind).singleElement().satisfies(c -> {
            assertThat(c.value()).isEqualTo(value);
            assertThat(text.substring(c.start(), c.end())).isEqualTo(defanged);
        });
        assertThat(found)
                .filteredOn(c -> c.kind() != kind && c.kind() != CandidateKind.TIME_WINDOW)
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // " at " and " dot " stay prose when they are prose.
                "Attacks at night are likely; keep a dot on the map.",
                "The crowd gathered at Moscow dot-com offices.",
                "(see the report at the end.)",
                "They met at noon[.] Nothing followed.",
            })
    void proseWithTheWordsOfADefangingIsNotAnIndicator(String text) {
        assertThat(extract(text))
                .filteredOn(c -> c.kind() == CandidateKind.EMAIL || c.kind() == CandidateKind.DOMAIN)
                .isEmpty();
    }

    @Property(tries = 300)
    void aDefangedDomainIsFoundAsTheDomainAtItsDefangedOffsets(
            @ForAll("domains") List<String> labels,
            @ForAll("dotForms") List<String> forms,
            @ForAll("prose") String before) {
        String domain = String.join(".", labels);
        String defanged = defang(labels, forms);
        String text = before + " " + defanged + " was seen.";

        List<Candidate> found = extract(text);

        assertThat(found)
                .filteredOn(c -> c.kind() == CandidateKind.DOMAIN)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.value()).isEqualTo(domain);
                    assertThat(text.substring(c.start(), c.end())).isEqualTo(defanged);
                });
    }

    @Property(tries = 300)
    void aDefangedUrlIsFoundAsTheUrlAtItsDefangedOffsets(
            @ForAll("domains") List<String> labels,
            @ForAll("dotForms") List<String> forms,
            @ForAll("schemes") String scheme,
            @ForAll("paths") String path) {
        String refanged = (scheme.contains("s") && !scheme.equals("h**p") ? "https" : "http") + "://"
                + String.join(".", labels) + path;
        String defanged = scheme + "://" + defang(labels, forms) + path;
        String text = "Payload at " + defanged + "\nnext line";

        List<Candidate> found = extract(text);

        assertThat(found)
                .filteredOn(c -> c.kind() == CandidateKind.URL)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.value()).isEqualTo(refanged);
                    assertThat(text.substring(c.start(), c.end())).isEqualTo(defanged);
                });
    }

    @Property(tries = 300)
    void aDefangedAddressIsFoundAtItsDefangedOffsets(
            @ForAll("octets") List<Integer> octets, @ForAll("dotForms") List<String> forms) {
        List<String> parts = octets.stream().map(String::valueOf).toList();
        String address = String.join(".", parts);
        StringBuilder defanged = new StringBuilder(parts.get(0));
        for (int i = 1; i < 4; i++) {
            String form = forms.get(i % forms.size());
            defanged.append(form.equals(" dot ") ? "[.]" : form).append(parts.get(i));
        }
        String text = "C2 " + defanged + ", port 443";

        List<Candidate> found = extract(text);

        assertThat(found)
                .filteredOn(c -> c.kind() == CandidateKind.IPV4)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.value()).isEqualTo(address);
                    assertThat(text.substring(c.start(), c.end())).isEqualTo(defanged.toString());
                });
    }

    private static String defang(List<String> labels, List<String> forms) {
        StringBuilder out = new StringBuilder(labels.get(0));
        for (int i = 1; i < labels.size(); i++) {
            out.append(forms.get(i % forms.size())).append(labels.get(i));
        }
        return out.toString();
    }

    @Provide
    Arbitrary<List<String>> domains() {
        Arbitrary<String> label = Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(2)
                .ofMaxLength(12)
                .filter(l -> !l.equals("dot") && !l.equals("at") && !l.equals("example"));
        Arbitrary<String> tld = Arbitraries.of("com", "net", "org", "ru", "info", "xyz", "io", "top", "cn");
        return Combinators.combine(label.list().ofMinSize(1).ofMaxSize(3), tld)
                .as((ls, t) -> {
                    List<String> all = new java.util.ArrayList<>(ls);
                    all.add(t);
                    return all;
                })
                // "ac.ru" and "zj.cn" are public suffixes themselves, rightly no domain.
                .filter(l -> Indicators.publicDomain(String.join(".", l)));
    }

    @Provide
    Arbitrary<List<String>> dotForms() {
        return Arbitraries.of("[.]", "(.)", "{.}", "[dot]", "(dot)", "{dot}", "[DOT]", " dot ", "\\.", ".", " [.] ")
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.of("hxxp", "hXXp", "hxxps", "hXXps", "h**p", "http", "https");
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("", "/", "/gate.php", "/a/b?id=1", "/x#y");
    }

    @Provide
    Arbitrary<String> prose() {
        return Arbitraries.of("The host", "Contact", "Moscow:", "On March 8 the domain", "see");
    }

    @Provide
    Arbitrary<List<Integer>> octets() {
        // First octets away from the private, loopback, documentation and multicast ranges.
        return Combinators.combine(
                        Arbitraries.of(5, 31, 45, 77, 91, 185, 194, 212),
                        Arbitraries.integers().between(0, 255).list().ofSize(3))
                .as((first, rest) -> {
                    List<Integer> all = new java.util.ArrayList<>();
                    all.add(first);
                    all.addAll(rest);
                    return all;
                });
    }
}
