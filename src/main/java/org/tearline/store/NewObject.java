package org.tearline.store;

/**
 * An object version to add to a collection. Built by the services from a validated object.
 *
 * @param versionKey the version ({@link org.tearline.stix.StixTimestamp#key}), or null for an
 *                   object without modified or created, whose version becomes its date_added
 * @param json   the object serialised as it will be served
 * @param digest SHA-256 (hex) of {@code json}'s UTF-8 bytes: the exact bytes served
 */
public record NewObject(String id, String type, String versionKey, String specVersion, String json, String digest) {}
