/**
 * Closed value lists and registries STIX 2.1 refers to: enumerations, RFC 5646 language tags,
 * IANA character sets. Pure data and lookups, built once, safe to share between threads.
 */
package org.tearline.stix.vocab;
