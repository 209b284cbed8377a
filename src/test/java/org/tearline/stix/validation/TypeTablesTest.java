package org.tearline.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tearline.stix.StixTypes;

/**
 * Table-driven tests, one JSON file per object type under {@code validation/types/}: each file
 * has valid objects and invalid variants of them, every variant breaking one rule and naming
 * the rule and property it must be refused with.
 */
class TypeTablesTest {

    private final StixValidator validator = new StixValidator();

    @TestFactory
    Stream<DynamicNode> everyTypeAcceptsItsValidExamplesAndRefusesEachBrokenVariant() {
        return TypeTables.names().stream().map(name -> {
            TypeTables.Table table = TypeTables.load(name);
            List<DynamicNode> tests = new ArrayList<>();
            for (int i = 0; i < table.valid().size(); i++) {
                ObjectNode valid = table.valid().get(i);
                tests.add(DynamicTest.dynamicTest(
                        "accepts valid example " + i,
                        () -> assertThat(validator.validate(valid)).isEmpty()));
            }
            for (TypeTables.Variant v : table.invalid()) {
                tests.add(DynamicTest.dynamicTest("refuses: " + v.name(), () -> {
                    List<Violation> found = validator.validate(v.object());
                    assertThat(found)
                            .as("violations of %s", v.object())
                            .anySatisfy(x -> {
                                assertThat(x.rule()).isEqualTo(v.rule());
                                assertThat(x.property()).isEqualTo(v.property());
                                if (!v.property().isEmpty()) {
                                    String leaf = v.property().replaceAll(".*[.\\]]", "");
                                    assertThat(x.describe()).contains(leaf);
                                }
                            })
                            .allSatisfy(x -> assertThat(x.rule()).isEqualTo(v.rule()));
                }));
            }
            return DynamicContainer.dynamicContainer(name, tests);
        });
    }

    @Test
    void everyObjectTypeOfTheSpecificationHasATable() {
        List<String> types = new ArrayList<>();
        types.addAll(StixTypes.SDO);
        types.addAll(StixTypes.SRO);
        types.addAll(StixTypes.SCO);
        types.addAll(StixTypes.META);
        for (String type : types) {
            TypeTables.Table table = TypeTables.load(type);
            assertThat(table.valid()).as(type).isNotEmpty();
            assertThat(table.invalid()).as(type).hasSizeGreaterThanOrEqualTo(3);
            assertThat(table.valid())
                    .allSatisfy(o -> assertThat(o.get("type").asText()).isEqualTo(type));
        }
    }

    /** Loads the table files; shared with the property tests. */
    static final class TypeTables {

        record Variant(String name, String rule, String property, ObjectNode object) {}

        record Table(List<ObjectNode> valid, List<Variant> invalid) {}

        static List<String> names() {
            List<String> names = new ArrayList<>();
            names.addAll(StixTypes.SDO.stream().sorted().toList());
            names.addAll(StixTypes.SRO.stream().sorted().toList());
            names.addAll(StixTypes.SCO.stream().sorted().toList());
            names.addAll(StixTypes.META.stream().sorted().toList());
            names.add("custom-objects");
            return names;
        }

        static Table load(String name) {
            try (InputStream in = TypeTablesTest.class.getResourceAsStream("/validation/types/" + name + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("no table for " + name);
                }
                JsonNode root = Json.MAPPER.readTree(in);
                List<ObjectNode> valid = new ArrayList<>();
                root.get("valid").forEach(n -> valid.add((ObjectNode) n));
                List<Variant> invalid = new ArrayList<>();
                for (JsonNode v : root.get("invalid")) {
                    ObjectNode o = valid.get(v.path("base").asInt(0)).deepCopy();
                    v.path("remove").forEach(r -> o.remove(r.asText()));
                    v.path("set")
                            .properties()
                            .forEach((Map.Entry<String, JsonNode> e) -> o.set(e.getKey(), e.getValue()));
                    invalid.add(new Variant(
                            v.get("name").asText(),
                            v.get("rule").asText(),
                            v.get("property").asText(),
                            o));
                }
                return new Table(List.copyOf(valid), List.copyOf(invalid));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
