package org.tearline.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.audit.HashChain;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Position;
import org.tearline.domain.Provenance;
import org.tearline.domain.StoredObject;
import org.tearline.release.Markings;
import org.tearline.release.PolicyParser;
import org.tearline.release.ReleaseContext;
import org.tearline.release.ReleaseEngine;
import org.tearline.release.ReleaseGate;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.stix.validation.StixValidator;
import org.tearline.store.AuditQuery;
import org.tearline.store.NewObject;
import org.tearline.store.ObjectFilter;
import org.tearline.store.Page;
import org.tearline.store.PageRequest;
import org.tearline.store.Store;
import org.tearline.store.jdbc.JdbcStore;

/**
 * A full recompute keeps its first pass's assessments for the second, within a memory budget;
 * whatever the budget, the view and its disclosure record come out the same, byte for byte.
 */
class ViewMaterializerTest {

    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    static final String GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    static final String AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    static final String POLICY = """
            audience: partner
            members: []
            sources: [a, b]
            admit: {tlp: amber}
            markings:
              tlp:green: release
              tlp:amber: release
              source-protected: generalise
              method-protected: withhold
            generalise:
              description: {phrase: "a reliable source"}
            """;

    @TempDir
    Path dir;

    @Test
    void aRecomputeWritesTheSameViewWhateverItKeepsBetweenItsPasses() {
        List<String> everything = materialise("everything", Long.MAX_VALUE);
        List<String> firstPage = materialise("first-page", 1);
        List<String> nothing = materialise("nothing", 0);
        assertThat(everything).hasSizeGreaterThan(2_000);
        assertThat(firstPage).isEqualTo(everything);
        assertThat(nothing).isEqualTo(everything);
    }

    @Test
    void theRecordFindsAReleaseByTheReleasedIdAsByTheOriginal() {
        try (Store store = materialised("ids", Long.MAX_VALUE)) {
            org.tearline.domain.ReleaseState s = store.read(tx ->
                    tx.releaseViews().releaseStates("partner", List.of(id(3))).get(id(3)));
            assertThat(s.releasedId()).isNotEqualTo(s.originalId());
            List<Long> byReleased = entries(store, s.releasedId());
            assertThat(byReleased).isNotEmpty().isEqualTo(entries(store, s.originalId()));
            store.read(tx -> {
                tx.record()
                        .forEachAuditEntry(
                                query(s.releasedId()),
                                e -> assertThat(e.detail())
                                        .contains(s.releasedId())
                                        .contains(s.originalId()));
                return null;
            });
        }
    }

    private static AuditQuery query(String objectId) {
        return new AuditQuery(Optional.of("partner"), Optional.of(objectId), Optional.empty(), Optional.empty());
    }

    private static List<Long> entries(Store store, String objectId) {
        List<Long> out = new ArrayList<>();
        store.read(tx -> {
            tx.record().forEachAuditEntry(query(objectId), e -> out.add(e.seq()));
            return null;
        });
        return out;
    }

    /** The view's bodies in collection order, then the record's details. */
    private List<String> materialise(String name, long budget) {
        try (Store store = materialised(name, budget)) {
            List<String> out = new ArrayList<>();
            store.read(tx -> {
                Optional<Position> after = Optional.empty();
                while (true) {
                    Page<StoredObject> page = tx.objects()
                            .findObjects(
                                    "view", ObjectFilter.EVERYTHING, new PageRequest(1_000, after, Long.MAX_VALUE));
                    page.items().forEach(o -> out.add(o.json()));
                    if (!page.more()) {
                        return null;
                    }
                    after = page.last();
                }
            });
            store.read(tx -> {
                tx.record().forEachAuditEntry(AuditQuery.ALL, e -> out.add(e.kind() + " " + e.detail()));
                tx.releaseViews().forEachReleaseState("partner", st -> out.add(st.toString()));
                return null;
            });
            return out;
        }
    }

