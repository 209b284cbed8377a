package org.tearline.store;

/** The last entry of the disclosure record: its number and hash. */
public record AuditHead(long seq, String hash) {}
