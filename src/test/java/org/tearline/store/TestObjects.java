package org.tearline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.tearline.domain.Account;
import org.tearline.domain.ApiRoot;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.PolicyVersion;
import org.tearline.domain.Position;
import org.tearline.domain.Provenance;
import org.tearline.domain.ReleaseState;
import org.tearline.stix.Canonical;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;

/**
 * Builders of store inputs for the contract tests: small valid STIX objects turned into
 * {@link NewObject}s the way the services build them (JSON as served, digest of the canonical
 * form, version key of {@code modified}), and the records and filters the store takes.
 */
final class TestObjects {

    /** A fixed point in time the tests count from; every test drives its own clock. */
    static final Instant T0 = Instant.parse("2024-03-07T09:00:00Z");

    static final Provenance TAXII = new Provenance("taxii", "analyst-1");

    private static final String CREATED = "2024-03-01T00:00:00.000Z";

    private TestObjects() {}

    // --- ids and version keys ----------------------------------------------------------------

    /** A fresh STIX id of a type. */
    static String id(String type) {
        return type + "--" + UUID.randomUUID();
    }

    /** The store's version key of an instant. */
    static String key(Instant instant) {
        return StixTimestamp.key(instant);
    }

    /** An instant {@code seconds} after {@link #T0}. */
    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static long micros(Instant instant) {
        return StixTimestamp.toMicros(instant);
    }

    // --- objects -----------------------------------------------------------------------------

    /** A STIX 2.1 indicator version. */
    static NewObject indicator(String id, Instant modified) {
        return indicator(id, modified, "Crocus City Hall attack planning");
    }

    /** A STIX 2.1 indicator version with a chosen name, to make content differ. */
    static NewObject indicator(String id, Instant modified, String name) {
        ObjectNode o = sdo("indicator", id, modified);
        o.put("name", name);
        o.put("pattern", "[ipv4-addr:value = '198.51.100.7']");
        o.put("pattern_type", "stix");
        o.put("valid_from", CREATED);
        return versioned(o, modified, "2.1");
    }

    /** A STIX 2.1 indicator version whose JSON carries a description of the given length. */
    static NewObject bulkyIndicator(String id, Instant modified, int descriptionLength) {
        ObjectNode o = sdo("indicator", id, modified);
        o.put("name", "bulky");
        o.put("description", "x".repeat(descriptionLength));
        o.put("pattern", "[ipv4-addr:value = '198.51.100.7']");
        o.put("pattern_type", "stix");
        o.put("valid_from", CREATED);
        return versioned(o, modified, "2.1");
    }

    private static final String NUMBERED_TEMPLATE_ID = numberedId(0);
    private static final NewObject NUMBERED_TEMPLATE = indicator(NUMBERED_TEMPLATE_ID, T0);

    /** The id of the indicator numbered {@code n}: the number is its last 12 digits. */
    static String numberedId(int n) {
        return String.format("indicator--00000000-0000-4000-8000-%012d", n);
    }

    /** The number in an id made by {@link #numberedId}. */
    static int numberOf(String id) {
        return Integer.parseInt(id.substring(id.length() - 12));
    }

