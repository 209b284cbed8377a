package org.tearline.domain;

/**
 * One stored object version: its record, its JSON exactly as it is served, and the SHA-256
 * (hex) of those bytes.
 */
public record StoredObject(VersionRecord record, String json, String digest) {}
