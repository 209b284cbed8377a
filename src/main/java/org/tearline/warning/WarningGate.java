package org.tearline.warning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.alert.AlertEvents;
import org.tearline.audit.Disclosures;
import org.tearline.domain.ReleaseState;
import org.tearline.domain.StoredObject;
import org.tearline.domain.WarningRecord;
import org.tearline.release.ReleaseGate;
import org.tearline.service.ReleaseGates;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixObjects;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.WarningExtension;
import org.tearline.store.ObjectFilter;
import org.tearline.store.PageRequest;
import org.tearline.store.SourceRef;
import org.tearline.store.StoreTx;
import org.tearline.store.VersionSelector;

/**
 * Holds a warning back from an audience until a decision to warn that audience has been
 * approved, and with it what the warning is about: nothing of a warning reaches a partner
 * before approval, whatever its markings.
 *
 * <ul>
 *   <li>A warning no approved decision names for this audience is held.</li>
 *   <li>A warning approved for it reaches it only in its approved version (the one the
 *       warning's own steps last wrote): a later version written directly waits for a new
 *       decision and approval, and meanwhile the audience keeps the approved one.</li>
 *   <li>The objects a held warning (or a held new version) refers to in its
 *       {@code object_refs}, and the relationships and sightings among them, are held with it
 *       unless the audience already received them or an approved warning for this audience
 *       refers to them.</li>
 * </ul>
 *
 * Built once per materialisation (or preview): with no warnings in the store it costs one query.
 */
public final class WarningGate implements ReleaseGate {

    private static final WarningGate NONE = new WarningGate(Set.of(), Map.of(), Map.of(), Map.of(), Map.of());

    private final Set<String> approved;
    /** Approved warning id to its approved version key. */
    private final Map<String, String> approvedVersions;
    /** Approved version's JSON, by approved warning id. */
    private final Map<String, String> approvedJson;
    /** Held object id to the id of the warning holding it. */
    private final Map<String, String> heldBy;
    /** Warning id to its name, for the reason a held object gives. */
    private final Map<String, String> names;

    private WarningGate(
            Set<String> approved,
            Map<String, String> approvedVersions,
            Map<String, String> approvedJson,
            Map<String, String> heldBy,
            Map<String, String> names) {
        this.approved = Set.copyOf(approved);
        this.approvedVersions = Map.copyOf(approvedVersions);
        this.approvedJson = Map.copyOf(approvedJson);
        this.heldBy = Map.copyOf(heldBy);
        this.names = Map.copyOf(names);
    }

    /**
     * What the release service asks of warnings, handed to it where the application is wired:
     * each audience's gate, what a changed warning holds or frees, and a warning's version
     * written directly made to wait for a new decision.
     */
    public static ReleaseGates releaseGates(Disclosures disclosures) {
        return releaseGates(disclosures, AlertEvents.NONE);
    }

    /** As above, raising an alert for each new version of a warning with {@code alerts}. */
    public static ReleaseGates releaseGates(Disclosures disclosures, AlertEvents alerts) {
        return new ReleaseGates() {
            @Override
            public ReleaseGate forAudience(StoreTx tx, String audience) {
                return WarningGate.forAudience(tx, audience);
            }

            @Override
            public Set<String> alsoAffected(StoreTx tx, List<String> sources, Collection<String> changed) {
                return WarningGate.alsoAffected(tx, sources, changed);
            }

            @Override
            public void versionsWritten(StoreTx tx, String collectionId, Collection<String> objectIds, String actor) {
                WarningService.versionsWritten(tx, disclosures, alerts, collectionId, objectIds, actor);
            }
        };
    }

    /** The gate for one audience, from the warnings and approvals in the store. */
    public static WarningGate forAudience(StoreTx tx, String audience) {
        List<WarningRecord> all = tx.warnings().warnings(EnumSet.allOf(WarningRecord.State.class));
        if (all.isEmpty()) {
            return NONE;
        }
        Set<String> approvedIds = tx.warnings().approvedWarnings(audience);
        Map<String, List<String>> byCollection = new HashMap<>();
        all.forEach(w -> byCollection
                .computeIfAbsent(w.collectionId(), k -> new ArrayList<>())
                .add(w.id()));
        Map<String, StoredObject> latest = new HashMap<>();
        byCollection.forEach((c, ids) -> latest.putAll(tx.objects().latestObjects(List.of(c), ids)));
        Map<String, String> versions = new HashMap<>();
        Map<String, String> json = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        // What the audience may have because an approved decision covers it.
        Set<String> covered = new HashSet<>();
        // Per holding warning, what it refers to.
        Map<String, Set<String>> holding = new LinkedHashMap<>();
        for (WarningRecord w : all) {
            StoredObject l = latest.get(w.id());
            if (l == null) {
                continue;
            }
            ObjectNode report = parse(l.json());
            names.put(w.id(), report.path("name").asText(w.id()));
            if (!approvedIds.contains(w.id()) || w.approvedVersion() == null) {
                holding.put(w.id(), refs(report));
                continue;
            }
            versions.put(w.id(), w.approvedVersion());
            if (l.record().versionKey().equals(w.approvedVersion())) {
                // Kept too: another source collection may hold a later copy of the report.
                json.put(w.id(), l.json());
                covered.addAll(refs(report));
                continue;
            }
            Optional<StoredObject> pinned = version(tx, w.collectionId(), w.id(), w.approvedVersion());
            pinned.ifPresent(p -> {
                json.put(w.id(), p.json());
                covered.addAll(refs(parse(p.json())));
            });
            holding.put(w.id(), refs(report));
        }
        Map<String, String> heldBy = new LinkedHashMap<>();
        if (!holding.isEmpty()) {
            List<String> sources = tx.releaseViews().audienceSources(audience);
            among(tx, sources, holding);
            holding.forEach((w, ids) -> ids.forEach(id -> {
                if (!covered.contains(id) && !id.equals(w)) {
                    heldBy.putIfAbsent(id, w);
                }
            }));
            // What the audience already received stays as it was.
            for (ReleaseState s :
                    tx.releaseViews().releaseStates(audience, heldBy.keySet()).values()) {
                if (s.disclosed()) {
                    heldBy.remove(s.originalId());
                }
            }
        }
        return new WarningGate(approvedIds, versions, json, heldBy, names);
    }

