package org.tearline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Assertions about TAXII answers that many tests share. */
public final class TaxiiAssert {

    /** The form of TAXII's date_added values and X-TAXII-Date-Added headers. */
    public static final Pattern MICROS_TIMESTAMP =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");

    /** Text that would betray internals: stack traces, class names, SQL. */
    private static final String[] INTERNALS = {
        "Exception",
        "Caused by",
        "at org.",
        "at java.",
        "org.eclipse",
        "org.tearline",
        "com.fasterxml",
        "SQLITE",
        "sqlite",
        "<html",
        "<HTML"
    };

    private TaxiiAssert() {}

    /** A successful TAXII answer with the given status and the TAXII media type. */
    public static JsonNode assertTaxii(TaxiiClient.Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).hasValue(TaxiiClient.TAXII);
        return reply.json();
    }

    /**
     * A TAXII error message (TAXII 2.1 section 3.6.1): the status, the TAXII media type, a
     * title, http_status as a string, error_id only on server errors, and nothing internal.
     */
    public static JsonNode assertTaxiiError(TaxiiClient.Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).hasValue(TaxiiClient.TAXII);
        assertNoInternals(reply);
        JsonNode error = reply.json();
        assertThat(error.isObject()).isTrue();
        assertThat(error.path("title").isTextual()).as("title in %s", error).isTrue();
        assertThat(error.path("title").asText()).isNotBlank();
        assertThat(error.path("http_status").isTextual())
                .as("http_status in %s", error)
                .isTrue();
        assertThat(error.path("http_status").asText()).isEqualTo(Integer.toString(status));
        if (error.has("description")) {
            assertThat(error.get("description").isTextual()).isTrue();
        }
        if (status >= 500) {
            assertThat(error.path("error_id").isTextual()).isTrue();
        } else {
            assertThat(error.has("error_id")).as("error_id in %s", error).isFalse();
        }
        return error;
    }

    /** The body holds no stack trace, class name or SQL. */
    public static void assertNoInternals(TaxiiClient.Reply reply) {
        assertThat(reply.body()).doesNotContain(INTERNALS);
    }

    /** The items of a JSON list; none when the list is absent (TAXII omits empty lists). */
    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null) {
            assertThat(array.isArray()).as("a JSON list: %s", array).isTrue();
            array.forEach(out::add);
        }
        return out;
    }

    /** The strings of a JSON list that must be present. */
    public static List<String> texts(JsonNode array) {
        assertThat(array).as("a JSON list").isNotNull();
        return list(array).stream().map(JsonNode::asText).toList();
    }

    /** A TAXII timestamp with exactly microsecond precision, parsed. */
    public static Instant micros(String text) {
        assertThat(text).matches(MICROS_TIMESTAMP);
        return Instant.parse(text);
    }

    /** The X-TAXII-Date-Added-First header, checked for form and parsed. */
    public static Instant dateAddedFirst(TaxiiClient.Reply reply) {
        assertThat(reply.header("X-TAXII-Date-Added-First")).isPresent();
        return micros(reply.header("X-TAXII-Date-Added-First").get());
    }

    /** The X-TAXII-Date-Added-Last header, checked for form and parsed. */
    public static Instant dateAddedLast(TaxiiClient.Reply reply) {
        assertThat(reply.header("X-TAXII-Date-Added-Last")).isPresent();
        return micros(reply.header("X-TAXII-Date-Added-Last").get());
    }
}
