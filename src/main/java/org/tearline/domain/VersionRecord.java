package org.tearline.domain;

import java.time.Instant;
import org.tearline.stix.StixTimestamp;

/**
 * What the store knows of one object version, without its body: a manifest entry.
 *
 * @param versionKey the version (modified, else created, else date_added) as a
 *                   {@link StixTimestamp#key} key
 */
public record VersionRecord(
        String objectId, String type, String versionKey, String specVersion, long dateAddedMicros, long seq) {

    /** The version as clients see it. */
    public String version() {
        return StixTimestamp.format(StixTimestamp.parse(versionKey).orElseThrow());
    }

    /** When this version was added to the collection. */
    public Instant dateAdded() {
        return StixTimestamp.fromMicros(dateAddedMicros);
    }

    /** This record's place in the collection order. */
    public Position position() {
        return new Position(dateAddedMicros, seq);
    }
}
