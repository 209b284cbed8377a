/**
 * The JDBC implementations of the store: SQLite (one file in the data directory, the embedded
 * default) and PostgreSQL (for production and for several nodes). One schema, migrated by
 * Flyway, serves both; the few places where the databases differ are confined to
 * {@link org.tearline.store.jdbc.Dialect}.
 */
package org.tearline.store.jdbc;
