/**
 * The disclosure record: an append-only log, written in the same transaction as the action it
 * records, of every release into an audience's view, every partner retrieval, every policy,
 * warning and account change and every refused login. Entries hold identifiers and digests,
 * never protected content. The entries are the leaves of an RFC 9162 Merkle tree whose heads
 * are signed (Ed25519) in a series: with every warning step, dismissal and takeback, on a timer
 * and at shutdown; {@code tearline audit verify} requires the series unbroken and the end
 * covered, so an alteration, removal, insertion, reordering or truncation by a database writer
 * is found. Partners get signed heads, consistency and inclusion proofs, keep the heads they saw
 * ({@link org.tearline.audit.Witness}) and check that the record never forks; and signed
 * statements of what they retrieved, which they verify offline with the producer's public key.
 */
package org.tearline.audit;
