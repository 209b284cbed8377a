package org.tearline.taxii;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tearline.error.BadRequestException;
import org.tearline.stix.StixJson;

/**
 * Reads request bodies: a TAXII envelope or a STIX bundle, of which only the {@code objects}
 * list matters. Parsing streams through the body once; every way it can be malformed becomes a
 * 400 whose message says what and where, without echoing the body.
 */
public final class JsonBodies {

    /** Most bytes of a refused body read and dropped so that its client still gets the answer. */
    public static final long DISCARD_LIMIT = 4L * 1024 * 1024;

    private JsonBodies() {}

    /**
     * Reads and drops the rest of a request body, at most {@code limit} bytes. A server that
     * answers before reading a body and then closes the connection makes the client's TCP stack
     * discard the answer; reading the rest first lets the answer arrive and the connection live.
     *
     * @return true when the end of the body was reached
     */
    public static boolean discard(InputStream in, long limit) {
        byte[] buffer = new byte[8_192];
        long total = 0;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > limit) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The items of the top-level {@code objects} list.
     *
     * @throws BadRequestException when the body is not JSON, not an object, or has no list
     */
    public static List<JsonNode> readObjectsMember(InputStream in) throws IOException {
        try (JsonParser p = StixJson.mapper().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequestException(
                        "the body must be a JSON object (a TAXII envelope" + " with an 'objects' list)");
            }
            List<JsonNode> items = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("objects")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new BadRequestException(
                                "the envelope's 'objects' member must be a" + " list, found " + describe(value));
                    }
                    items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        items.add(p.readValueAsTree());
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BadRequestException("the body has content after its JSON object");
            }
            if (items == null) {
                throw new BadRequestException("the body has no 'objects' list");
            }
            return items;
        } catch (StreamConstraintsException e) {
            throw new BadRequestException("the body exceeds a JSON limit: " + constraint(e));
        } catch (CharConversionException e) {
            throw new BadRequestException("the body is not valid UTF-8");
        } catch (JsonProcessingException e) {
            throw new BadRequestException(describe(e));
        }
    }

    /** A client-safe description of a JSON syntax error: what, and where. */
    public static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        String first = original.split("\n", 2)[0];
        if (first.toLowerCase(Locale.ROOT).contains("utf-8")
                || first.toLowerCase(Locale.ROOT).contains("utf8")) {
            first = "invalid UTF-8";
        } else if (first.contains("Feature") || first.contains("`")) {
            // The parser's advice names its own switches; the client needs the rule instead.
            first = "non-standard JSON (comments, NaN, unquoted names, single quotes and the"
                    + " like are not accepted)";
        }
        if (first.length() > 160) {
            first = first.substring(0, 160) + "...";
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "the body is not valid JSON: " + first.replaceAll("\\p{Cntrl}", "?") + where;
    }

    private static String constraint(StreamConstraintsException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.contains("nesting depth")) {
            return "nesting deeper than " + StixJson.MAX_NESTING_DEPTH + " levels";
        }
        if (m.contains("Number value length")) {
            return "a number longer than " + StixJson.MAX_NUMBER_LENGTH + " characters";
        }
        if (m.contains("String value length")) {
            return "a string longer than " + StixJson.MAX_STRING_LENGTH + " characters";
        }
        return "document too large or too complex";
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? "a value" : "'" + token.asString() + "'";
        };
    }
}
