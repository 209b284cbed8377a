package org.tearline.domain;

import java.time.Instant;

/** A signature over the head of the disclosure record at one moment. */
public record AuditCheckpoint(long seq, String headHash, Instant at, String keyId, String signature) {}