    /**
     * The objects a change of these source objects (a warning's new version, its approval)
     * may hold or free besides them: what the changed warnings refer to and the relationships
     * and sightings among those. Empty, without a query, when no report changed.
     */
    public static Set<String> alsoAffected(StoreTx tx, List<String> sources, Collection<String> changed) {
        List<String> reports = new ArrayList<>();
        for (String id : changed) {
            if (id.startsWith("report--")) {
                reports.add(id);
            }
        }
        if (reports.isEmpty()) {
            return Set.of();
        }
        Map<String, WarningRecord> warnings = tx.warnings().findWarnings(reports);
        if (warnings.isEmpty()) {
            return Set.of();
        }
        Map<String, Set<String>> holding = new LinkedHashMap<>();
        tx.objects()
                .latestObjects(sources, warnings.keySet())
                .forEach((id, o) -> holding.put(id, refs(parse(o.json()))));
        among(tx, sources, holding);
        Set<String> out = new LinkedHashSet<>();
        holding.values().forEach(out::addAll);
        out.removeAll(changed);
        return out;
    }

    /**
     * Adds to each warning's referred set the relationships and sightings among its members
     * (a relationship both of whose ends, a sighting whose sighted object, it refers to).
     */
    private static void among(StoreTx tx, List<String> sources, Map<String, Set<String>> holding) {
        Set<String> all = new HashSet<>();
        holding.values().forEach(all::addAll);
        if (all.isEmpty() || sources.isEmpty()) {
            return;
        }
        Set<String> links = new HashSet<>();
        for (SourceRef r : tx.objects().referrers(sources, all)) {
            if (r.referrerId().startsWith("relationship--") || r.referrerId().startsWith("sighting--")) {
                links.add(r.referrerId());
            }
        }
        if (links.isEmpty()) {
            return;
        }
        for (StoredObject o : tx.objects().latestObjects(sources, links).values()) {
            ObjectNode link = parse(o.json());
            List<String> ends = link.path("type").asText().equals("relationship")
                    ? List.of(
                            link.path("source_ref").asText(),
                            link.path("target_ref").asText())
                    : List.of(link.path("sighting_of_ref").asText());
            for (Set<String> refs : holding.values()) {
                if (refs.containsAll(ends)) {
                    refs.add(o.record().objectId());
                }
            }
        }
    }

    private static Set<String> refs(ObjectNode report) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode r : report.path("object_refs")) {
            if (r.isTextual()) {
                out.add(r.asText());
            }
        }
        return out;
    }

    private static Optional<StoredObject> version(StoreTx tx, String collection, String id, String versionKey) {
        ObjectFilter f = new ObjectFilter(
                Set.of(id),
                Set.of(),
                new VersionSelector(false, false, false, Set.of(versionKey)),
                Set.of(),
                Optional.empty());
        return tx
                .objects()
                .findObjects(collection, f, new PageRequest(1, Optional.empty(), Long.MAX_VALUE))
                .items()
                .stream()
                .findFirst();
    }

    /** The warnings holding objects back, by held object id (for previews). */
    @Override
    public Map<String, String> heldBy() {
        return heldBy;
    }

    @Override
    public ObjectNode version(ObjectNode source) {
        if (approvedJson.isEmpty()) {
            return source;
        }
        String pinned = approvedJson.get(source.path("id").asText());
        if (pinned == null
                || !WarningExtension.isWarning(source)
                || approvedVersions.get(source.path("id").asText()).equals(versionKey(source))) {
            return source;
        }
        return parse(pinned);
    }

    @Override
    public Optional<String> holds(ObjectNode source) {
        if (heldBy.isEmpty() && !WarningExtension.isWarning(source)) {
            return Optional.empty();
        }
        String id = source.path("id").asText();
        if (WarningExtension.isWarning(source)) {
            if (!approved.contains(id)) {
                return Optional.of("a warning reaches only the audiences an approved decision"
                        + " names, and this one names no approved decision for this audience");
            }
            String v = approvedVersions.get(id);
            if (v == null || !v.equals(versionKey(source))) {
                return Optional.of("this version of the warning awaits a decision and a second"
                        + " person's approval, and its approved version is not at hand");
            }
            return Optional.empty();
        }
        String warning = heldBy.get(id);
        if (warning != null) {
            return Optional.of("held with warning " + warning + " (\u201c" + names.getOrDefault(warning, warning)
                    + "\u201d), which refers to it, until a decision to warn"
                    + " this audience is approved");
        }
        return Optional.empty();
    }

    private static String versionKey(ObjectNode o) {
        return StixObjects.version(o).map(StixTimestamp::key).orElse("");
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) StixJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
