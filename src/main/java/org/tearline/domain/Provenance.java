package org.tearline.domain;

/**
 * Where stored object versions came from, kept with each version so federation and
 * corroboration can later tell independent sources from echoes.
 *
 * @param channel how they arrived: {@code taxii} (posted by a user), {@code import} (command
 *                line), {@code release} (materialised by a release policy), {@code feed}
 * @param source  who or what sent them: a user name, a file name, a feed URL
 */
public record Provenance(String channel, String source) {}
