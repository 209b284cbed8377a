package org.tearline.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Parses the indicator patterns of real STIX data. These tests need the shared test data in
 * {@code ../shared} (next to the worktree); each is skipped only where its folder is absent.
 */
class StixPatternCorpusTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SHARED = Path.of("..", "shared");

    /** How the OASIS validator reports a pattern its grammar refuses. */
    private static final String GRAMMAR_ERROR = "Pattern failed to validate: FAIL: Error found at";

    /** How it reports a type or property name breaking the naming rules of STIX 2.1 section 3.1. */
    private static final List<String> NAMING_ERRORS =
            List.of("is not a valid observable type name", "is not a valid observable property name");

    @Test
    void parsesEveryIndicatorPatternOfTheCorpus() throws IOException {
        Path corpus = SHARED.resolve("stix-corpus");
        assumeTrue(Files.isDirectory(corpus), "../shared/stix-corpus is absent");
        List<String> patterns = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                stixPatterns(MAPPER.readTree(file.toFile()), patterns);
            }
        }

        assertThat(patterns).hasSizeGreaterThanOrEqualTo(48);
        assertThat(failures(patterns)).isEmpty();
        assertThat(patterns)
                .allSatisfy(text -> assertThat(
                                StixPattern.parse(StixPattern.parse(text).render()))
                        .isEqualTo(StixPattern.parse(text)));
    }

    /**
     * Every pattern of the OASIS validator's labelled cases parses, except those its grammar
     * refuses. Cases invalid for other reasons (timestamps, naming, vocabularies) carry patterns
     * the parser must accept.
     */
    @Test
    void parsesTheConformanceCasePatternsExactlyWhereTheGrammarAllows() throws IOException {
        JsonNode cases = conformanceCases();
        List<String> valid = new ArrayList<>();
        List<String> otherwiseInvalid = new ArrayList<>();
        List<String> grammarRefused = new ArrayList<>();
        for (JsonNode testCase : cases) {
            String errors = testCase.path("errors_under_test_options").toString();
            List<String> patterns = casePatterns(testCase);
            if (errors.contains(GRAMMAR_ERROR)) {
                grammarRefused.addAll(patterns);
            } else if (testCase.path("valid_default_nonstrict").asBoolean()) {
                valid.addAll(patterns);
            } else {
                otherwiseInvalid.addAll(patterns);
            }
        }

        assertThat(valid).hasSizeGreaterThanOrEqualTo(30);
        assertThat(failures(valid)).isEmpty();
        assertThat(failures(otherwiseInvalid)).isEmpty();
        assertThat(grammarRefused)
                .isNotEmpty()
                .allSatisfy(text -> assertThat(catchThrowable(() -> StixPattern.parse(text)))
                        .as(text)
                        .isInstanceOf(InvalidPatternException.class));
    }

    /**
     * Type and property names that are too short are grammatical; the OASIS validator refuses them
     * by the naming rules, which the parser leaves to the validator, exposing the names in
     * {@link StixPattern#objectPaths()}.
     */
    @Test
    void exposesTheNamesThatBreakNamingRulesForTheValidator() throws IOException {
        JsonNode cases = conformanceCases();
        List<ObjectPath> paths = new ArrayList<>();
        for (JsonNode testCase : cases) {
            String errors = testCase.path("errors_under_test_options").toString();
            if (NAMING_ERRORS.stream().anyMatch(errors::contains)) {
                for (String text : casePatterns(testCase)) {
                    paths.addAll(StixPattern.parse(text).objectPaths());
                }
            }
        }

        assertThat(paths)
                .isNotEmpty()
                .allSatisfy(path -> assertThat(path.objectType().length() < 3
                                || path.property().length() < 3)
                        .isTrue());
    }

    private static JsonNode conformanceCases() throws IOException {
        Path cases = SHARED.resolve("stix-conformance").resolve("cases.json");
        assumeTrue(Files.isRegularFile(cases), "../shared/stix-conformance/cases.json is absent");
        return MAPPER.readTree(cases.toFile());
    }

    /** The STIX patterns of a case, from its parsed input or from its raw text when that is JSON. */
    private static List<String> casePatterns(JsonNode testCase) {
        List<String> patterns = new ArrayList<>();
        stixPatterns(testCase.path("input"), patterns);
        readJson(testCase.path("raw_text").asText("")).ifPresent(raw -> stixPatterns(raw, patterns));
        return patterns;
    }

    private static Optional<JsonNode> readJson(String text) {
        try {
            return text.isBlank() ? Optional.empty() : Optional.of(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            // Some raw inputs are deliberately broken JSON; they hold no pattern to test.
            return Optional.empty();
        }
    }

    /** Collects the pattern of every indicator whose pattern_type is stix or absent. */
    private static void stixPatterns(JsonNode node, List<String> out) {
        if (node.isObject()) {
            if ("indicator".equals(node.path("type").asText())
                    && node.path("pattern").isTextual()
                    && "stix".equals(node.path("pattern_type").asText("stix"))) {
                out.add(node.path("pattern").asText());
            }
            node.elements().forEachRemaining(child -> stixPatterns(child, out));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> stixPatterns(child, out));
        }
    }

    /** The patterns that fail to parse, with the parser's message. */
    private static Map<String, String> failures(List<String> patterns) {
        Map<String, String> failures = new LinkedHashMap<>();
        for (String text : patterns) {
            Throwable thrown = catchThrowable(() -> StixPattern.parse(text));
            if (thrown != null) {
                failures.put(text, thrown.getMessage());
            }
        }
        return failures;
    }
}
