/**
 * The release engine: how one audience's policy turns the producer's source objects into what
 * that audience may see. Pure and deterministic: no I/O, no clock, no HTTP; the same objects
 * and the same policy always give the same view, byte for byte. Markings drive actions
 * (release, redact, generalise, withhold) on whole objects and, through granular markings, on
 * single properties; references are closed so nothing released points at something withheld;
 * released ids are derived per audience; and every decision carries the marking and rule that
 * made it, for the producer's preview.
 */
package org.tearline.release;
