/**
 * The store: one interface, {@link org.tearline.store.Store}, that keeps everything the server
 * knows (API roots, collections, object versions with their provenance, status resources, users,
 * tokens, grants and server secrets), so any number of Tearline nodes can share one database.
 * The interface speaks the domain (collections, filters, pages), never HTTP. Implementations
 * live in {@code org.tearline.store.jdbc}; one contract test suite runs against each.
 */
package org.tearline.store;
