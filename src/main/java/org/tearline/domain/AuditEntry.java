package org.tearline.domain;

import java.time.Instant;

/**
 * One entry of the disclosure record. {@code detail} is canonical JSON holding identifiers and
 * digests, never protected content. {@code hash} chains it to the entry before.
 */
public record AuditEntry(
        long seq,
        Instant at,
        String kind,
        String actor,
        String audience,
        String subject,
        String detail,
        String prevHash,
        String hash) {}
