/**
 * The store: one interface, {@link org.tearline.store.Store}, that keeps everything the server
 * knows (API roots, collections, object versions with their provenance, status resources, users,
 * tokens, grants and server secrets), so any number of Tearline nodes can share one database.
 * A transaction ({@link org.tearline.store.StoreTx}) hands out one repository per concept
 * ({@link org.tearline.store.ObjectVersions}, {@link org.tearline.store.Collections},
 * {@link org.tearline.store.ReleaseViews}, {@link org.tearline.store.DisclosureRecord},
 * {@link org.tearline.store.Warnings}, {@link org.tearline.store.Accounts},
 * {@link org.tearline.store.SignIns}, {@link org.tearline.store.Secrets}), all working in that
 * one transaction. The interfaces speak the domain (the records of {@code org.tearline.domain},
 * and the store's own query terms here: filters, pages, positions), never HTTP.
 * Implementations live in {@code org.tearline.store.jdbc}. Each repository, and the store's
 * transactions, have a contract test suite of their own ({@code ...Contract} in the tests),
 * run against SQLite and PostgreSQL.
 */
package org.tearline.store;
