package org.tearline.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.PayloadTooLargeException;
import org.tearline.error.UnsupportedMediaTypeException;
import org.tearline.http.Multipart;

/** A submitted HTML form: its fields by name, each possibly repeated (checkboxes). */
final class Form {

    /** Largest form the console reads: a policy is a few kilobytes; this leaves room. */
    static final int MAX_BYTES = 256 * 1024;
    /** Most fields a multipart form may have: the console's forms have a handful. */
    private static final int MAX_PARTS = 20;
    /** Longest value kept in a single-valued field other than a policy. */
    private static final int MAX_FIELD = 2_000;

    private final Map<String, List<String>> fields;

    private Form(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /**
     * Reads the request's body as an HTML form: urlencoded, or multipart when it carries a
     * file (a policy uploaded from disk).
     */
    static Form read(Request request) throws IOException {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        boolean multipart = lower.startsWith("multipart/form-data");
        if (!multipart && !lower.startsWith("application/x-www-form-urlencoded")) {
            throw new UnsupportedMediaTypeException("the console takes HTML form posts"
                    + " (application/x-www-form-urlencoded or multipart/form-data), not "
                    + (type == null ? "a body without a Content-Type" : Echo.quote(type)));
        }
        if (request.getLength() > MAX_BYTES) {
            throw new PayloadTooLargeException(
                    "the form is " + request.getLength() + " bytes; the console takes at most " + MAX_BYTES);
        }
        return multipart ? readMultipart(request, type) : readUrlencoded(request);
    }

    private static Form readMultipart(Request request, String type) {
        MultiPartFormData.Parts parts;
        try {
            parts = Multipart.parse(request, type, MAX_BYTES, MAX_BYTES, MAX_PARTS, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadRequestException("the form was not read: the server is stopping");
        } catch (ExecutionException | TimeoutException e) {
            throw new BadRequestException("the form is not a multipart form of at most " + MAX_BYTES + " bytes and "
                    + MAX_PARTS + " fields that could be read");
        }
        try (parts) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (MultiPart.Part part : parts) {
                if (part.getName() == null) {
                    continue;
                }
                // One char a byte, so the bytes can be decoded strictly as UTF-8 after.
                byte[] content =
                        part.getContentAsString(StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
                out.computeIfAbsent(part.getName(), k -> new ArrayList<>()).add(utf8(content, part.getName()));
            }
            return new Form(out);
        }
    }

    /** A field's bytes, decoded strictly as UTF-8. */
    private static String utf8(byte[] bytes, String field) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("form field " + Echo.quote(field) + " is not UTF-8" + " text");
        }
    }

    private static Form readUrlencoded(Request request) throws IOException {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_BYTES + 1);
        }
        if (body.length > MAX_BYTES) {
            throw new PayloadTooLargeException(
                    "the form is larger than " + MAX_BYTES + " bytes, the most the console takes");
        }
        Fields parsed = new Fields(true);
        try {
            UrlEncoded.decodeUtf8To(new String(body, StandardCharsets.ISO_8859_1), parsed);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("the form is not valid percent-encoded UTF-8");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Fields.Field f : parsed) {
            out.computeIfAbsent(f.getName(), k -> new ArrayList<>()).addAll(f.getValues());
        }
        return new Form(out);
    }

    /** An empty form (for requests that carry none). */
    static Form empty() {
        return new Form(Map.of());
    }

    /** A field's single value, or null when absent or blank. */
    String get(String name) {
        if (!has(name)) {
            return null;
        }
        List<String> v = fields.get(name);
        if (v.size() > 1) {
            throw new BadRequestException("form field " + Echo.quote(name) + " appears more than once");
        }
        if (v.get(0).length() > MAX_FIELD) {
            throw new BadRequestException("form field " + Echo.quote(name) + " is "
                    + v.get(0).length() + " characters; at most " + MAX_FIELD + " are taken");
        }
        return v.get(0);
    }

    /** A field's value, which must be present. */
    String require(String name, String meaning) {
        String v = get(name);
        if (v == null) {
            throw new BadRequestException("the form needs " + meaning + " ('" + name + "')");
        }
        return v;
    }

    /** A long text field (a policy), which must be present. */
    String text(String name, String meaning) {
        if (!has(name)) {
            throw new BadRequestException("the form needs " + meaning + " ('" + name + "')");
        }
        List<String> v = fields.get(name);
        if (v.size() > 1) {
            throw new BadRequestException("form field " + Echo.quote(name) + " appears more than once");
        }
        // Browsers send CRLF line ends from a textarea; the policy is kept as written.
        return v.get(0).replace("\r\n", "\n");
    }

    /** True when the field is present and not blank (an empty file input is absent). */
    boolean has(String name) {
        List<String> v = fields.get(name);
        return v != null && !v.isEmpty() && !v.get(0).isBlank();
    }

    /** Every value of a repeated field (checkboxes), in order. */
    List<String> all(String name) {
        return List.copyOf(fields.getOrDefault(name, List.of()));
    }
}
