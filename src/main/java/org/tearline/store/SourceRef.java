package org.tearline.store;

/**
 * A reference from one source object to another.
 *
 * @param required true when the referrer cannot be released without the target
 */
public record SourceRef(String targetId, String referrerId, boolean required) {}
