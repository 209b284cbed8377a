package org.tearline.domain;

/**
 * A TAXII API root: a named group of collections served under {@code /<name>/}.
 *
 * @param maxContentLength largest request body accepted, in bytes, announced to clients
 */
public record ApiRoot(String name, String title, String description, long maxContentLength) {}
