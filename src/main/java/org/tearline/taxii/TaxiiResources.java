package org.tearline.taxii;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.StatusRecord;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;
import org.tearline.service.CollectionService;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.Page;

/**
 * The TAXII 2.1 resources (section 4 and 5) as JSON bytes. Empty lists are left out, as the
 * specification requires; stored objects are written as stored, without re-parsing.
 */
final class TaxiiResources {

    private TaxiiResources() {}

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = StixJson.mapper().getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] discovery(
            String title, String description, String contact, String defaultRoot, List<String> apiRoots) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("title", title);
            writeOptional(g, "description", description);
            writeOptional(g, "contact", contact);
            if (defaultRoot != null && apiRoots.contains(defaultRoot)) {
                g.writeStringField("default", defaultRoot);
            }
            if (!apiRoots.isEmpty()) {
                g.writeArrayFieldStart("api_roots");
                for (String r : apiRoots) {
                    g.writeString(r);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    static byte[] apiRoot(ApiRoot root) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("title", root.title());
            writeOptional(g, "description", root.description());
            g.writeArrayFieldStart("versions");
            g.writeString(MediaTypes.TAXII);
            g.writeEndArray();
            g.writeNumberField("max_content_length", root.maxContentLength());
            g.writeEndObject();
        });
    }

    static byte[] collections(List<CollectionService.Visible> collections) {
        return json(g -> {
            g.writeStartObject();
            if (!collections.isEmpty()) {
                g.writeArrayFieldStart("collections");
                for (CollectionService.Visible c : collections) {
                    writeCollection(g, c);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    static byte[] collection(CollectionService.Visible c) {
        return json(g -> writeCollection(g, c));
    }

    private static void writeCollection(JsonGenerator g, CollectionService.Visible v) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", v.collection().id());
        g.writeStringField("title", v.collection().title());
        writeOptional(g, "description", v.collection().description());
        writeOptional(g, "alias", v.collection().alias());
        g.writeBooleanField("can_read", v.access().canRead());
        g.writeBooleanField("can_write", v.access().canWrite());
        g.writeArrayFieldStart("media_types");
        g.writeString(MediaTypes.STIX);
        g.writeEndArray();
        g.writeEndObject();
    }

    /** An envelope: {@code more}, {@code next} and the objects as stored. */
    static byte[] envelope(Page<StoredObject> page, String next) {
        byte[] paging = json(g -> {
            g.writeStartObject();
            writePaging(g, page, next);
            g.writeEndObject();
        });
        if (page.items().isEmpty()) {
            return paging;
        }
        // The stored objects are copied in as bytes: they are already the JSON served, and a
        // page is mostly them, so passing each through the generator's character-by-character
        // raw writer (and a buffer grown by doubling) would cost more than the rest of a read.
        List<byte[]> bodies = new ArrayList<>(page.items().size());
        // The paging object less its brace, the member, the bodies with a comma between each,
        // then "]}": exactly this many bytes.
        int size = paging.length + OBJECTS_MEMBER.length;
        for (StoredObject o : page.items()) {
            byte[] b = o.json().getBytes(StandardCharsets.UTF_8);
            bodies.add(b);
            size += b.length + 1;
        }
        byte[] out = new byte[size];
        // paging is {"more":...}: everything but its closing brace, then the objects member.
        int at = paging.length - 1;
        System.arraycopy(paging, 0, out, 0, at);
        System.arraycopy(OBJECTS_MEMBER, 0, out, at, OBJECTS_MEMBER.length);
        at += OBJECTS_MEMBER.length;
        for (int i = 0; i < bodies.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] b = bodies.get(i);
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        out[at++] = ']';
        out[at++] = '}';
        return out;
    }

    /** What follows the paging members when a page has objects (paging always has "more"). */
    private static final byte[] OBJECTS_MEMBER = ",\"objects\":[".getBytes(StandardCharsets.UTF_8);

    static byte[] manifest(Page<VersionRecord> page, String next) {
        return json(g -> {
            g.writeStartObject();
            writePaging(g, page, next);
            if (!page.items().isEmpty()) {
                g.writeArrayFieldStart("objects");
                for (VersionRecord r : page.items()) {
                    g.writeStartObject();
                    g.writeStringField("id", r.objectId());
                    g.writeStringField("date_added", StixTimestamp.formatMicros(r.dateAdded()));
                    g.writeStringField("version", r.version());
                    g.writeStringField("media_type", MediaTypes.STIX);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    static byte[] versions(Page<VersionRecord> page, String next) {
        return json(g -> {
            g.writeStartObject();
            writePaging(g, page, next);
            if (!page.items().isEmpty()) {
                g.writeArrayFieldStart("versions");
                for (VersionRecord r : page.items()) {
                    g.writeString(r.version());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    private static void writePaging(JsonGenerator g, Page<?> page, String next) throws IOException {
        g.writeBooleanField("more", page.more());
        if (page.more() && next != null) {
            g.writeStringField("next", next);
        }
    }

    static byte[] status(StatusRecord s) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("id", s.id());
            g.writeStringField("status", s.status());
            g.writeStringField("request_timestamp", StixTimestamp.formatMicros(s.requestTimestamp()));
            g.writeNumberField("total_count", s.totalCount());
            g.writeNumberField("success_count", s.successes().size());
            writeDetails(g, "successes", s.successes());
            g.writeNumberField("failure_count", s.failures().size());
            writeDetails(g, "failures", s.failures());
            g.writeNumberField("pending_count", s.pendings().size());
            writeDetails(g, "pendings", s.pendings());
            g.writeEndObject();
        });
    }

    private static void writeDetails(JsonGenerator g, String name, List<StatusRecord.Detail> details)
            throws IOException {
        if (details.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (StatusRecord.Detail d : details) {
            g.writeStartObject();
            g.writeStringField("id", d.id());
            // status-details requires a version; an object too broken to have one gets "".
            g.writeStringField("version", d.version() == null ? "" : d.version());
            writeOptional(g, "message", d.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeOptional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
