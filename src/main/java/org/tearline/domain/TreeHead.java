package org.tearline.domain;

import java.time.Instant;

/**
 * A signed head of the disclosure record's Merkle tree (RFC 9162): the tree of its first
 * {@code size} entries has root {@code rootHash}. Each head names the size of the one signed
 * before it, so a missing head breaks the series; {@code kind} says why it was signed (a step
 * that matters in a dispute, the timer, a clean shutdown, ...).
 */
public record TreeHead(
        long size, String rootHash, Instant at, long previousSize, String kind, String keyId, String signature) {}