    /** A store whose view of the two sources was just recomputed in full. */
    private Store materialised(String name, long budget) {
        Store store = JdbcStore.open(JdbcStore.Settings.embedded(dir.resolve(name)));
        try {
            store.write(tx -> {
                tx.collections().putApiRoot(new ApiRoot("r", "Root", null, 10_000_000), NOW);
                for (String c : List.of("a", "b", "view")) {
                    tx.collections()
                            .createCollection(new CollectionInfo(
                                    c,
                                    "r",
                                    c,
                                    null,
                                    null,
                                    c.equals("view") ? CollectionKind.VIEW : CollectionKind.SOURCE,
                                    NOW));
                }
                // Over two sources and several pages: the second holds later versions of some
                // of the first's objects, and relationships whose ends may be withheld.
                Provenance p = new Provenance("import", "test");
                tx.objects().addObjects("a", objects(0, 2_300, "2026-01-01T00:00:00.000Z"), NOW, p);
                tx.objects().addObjects("b", objects(1_900, 1_200, "2026-02-01T00:00:00.000Z"), NOW, p);
                return null;
            });
            ReleaseEngine engine = new ReleaseEngine(
                    PolicyParser.parse(POLICY, "test"),
                    new ReleaseContext(UUID.fromString("0d7f2e52-8a3c-4c1b-9d2e-5f6a7b8c9d0e"), identity()),
                    new StixValidator());
            AudienceRecord audience = new AudienceRecord("partner", "view", 1, NOW, NOW);
            store.write(tx -> {
                tx.releaseViews().createAudience(audience);
                return new ViewMaterializer(
                                tx,
                                engine,
                                audience,
                                List.of("a", "b"),
                                NOW,
                                new HashChain(Clock.fixed(NOW, ZoneOffset.UTC)),
                                "test",
                                ReleaseGate.OPEN,
                                budget)
                        .full();
            });
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static List<NewObject> objects(int first, int count, String modified) {
        List<NewObject> out = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            String id = id(n);
            String body;
            if (n % 5 == 4) {
                body = "{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"" + id
                        + "\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\""
                        + modified + "\",\"relationship_type\":\"indicates\",\"source_ref\":\""
                        + id(n - 1) + "\",\"target_ref\":\"" + id(n - 4)
                        + "\",\"object_marking_refs\":[\"" + GREEN + "\"]}";
            } else {
                body = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id
                        + "\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\""
                        + modified + "\",\"name\":\"Indicator " + n + "\",\"description\":"
                        + "\"Seen by a handler.\",\"pattern\":\"[ipv4-addr:value = '198.51.100."
                        + (n % 250) + "']\",\"pattern_type\":\"stix\",\"valid_from\":"
                        + "\"2026-01-01T00:00:00Z\",\"object_marking_refs\":[\""
                        + (n % 3 == 0 ? AMBER : GREEN) + "\"]"
                        + (n % 7 == 1
                                ? ",\"granular_markings\":[{\"marking_ref\":\"" + Markings.SOURCE_PROTECTED_ID
                                        + "\",\"selectors\":[\"description\"]}]"
                                : n % 11 == 2
                                        ? ",\"granular_markings\":[{\"marking_ref\":\"" + Markings.METHOD_PROTECTED_ID
                                                + "\",\"selectors\":[\"pattern\"]}]"
                                        : "")
                        + "}";
            }
            ObjectNode o = ViewMaterializer.parse(body);
            out.add(new NewObject(
                    id,
                    o.get("type").asText(),
                    org.tearline.stix.StixTimestamp.key(Instant.parse(modified)),
                    "2.1",
                    body,
                    Canonical.sha256(body.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    private static String id(int n) {
        String type = n % 5 == 4 ? "relationship" : "indicator";
        UUID u = UUID.nameUUIDFromBytes(("object " + n).getBytes(StandardCharsets.UTF_8));
        return type + "--" + new UUID((u.getMostSignificantBits() & ~0xF000L) | 0x4000L, u.getLeastSignificantBits());
    }

    private static ObjectNode identity() {
        try {
            return (ObjectNode) StixJson.mapper().readTree("""
                    {"type":"identity","spec_version":"2.1",
                     "id":"identity--99999999-9999-4999-8999-999999999999",
                     "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",
                     "name":"Releasing office","identity_class":"organization"}""");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
