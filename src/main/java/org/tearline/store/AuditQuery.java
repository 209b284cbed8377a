package org.tearline.store;

import java.time.Instant;
import java.util.Optional;

/** Which entries of the disclosure record to read; empty means no restriction. */
public record AuditQuery(
        Optional<String> audience, Optional<String> objectId, Optional<Instant> since, Optional<String> kind) {

    /** Every entry. */
    public static final AuditQuery ALL =
            new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
