package org.tearline.stix.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StixValidatorTest {

    private static final String IDENTITY = "{'type': 'identity', 'spec_version': '2.1',"
            + " 'id': 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',"
            + " 'created': '2016-04-06T20:03:48.000Z', 'modified': '2016-04-06T20:03:48.000Z',"
            + " 'name': 'ACME'}";

    private final StixValidator validator = new StixValidator();

    private static ObjectNode identity() {
        return (ObjectNode) Json.q(IDENTITY);
    }

    @Test
    void acceptsAMinimalIdentity() {
        assertThat(validator.validate(identity())).isEmpty();
    }

    @Test
    void reportsEveryViolationOfAnObjectNotJustTheFirst() {
        ObjectNode o = identity();
        o.remove("name");
        o.put("confidence", 300);
        o.put("modified", "2015-01-01T00:00:00.000Z");
        assertThat(validator.validate(o))
                .extracting(Violation::rule)
                .containsExactlyInAnyOrder(Rules.REQUIRED_PROPERTY, Rules.NUMBER_RANGE, Rules.TIMESTAMP_ORDER);
    }

    @Test
    void namesTheValuesAndTheLimitInTheTimestampOrderMessage() {
        ObjectNode o = identity();
        o.put("created", "2016-02-01T00:00:00.000Z");
        o.put("modified", "2016-01-01T00:00:00.000Z");
        assertThat(validator.validate(o)).singleElement().satisfies(v -> {
            assertThat(v.objectId()).isEqualTo("identity--f431f809-377b-45e0-aa1c-6a4751cae5ff");
            assertThat(v.property()).isEqualTo("modified");
            assertThat(v.message())
                    .isEqualTo("modified 2016-01-01T00:00:00.000Z is earlier than"
                            + " created 2016-02-01T00:00:00.000Z; it must be later than or equal");
            assertThat(v.describe())
                    .isEqualTo("identity--f431f809-377b-45e0-aa1c-6a4751cae5ff:"
                            + " property 'modified': [timestamp-order] " + v.message());
        });
    }

    @Test
    void quotesAtMostEightyCharactersOfAHugeValue() {
        ObjectNode o = identity();
        o.put("lang", "x".repeat(1_000_000));
        assertThat(validator.validate(o)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rules.VALUE_FORMAT);
            assertThat(v.message()).contains("'" + "x".repeat(80) + "'... (1000000 characters)");
            assertThat(v.message().length()).isLessThan(250);
        });
    }

    @Test
    void escapesControlCharactersInQuotedValues() {
        ObjectNode o = identity();
        o.put("lang", "en\n\u0000'");
        assertThat(validator.validate(o))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("'en\\u000a\\u0000\\''"));
    }

    @Test
    void capsTheViolationsOfOneObjectAtFifty() {
        ObjectNode o = identity();
        for (int i = 0; i < 200; i++) {
            o.put("Bad-Name-" + i, i);
        }
        List<Violation> found = validator.validate(o);
        assertThat(found).hasSize(Report.LIMIT);
        assertThat(found.get(Report.LIMIT - 1).rule()).isEqualTo(Rules.TOO_MANY_VIOLATIONS);
    }

    @Test
    void refusesSomethingThatIsNotAJsonObject() {
        assertThat(validator.validate(Json.parse("[1, 2]"))).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rules.NOT_AN_OBJECT);
            assertThat(v.objectId()).isEqualTo("(no id)");
        });
    }

    @Test
    void refusesAnInvalidTypeNameWithoutGuessingItsProperties() {
        ObjectNode o = identity();
        o.put("type", "Identity");
        assertThat(validator.validate(o)).extracting(Violation::rule).contains(Rules.TYPE_NAME);
    }

    @Test
    void refusesAnIdWhoseTypeDiffersFromTheObjectType() {
        ObjectNode o = identity();
        o.put("id", "indicator--f431f809-377b-45e0-aa1c-6a4751cae5ff");
        assertThat(validator.validate(o)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rules.ID_TYPE_MISMATCH);
            assertThat(v.property()).isEqualTo("id");
        });
    }

    @Test
    void acceptsUpperCaseHexInUuidsAsRfc4122Allows() {
        ObjectNode o = identity();
        o.put("id", "identity--F431F809-377B-45E0-AA1C-6A4751CAE5FF");
        assertThat(validator.validate(o)).isEmpty();
    }

    @Test
    void validatesABundleAndEachObjectInIt() {
        JsonNode bundle = Json.q("{'type': 'bundle',"
                + " 'id': 'bundle--44af6c39-c09b-49c5-9de2-394224b04982',"
                + " 'objects': [" + IDENTITY + ", {'type': 'identity',"
                + " 'id': 'identity--8ae20dde-83d4-4218-88fd-41ef0dabf9d1', 'spec_version': '2.1',"
                + " 'created': '2016-08-22T14:09:00.123Z',"
                + " 'modified': '2016-08-22T14:09:00.123Z'}]}");
        assertThat(validator.validateBundle(bundle)).singleElement().satisfies(v -> {
            assertThat(v.objectId()).isEqualTo("identity--8ae20dde-83d4-4218-88fd-41ef0dabf9d1");
            assertThat(v.rule()).isEqualTo(Rules.REQUIRED_PROPERTY);
            assertThat(v.property()).isEqualTo("name");
        });
    }

    @Test
    void refusesABundleOfTheWrongShape() {
        JsonNode bundle =
                Json.q("{'type': 'bundel', 'id': 'bundle--44af6c39-c09b-49c5-9de2-" + "394224b04982', 'objects': {}}");
        assertThat(validator.validateBundle(bundle))
                .extracting(Violation::property)
                .containsExactlyInAnyOrder("type", "objects");
        assertThat(validator.validateBundle(Json.q("{'type': 'bundle'}")))
                .extracting(Violation::rule)
                .containsExactly(Rules.REQUIRED_PROPERTY);
    }

    @Test
    void refusesABundleInsideABundle() {
        JsonNode bundle = Json.q("{'type': 'bundle', 'id': 'bundle--44af6c39-c09b-49c5-9de2-"
                + "394224b04982', 'objects': [{'type': 'bundle', 'id': 'bundle--54af6c39-c09b-49c5-"
                + "9de2-394224b04982'}]}");
        assertThat(validator.validateBundle(bundle)).extracting(Violation::rule).containsExactly(Rules.BUNDLE);
    }

    @Test
    void namesTheIndexOfABundleEntryThatIsNotAnObject() {
        JsonNode bundle = Json.q("{'type': 'bundle', 'id': 'bundle--44af6c39-c09b-49c5-9de2-"
                + "394224b04982', 'objects': [" + IDENTITY + ", 'identity']}");
        assertThat(validator.validateBundle(bundle)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(Rules.NOT_AN_OBJECT);
            assertThat(v.property()).isEqualTo("objects[1]");
        });
    }

    @Test
    void validatesContentGivenAsABareListOfObjects() {
        ObjectNode bad = identity();
        bad.remove("name");
        var list = Json.MAPPER.createArrayNode().add(identity()).add(bad);
        assertThat(validator.validateContent(list))
                .extracting(Violation::property)
                .containsExactly("name");
    }

    @Test
    void resolvesGranularSelectorsAsSection723Describes() {
        ObjectNode vulnerability = (ObjectNode) Json.q("{'id': 'vulnerability--ee916c28-c7a4-"
                + "4d0d-ad56-a8d357f89fef', 'spec_version': '2.1', 'created': '2016-02-14T00:00:00"
                + ".000Z', 'modified': '2016-02-14T00:00:00.000Z', 'type': 'vulnerability', 'name':"
                + " 'CVE-2014-0160', 'description': 'The (1) TLS...', 'external_references': [{"
                + "'source_name': 'cve', 'external_id': 'CVE-2014-0160'}], 'labels': ['heartbleed',"
                + " 'has-logo']}");
        for (String ok : List.of(
                "description", "external_references.[0].source_name", "labels.[0]", "labels", "external_references")) {
            assertThat(GranularMarkings.resolve(vulnerability, ok)).as(ok).isNull();
        }
        for (String bad : List.of(
                "pattern",
                "external_references.[3]",
                "description.[0]",
                "labels.name",
                "labels.[x]",
                "labels..[0]",
                "",
                "labels.[0].")) {
            assertThat(GranularMarkings.resolve(vulnerability, bad)).as(bad).isNotNull();
        }
    }

    @Test
    void givesTheSameAnswersFromManyThreads() throws Exception {
        List<ObjectNode> objects = IntStream.range(0, 200)
                .mapToObj(i -> {
                    ObjectNode o = identity();
                    if (i % 3 == 0) {
                        o.put("confidence", 101 + i);
                    }
                    return o;
                })
                .toList();
        List<List<Violation>> expected =
                objects.stream().map(validator::validate).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<Violation>>>> runs = IntStream.range(0, 8)
                    .mapToObj(r -> pool.submit(
                            () -> objects.stream().map(validator::validate).toList()))
                    .toList();
            for (Future<List<List<Violation>>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
