/**
 * The JDBC implementations of the store: SQLite (one file in the data directory, the embedded
 * default) and PostgreSQL (for production and for several nodes). One schema, migrated by
 * Flyway, serves both; the few places where the databases differ are confined to one strategy
 * per database, a {@link org.tearline.store.jdbc.Dialect} ({@code SqliteDialect},
 * {@code PostgresDialect}). Each repository of a transaction is one class
 * ({@code JdbcObjectVersions}, {@code JdbcWarnings}, ...) over the connection, dialect and kept
 * statements that {@code JdbcTx} shares among them.
 */
package org.tearline.store.jdbc;
