package org.tearline.domain;

/** What one account may do with one collection. */
public record Grant(String account, String collectionId, boolean canRead, boolean canWrite) {}
