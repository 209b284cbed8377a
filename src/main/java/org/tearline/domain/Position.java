package org.tearline.domain;

/**
 * A place in a collection's order (date_added, then the store's sequence number). Pages resume
 * strictly after a position, so objects that share one date_added are neither skipped nor
 * repeated, and objects added later always sort after every position handed out before.
 */
public record Position(long dateAddedMicros, long seq) {}
