package org.tearline.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.PayloadTooLargeException;

/**
 * Reads an uploaded document from a request: a multipart form's file part (with the form's
 * other fields), or the whole body in its own Content-Type. The size limit is checked against
 * Content-Length before anything is read and again while reading, so an oversized upload is a
 * clear 413 and never a full buffer.
 */
public final class Uploads {

    /** Most fields besides the file a multipart upload may carry. */
    private static final int MAX_PARTS = 20;
    /** Longest value of a field other than the file. */
    private static final int MAX_FIELD = 4_000;
    /** Room for a multipart form's own headers and fields beyond the file itself. */
    private static final int FORM_OVERHEAD = 64 * 1024;

    private Uploads() {}

    /**
     * An upload as read.
     *
     * @param bytes       the document's bytes, or null when a multipart form carried no file
     * @param contentType the document's declared type, or null
     * @param fileName    its file name when a form gave one, or null
     * @param fields      a multipart form's other fields (empty for a raw body)
     */
    // Handed to the service once; never compared or hashed.
    @SuppressWarnings("ArrayRecordComponent")
    public record Upload(byte[] bytes, String contentType, String fileName, Map<String, String> fields) {}

    /** True when the request is a multipart form. */
    public static boolean isMultipart(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Reads the request's document, refusing one larger than {@code maxBytes}. */
    public static Upload read(Request request, int maxBytes) throws IOException {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (isMultipart(request)) {
            return multipart(request, type, maxBytes);
        }
        tooLarge(request.getLength(), maxBytes);
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            tooLarge(Long.MAX_VALUE, maxBytes);
        }
        return new Upload(body, type, null, Map.of());
    }

    private static void tooLarge(long length, int maxBytes) {
        if (length > maxBytes) {
            throw new PayloadTooLargeException("the document is "
                    + (length == Long.MAX_VALUE ? "larger than " + maxBytes : String.valueOf(length))
                    + " bytes; intake takes documents of at most " + maxBytes
                    + " bytes (intake.max-document-bytes)");
        }
    }

    private static Upload multipart(Request request, String type, int maxBytes) {
        long max = (long) maxBytes + FORM_OVERHEAD;
        if (request.getLength() > max) {
            tooLarge(request.getLength(), maxBytes);
        }
        MultiPartFormData.Parts parts;
        try {
            parts = Multipart.parse(request, type, max, maxBytes, MAX_PARTS + 1, Duration.ofMinutes(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadRequestException("the upload was not read: the server is stopping");
        } catch (ExecutionException | TimeoutException e) {
            String why = String.valueOf(
                            e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                    .toLowerCase(Locale.ROOT);
            if (why.contains("max") && (why.contains("length") || why.contains("size"))) {
                tooLarge(Long.MAX_VALUE, maxBytes);
            }
            throw new BadRequestException("the upload is not a multipart form that could be read (at most " + MAX_PARTS
                    + " fields and a file of at most " + maxBytes + " bytes)");
        }
        try (parts) {
            byte[] file = null;
            String fileType = null;
            String fileName = null;
            Map<String, String> fields = new LinkedHashMap<>();
            for (MultiPart.Part part : parts) {
                String name = part.getName();
                if (name == null) {
                    continue;
                }
                // One char a byte, so the bytes come back exactly as sent.
                byte[] content =
                        part.getContentAsString(StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
                if (part.getFileName() != null || name.equals("file")) {
                    if (file != null && content.length > 0) {
                        throw new BadRequestException("the upload carries more than one file; send one document");
                    }
                    if (content.length > 0 || file == null) {
                        file = content;
                        fileType = part.getHeaders().get(HttpHeader.CONTENT_TYPE);
                        fileName = part.getFileName();
                    }
                    continue;
                }
                if (fields.containsKey(name)) {
                    throw new BadRequestException("form field " + Echo.quote(name) + " appears more than once");
                }
                String value = utf8(content, name);
                // A document pasted as text is bounded by the form's length, not a field's.
                if (value.length() > MAX_FIELD && !name.equals("text")) {
                    throw new BadRequestException("form field " + Echo.quote(name) + " is " + value.length()
                            + " characters; at most " + MAX_FIELD + " are taken");
                }
                fields.put(name, value);
            }
            if (file != null && file.length > maxBytes) {
                tooLarge(file.length, maxBytes);
            }
            return new Upload(file == null || file.length == 0 ? null : file, fileType, fileName, fields);
        }
    }

    private static String utf8(byte[] bytes, String field) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("form field " + Echo.quote(field) + " is not UTF-8 text");
        }
    }
}
