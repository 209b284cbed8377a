package org.tearline.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.tearline.stix.StixTimestamp;

/** Properties that hold for every object type and every mutation jqwik can think of. */
class ValidatorPropertiesTest {

    private static final List<ObjectNode> VALID = validExamples();
    private static final Set<String> RULES = ruleNames();
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z][a-z0-9_]{2,249}");

    private final StixValidator validator = new StixValidator();

    private static List<ObjectNode> validExamples() {
        List<ObjectNode> all = new ArrayList<>();
        for (String name : TypeTablesTest.TypeTables.names()) {
            all.addAll(TypeTablesTest.TypeTables.load(name).valid());
        }
        return List.copyOf(all);
    }

    private static Set<String> ruleNames() {
        Set<String> names = new HashSet<>();
        for (Field f : Rules.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(names);
    }

    /** A valid example with one of its type's required properties deleted. */
    record Removal(ObjectNode object, String property) {}

    @Provide
    Arbitrary<Removal> requiredPropertyRemovals() {
        return Arbitraries.of(VALID).flatMap(o -> {
            ObjectType type = TypeRegistry.get(o.get("type").asText());
            List<String> required =
                    type == null ? List.of("type", "id") : type.shape().required();
            return Arbitraries.of(required).map(p -> {
                ObjectNode copy = o.deepCopy();
                copy.remove(p);
                return new Removal(copy, p);
            });
        });
    }

    @Property(tries = 300)
    void deletingARequiredPropertyIsAlwaysRefusedNamingIt(@ForAll("requiredPropertyRemovals") Removal removal) {
        assertThat(validator.validate(removal.object())).anySatisfy(v -> {
            assertThat(v.rule()).isEqualTo(Rules.REQUIRED_PROPERTY);
            assertThat(v.property()).isEqualTo(removal.property());
            assertThat(v.message()).contains(removal.property());
        });
    }

    @Property(tries = 200)
    void aModifiedTimestampBeforeCreatedIsAlwaysRefused(
            @ForAll("versionedObjects") ObjectNode object,
            @ForAll @LongRange(min = 1, max = 10_000_000_000L) long millisEarlier) {
        ObjectNode copy = object.deepCopy();
        Instant created = StixTimestamp.parse(copy.get("created").asText()).orElseThrow();
        copy.put("modified", StixTimestamp.format(created.minusMillis(millisEarlier)));
        assertThat(validator.validate(copy)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rules.TIMESTAMP_ORDER);
            assertThat(v.property()).isEqualTo("modified");
            assertThat(v.message())
                    .contains(copy.get("modified").asText(), copy.get("created").asText());
        });
    }

    @Provide
    Arbitrary<ObjectNode> versionedObjects() {
        return Arbitraries.of(VALID.stream()
                .filter(o -> o.has("created") && o.has("modified"))
                .toList());
    }

    @Provide
    Arbitrary<JsonNode> jsonValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> strings = Arbitraries.strings().ofMaxLength(300).map(f::textNode);
        Arbitrary<JsonNode> longStrings =
                Arbitraries.strings().ofMinLength(1000).ofMaxLength(5000).map(f::textNode);
        Arbitrary<JsonNode> numbers = Arbitraries.longs().map(f::numberNode);
        Arbitrary<JsonNode> doubles = Arbitraries.doubles().map(f::numberNode);
        Arbitrary<JsonNode> booleans = Arbitraries.of(true, false).map(f::booleanNode);
        Arbitrary<JsonNode> nulls = Arbitraries.just(f.nullNode());
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(strings, longStrings, numbers, doubles, booleans, nulls);
        Arbitrary<JsonNode> lists = scalars.list().ofMaxSize(4).map(l -> {
            var a = f.arrayNode();
            l.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(Arbitraries.strings().ofMaxLength(20), scalars)
                .as((k, v) -> {
                    ObjectNode o = f.objectNode();
                    o.set(k, v);
                    return o;
                });
        return Arbitraries.oneOf(scalars, lists, objects);
    }

    @Property(tries = 500)
    void anyValueInAnyPropertyYieldsBoundedWellFormedViolations(
            @ForAll("validObjects") ObjectNode object,
            @ForAll("propertyNames") String property,
            @ForAll("jsonValues") JsonNode value) {
        ObjectNode copy = object.deepCopy();
        String key = property.isEmpty() ? "x_extra" : property;
        copy.set(key.equals("*") ? object.fieldNames().next() : key, value);
        List<Violation> found = validator.validate(copy);
        assertThat(found).hasSizeLessThanOrEqualTo(Report.LIMIT);
        assertThat(found).allSatisfy(v -> {
            assertThat(RULES).contains(v.rule());
            assertThat(v.message()).isNotBlank();
            // Hostile values are quoted in part only.
            assertThat(v.describe().length()).isLessThan(1200);
        });
    }

    @Provide
    Arbitrary<ObjectNode> validObjects() {
        return Arbitraries.of(VALID);
    }

    @Provide
    Arbitrary<String> propertyNames() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "*",
                        "created",
                        "modified",
                        "name",
                        "id",
                        "type",
                        "value",
                        "extensions",
                        "granular_markings",
                        "object_refs",
                        "hashes",
                        "external_references",
                        "spec_version",
                        "pattern",
                        "first_seen"),
                Arbitraries.strings().ofMaxLength(12));
    }

    @Property(tries = 400)
    void aCustomPropertyIsRefusedExactlyWhenItsNameBreaksTheNamingRule(@ForAll("customNames") String name) {
        ObjectNode identity = (ObjectNode) Json.q("{'type': 'identity', 'spec_version': '2.1',"
                + " 'id': 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',"
                + " 'created': '2016-04-06T20:03:48.000Z', 'modified': '2016-04-06T20:03:48.000Z',"
                + " 'name': 'ACME'}");
        Set<String> defined = new HashSet<>();
        TypeRegistry.get("identity").shape().properties().keySet().forEach(defined::add);
        if (defined.contains(name) || Checks.isReserved(name)) {
            return;
        }
        identity.put(name, "value");
        boolean refused =
                validator.validate(identity).stream().anyMatch(v -> v.rule().equals(Rules.CUSTOM_PROPERTY_NAME));
        assertThat(refused).isEqualTo(!PROPERTY_NAME.matcher(name).matches());
    }

    @Provide
    Arbitrary<String> customNames() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcxyz_019AZ-!é ").ofMaxLength(8),
                Arbitraries.strings().withChars("abcdef_").ofMinLength(245).ofMaxLength(255),
                Arbitraries.of("x_acme_score", "ab", "_abc", "9abc", "abc", "x-acme"));
    }
}
