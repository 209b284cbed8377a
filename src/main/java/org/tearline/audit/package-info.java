/**
 * The disclosure record: an append-only log, written in the same transaction as the action it
 * records, of every release into an audience's view, every partner retrieval, every policy,
 * warning and account change and every refused login. Entries hold identifiers and digests,
 * never protected content; each carries the hash of the one before, and the head of the chain
 * is signed (Ed25519) at intervals and on shutdown, so any alteration, removal, insertion,
 * reordering or truncation is found by {@code tearline audit verify}. Partners get signed
 * statements of what they retrieved, which they verify offline with the producer's public key.
 */
package org.tearline.audit;
