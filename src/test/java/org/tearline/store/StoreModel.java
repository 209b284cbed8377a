package org.tearline.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.tearline.stix.StixTimestamp;

/**
 * The object part of one collection as plain lists: what the store should answer, written as
 * simply as possible so that it is obviously right. Used by the model-based property.
 */
final class StoreModel {

    /** One stored version, in collection order. */
    record Entry(
            String id,
            String type,
            String versionKey,
            String specVersion,
            String digest,
            String json,
            long dateAdded) {}

    /** What addObjects should report for one input. */
    record Expected(String id, String versionKey, AddResult.Outcome outcome) {}

    private final List<Entry> entries = new ArrayList<>();
    private long lastAdded;

    private static boolean keyTaken(List<Entry> versions, String key) {
        return versions.stream().anyMatch(e -> e.versionKey().equals(key));
    }

    /** Adds like {@link StoreTx#addObjects}; returns the expected result of each input. */
    List<Expected> add(List<NewObject> objects, Instant now) {
        long dateAdded = Math.max(StixTimestamp.toMicros(now), lastAdded + 1);
        String addedKey = StixTimestamp.key(StixTimestamp.fromMicros(dateAdded));
        List<Entry> pending = new ArrayList<>();
        List<Expected> results = new ArrayList<>();
        for (NewObject o : objects) {
            List<Entry> versions = new ArrayList<>();
            for (List<Entry> source : List.of(entries, pending)) {
                source.stream().filter(e -> e.id().equals(o.id())).forEach(versions::add);
            }
            if (o.versionKey() == null) {
                Optional<Entry> same = versions.stream()
                        .filter(e -> e.digest().equals(o.digest()))
                        .findFirst();
                if (same.isPresent()) {
                    results.add(new Expected(o.id(), same.get().versionKey(), AddResult.Outcome.DUPLICATE));
                } else {
                    // New content in one request shares the date_added: each further one is
                    // versioned a nanosecond later.
                    String key = addedKey;
                    for (int n = 1; keyTaken(versions, key); n++) {
                        key = StixTimestamp.key(
                                StixTimestamp.fromMicros(dateAdded).plusNanos(n));
                    }
                    pending.add(entry(o, key, dateAdded));
                    results.add(new Expected(o.id(), key, AddResult.Outcome.STORED));
                }
            } else {
                Optional<Entry> same = versions.stream()
                        .filter(e -> e.versionKey().equals(o.versionKey()))
                        .findFirst();
                if (same.isEmpty()) {
                    pending.add(entry(o, o.versionKey(), dateAdded));
                    results.add(new Expected(o.id(), o.versionKey(), AddResult.Outcome.STORED));
                } else if (same.get().digest().equals(o.digest())) {
                    results.add(new Expected(o.id(), o.versionKey(), AddResult.Outcome.DUPLICATE));
                } else {
                    results.add(new Expected(o.id(), o.versionKey(), AddResult.Outcome.CONFLICT));
                }
            }
        }
        if (!pending.isEmpty()) {
            entries.addAll(pending);
            lastAdded = dateAdded;
        }
        return results;
    }

    private static Entry entry(NewObject o, String versionKey, long dateAdded) {
        return new Entry(o.id(), o.type(), versionKey, o.specVersion(), o.digest(), o.json(), dateAdded);
    }

    /** What findObjects/findManifest/forEachObject should return, in collection order. */
    List<Entry> find(ObjectFilter filter) {
        return entries.stream().filter(e -> matches(e, filter, true)).toList();
    }

    /** Deletes like {@link StoreTx#deleteObject}; returns how many versions went. */
    int delete(String objectId, ObjectFilter filter) {
        List<Entry> doomed = entries.stream()
                .filter(e -> e.id().equals(objectId) && matches(e, filter, false))
                .toList();
        entries.removeAll(doomed);
        return doomed.size();
    }

    private boolean matches(Entry e, ObjectFilter f, boolean applyIdsAndTypes) {
        if (applyIdsAndTypes && !f.ids().isEmpty() && !f.ids().contains(e.id())) {
            return false;
        }
        if (applyIdsAndTypes && !f.types().isEmpty() && !f.types().contains(e.type())) {
            return false;
        }
        if (!f.specVersions().isEmpty() && !f.specVersions().contains(e.specVersion())) {
            return false;
        }
        if (f.addedAfterMicros().isPresent()
                && e.dateAdded() <= f.addedAfterMicros().get()) {
            return false;
        }
        VersionSelector v = f.versions();
        if (v.all()) {
            return true;
        }
        TreeSet<String> keys = new TreeSet<>();
        entries.stream().filter(x -> x.id().equals(e.id())).forEach(x -> keys.add(x.versionKey()));
        return (v.first() && keys.first().equals(e.versionKey()))
                || (v.last() && keys.last().equals(e.versionKey()))
                || v.versionKeys().contains(e.versionKey());
    }
}
