package org.tearline.domain;

import java.time.Instant;

/**
 * A public key that verifies checkpoints and receipts, kept after rotation so old signatures
 * still verify.
 *
 * @param publicKey the key in PEM (X.509 SubjectPublicKeyInfo)
 * @param retired   when it stopped signing, or null while it is the current key
 */
public record AuditKey(String keyId, String publicKey, Instant created, Instant retired) {}