    /**
     * Indicator number {@code n} (modified at {@link #T0}), cheap enough to make by the ten
     * thousand: one template with its id replaced, digested as bytes rather than canonicalised.
     */
    static NewObject numberedIndicator(int n) {
        String id = numberedId(n);
        String json = NUMBERED_TEMPLATE.json().replace(NUMBERED_TEMPLATE_ID, id);
        return new NewObject(
                id,
                "indicator",
                NUMBERED_TEMPLATE.versionKey(),
                "2.1",
                json,
                Canonical.sha256(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A STIX 2.1 malware version. */
    static NewObject malware(String id, Instant modified) {
        return malware(id, modified, "Sliver implant");
    }

    /** A STIX 2.1 malware version with a chosen name, to make content differ. */
    static NewObject malware(String id, Instant modified, String name) {
        ObjectNode o = sdo("malware", id, modified);
        o.put("name", name);
        o.put("is_family", false);
        return versioned(o, modified, "2.1");
    }

    /** A STIX 2.0 indicator version (2.0 objects carry no spec_version property). */
    static NewObject legacyIndicator(String id, Instant modified) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "indicator");
        o.put("id", id);
        o.put("created", CREATED);
        o.put("modified", StixTimestamp.format(modified));
        o.putArray("labels").add("malicious-activity");
        o.put("pattern", "[ipv4-addr:value = '198.51.100.7']");
        o.put("valid_from", CREATED);
        return versioned(o, modified, "2.0");
    }

    /**
     * A STIX 2.1 cyber-observable (no created, no modified), so the store versions it by its
     * date_added.
     */
    static NewObject observable(String id, String value) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "ipv4-addr");
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("value", value);
        return of(o, null, "2.1");
    }

    private static ObjectNode sdo(String type, String id, Instant modified) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", CREATED);
        o.put("modified", StixTimestamp.format(modified));
        return o;
    }

    private static NewObject versioned(ObjectNode o, Instant modified, String specVersion) {
        return of(o, key(modified), specVersion);
    }

    private static NewObject of(ObjectNode o, String versionKey, String specVersion) {
        try {
            return new NewObject(
                    o.get("id").asText(),
                    o.get("type").asText(),
                    versionKey,
                    specVersion,
                    StixJson.mapper().writeValueAsString(o),
                    Canonical.sha256(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- filters and pages -------------------------------------------------------------------

    static ObjectFilter filter(VersionSelector versions) {
        return new ObjectFilter(Set.of(), Set.of(), versions, Set.of(), Optional.empty());
    }

    static ObjectFilter idsFilter(String... ids) {
        return new ObjectFilter(Set.of(ids), Set.of(), VersionSelector.ALL, Set.of(), Optional.empty());
    }

    static ObjectFilter typesFilter(String... types) {
        return new ObjectFilter(Set.of(), Set.of(types), VersionSelector.ALL, Set.of(), Optional.empty());
    }

    static ObjectFilter specVersionsFilter(String... specVersions) {
        return new ObjectFilter(Set.of(), Set.of(), VersionSelector.ALL, Set.of(specVersions), Optional.empty());
    }

    static ObjectFilter addedAfterFilter(long micros) {
        return new ObjectFilter(Set.of(), Set.of(), VersionSelector.ALL, Set.of(), Optional.of(micros));
    }

    static final VersionSelector FIRST = new VersionSelector(true, false, false, Set.of());
    static final VersionSelector FIRST_AND_LAST = new VersionSelector(true, true, false, Set.of());

    static VersionSelector versionKeys(Instant... versions) {
        return new VersionSelector(
                false,
                false,
                false,
                Set.copyOf(List.of(versions).stream().map(TestObjects::key).toList()));
    }

    /** A page big enough for any test's data set, without a byte budget. */
    static final PageRequest EVERYTHING_ON_ONE_PAGE = PageRequest.first(100_000);

    static PageRequest after(Position position, int limit) {
        return new PageRequest(limit, Optional.of(position), Long.MAX_VALUE);
    }

    // --- other records -----------------------------------------------------------------------

    static ApiRoot apiRoot(String name) {
        return new ApiRoot(name, "Root " + name, "Collections of " + name, 10_485_760L);
    }

    static CollectionInfo collection(String id, String apiRoot, String alias, Instant created) {
        return new CollectionInfo(
                id, apiRoot, "Collection " + id, "Warnings for partners", alias, CollectionKind.SOURCE, created);
    }

    static Account account(String name, Account.Role role) {
        return new Account(name, "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$" + name, role, at(1), false);
    }

    /** An audience on policy version 1, created and last updated at {@code created}. */
    static AudienceRecord audience(String name, String viewCollectionId, Instant created) {
        return new AudienceRecord(name, viewCollectionId, 1, created, created);
    }

    /** Version {@code version} of an audience's policy, applied by analyst-1. */
    static PolicyVersion policyVersion(String audience, int version, Instant appliedAt) {
        String yaml = "audience: " + audience + "\ntitle: \"Partner — v" + version + " ☢\"\n"
                + "sources: [warnings]\nrelease:\n  - tlp: [clear, green]\n";
        return new PolicyVersion(
                audience,
                version,
                yaml,
                Canonical.sha256(yaml.getBytes(StandardCharsets.UTF_8)),
                appliedAt,
                "analyst-1");
    }

    /**
     * What an audience's view holds of one source object: published at {@code viewVersion},
     * or never published when that is null. The released id is derived from both ids.
     */
    static ReleaseState releaseState(
            String audience, String originalId, ReleaseState.Status status, Instant viewVersion) {
        String releasedId = originalId.substring(0, originalId.indexOf("--") + 2)
                + UUID.nameUUIDFromBytes((audience + "/" + originalId).getBytes(StandardCharsets.UTF_8));
        return viewVersion == null
                ? new ReleaseState(audience, originalId, releasedId, status, null, null)
                : new ReleaseState(
                        audience,
                        originalId,
                        releasedId,
                        status,
                        key(viewVersion),
                        Canonical.sha256((releasedId + "@" + key(viewVersion)).getBytes(StandardCharsets.UTF_8)));
    }
}
