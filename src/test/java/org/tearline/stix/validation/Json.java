package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.tearline.stix.StixJson;

/** Test helper: parse JSON text with Tearline's mapper. */
final class Json {

    static final ObjectMapper MAPPER = StixJson.mapper();

    private Json() {}

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON written with single quotes for readability in tests. */
    static JsonNode q(String singleQuoted) {
        return parse(singleQuoted.replace('\'', '"'));
    }
}
