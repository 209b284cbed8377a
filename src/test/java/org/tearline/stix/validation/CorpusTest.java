package org.tearline.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tearline.stix.StixJson;

/**
 * Every object of the real-world corpus in {@code ../shared/stix-corpus/} (MITRE ATT&CK, OASIS
 * examples, python-stix2 test data, OASIS common marking definitions) must validate. This test
 * needs the shared folder beside the project root ({@code ../shared}); without it the test is
 * skipped.
 */
public class CorpusTest {

    private static final Path CORPUS = Path.of("../shared/stix-corpus");

    /**
     * The corpus objects Tearline refuses, each with the section of STIX 2.1 that the object
     * breaks. Key: file name, object id, property and rule of the violation.
     */
    public static final Map<String, String> KNOWN_VIOLATIONS = knownViolations();

    private static Map<String, String> knownViolations() {
        Map<String, String> m = new TreeMap<>();
        m.put(
                "acs-spec-use-case-1.json marking-definition--20864905-06a0-47be-a04c-2164af17d635"
                        + " created timestamp-precision",
                "section 3.2: created must have at least " + "millisecond precision; '2020-06-18T00:00:00Z' has none");
        m.put(
                "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168.json "
                        + "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168 created "
                        + "timestamp-precision",
                "section 3.2: created must have at least millisecond " + "precision; '2017-06-01T00:00:00Z' has none");
        m.put(
                "20170531213215263882.json malware--b42378e0-f147-496f-992a-26a49705395b "
                        + "spec_version required-property",
                "section 3.2: spec_version is required on "
                        + "SDOs; this is a STIX 2.0 object (the corpus README calls it a quirk)");
        for (String id : new String[] {
            "artifact--ca17bcf8-9846-5ab4-8662-75c1bf6e63ee",
            "artifact--6f437177-6e48-5cf8-9d9e-872a2bddd641",
            "artifact--4cce66f8-6eaa-53cb-85d5-3a85fca3a6c5"
        }) {
            m.put(
                    "sco-examples-bundle.json " + id + " payload_bin value-format",
                    "section 2.1: " + "binary is base64 (RFC 4648); these values end in ' ...' (truncated)");
        }
        for (String header : new String[] {"Content-Disposition", "X-Mailer", "X-Originating-IP"}) {
            m.put(
                    "sco-examples-bundle.json email-message--cf9b4b7f-14c8-5955-8065-020e0316b559 "
                            + "additional_header_fields." + header + " value-type",
                    "section 6.6.1: each "
                            + "additional_header_fields value MUST be a list of strings; this is a string");
        }
        m.put(
                "sco-examples-bundle.json file--6ce09d9c-0ad3-5ebf-900c-e3cb288955b5 "
                        + "magic_number_hex value-format",
                "section 2.8: hex uses the lower-case " + "letters a-f; '504B0304' has an upper-case B");
        return Map.copyOf(m);
    }

    private final StixValidator validator = new StixValidator();

    @Test
    void everyCorpusObjectValidatesExceptTheListedSpecViolations() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "needs ../shared/stix-corpus beside the project root");
        List<String> found = new ArrayList<>();
        int objects = 0;
        for (Path file : jsonFiles()) {
            JsonNode content = StixJson.mapper().readTree(file.toFile());
            objects += count(content);
            for (Violation v : validator.validateContent(content)) {
                found.add(file.getFileName() + " " + v.objectId() + " " + v.property() + " " + v.rule());
            }
        }
        System.out.printf("corpus: %d objects, %d known violations%n", objects, found.size());
        assertThat(objects).isGreaterThan(6000);
        assertThat(found).containsExactlyInAnyOrderElementsOf(KNOWN_VIOLATIONS.keySet());
    }

    @Test
    void everyKnownViolationNamesTheSectionItBreaks() {
        assertThat(KNOWN_VIOLATIONS.values())
                .allSatisfy(reason -> assertThat(reason).containsPattern("section \\d"));
    }

    private static List<Path> jsonFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            return walk.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }

    private static int count(JsonNode content) {
        if (content.isArray()) {
            return content.size();
        }
        JsonNode objects = content.get("objects");
        return objects != null && objects.isArray() ? objects.size() : 1;
    }
}
