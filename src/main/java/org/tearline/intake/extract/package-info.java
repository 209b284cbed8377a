/**
 * Reads a document's text and finds what an analyst would otherwise retype: indicators
 * (refanged), places (from a bundled gazetteer), time windows (absolute, and relative to the
 * publication time), target types and known threat actors, each with the page, the character
 * offsets and the rule that found it. A pure engine: it knows nothing of the store, drafts or
 * HTTP; {@code org.tearline.intake} feeds it text and keeps what it finds as a draft.
 */
package org.tearline.intake.extract;
