package org.tearline.stix;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * A canonical JSON form (object members sorted by name at every level, no whitespace) and its
 * SHA-256. Two objects with the same canonical form are the same object, whatever order their
 * members were sent in.
 */
public final class Canonical {

    private Canonical() {}

    /** SHA-256 of the canonical form, as lowercase hex. */
    public static String sha256(JsonNode node) {
        return sha256Without(node, null);
    }

    /**
     * SHA-256 of the canonical form of {@code node} without its top-level member {@code name}
     * (none when null), as lowercase hex: the digest of a copy without that member, without
     * making the copy.
     */
    public static String sha256Without(JsonNode node, String name) {
        MessageDigest md = sha256();
        try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md);
                JsonGenerator gen = StixJson.mapper().getFactory().createGenerator(out)) {
            write(gen, node, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The canonical form as text. */
    public static String json(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = StixJson.mapper().getFactory().createGenerator(out)) {
            write(gen, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** SHA-256 of bytes, as lowercase hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static void write(JsonGenerator gen, JsonNode node) throws IOException {
        write(gen, node, null);
    }

    private static void write(JsonGenerator gen, JsonNode node, String skip) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            if (skip != null) {
                names.remove(skip);
            }
            names.sort(null);
            gen.writeStartObject();
            for (String name : names) {
                gen.writeFieldName(name);
                write(gen, node.get(name));
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode item : node) {
                write(gen, item);
            }
            gen.writeEndArray();
        } else {
            gen.writeTree(node);
        }
    }
}
