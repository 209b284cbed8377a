package org.tearline.peer;

import java.time.Instant;

/**
 * What one pull of one subscription did.
 *
 * @param stored      versions stored
 * @param duplicates  versions received that were already stored (the overlap, a restart)
 * @param quarantined objects kept aside, newly
 * @param newestAdded the newest date_added the peer gave so far, in its own clock
 */
public record PullResult(int pages, long stored, long duplicates, long quarantined, Instant newestAdded) {}
