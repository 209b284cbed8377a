package org.tearline.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.tearline.error.ConfigurationException;
import org.tearline.error.StoreFailureException;
import org.tearline.error.StoreUnavailableException;
import org.tearline.error.TearlineException;
import org.tearline.store.PrivateFiles;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;

/**
 * The store on a JDBC database. On SQLite, writes go through one connection in
 * {@code BEGIN IMMEDIATE} transactions (SQLite has one writer anyway; taking the lock up front
 * avoids deadlocked upgrades) and reads through a small pool, concurrently thanks to WAL. On
 * PostgreSQL, one pool serves both; writers to one collection serialise on its row lock.
 */
public final class JdbcStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final Dialect dialect;
    private final String description;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    /** Serialises this process's SQLite writers, so they queue here and not on busy_timeout. */
    private final ReentrantLock sqliteWriteLock = new ReentrantLock(true);

    private final DataSource migrationSource;
    /** Stops the dialect's background checkpointer, once started. */
    private Runnable stopCheckpointer = () -> {};
    /** The identity tiers' bookkeeping, and the filter of known ids, shared by transactions. */
    private final IdentityTiers identityTiers;

    private final KnownIds knownIds = new KnownIds();
    /** Kept statements per SQLite connection (see StatementCache), by identity. */
    private final IdentityHashMap<Connection, StatementCache> statementCaches = new IdentityHashMap<>();

    private JdbcStore(
            Dialect dialect,
            String description,
            HikariDataSource readPool,
            HikariDataSource writePool,
            DataSource migrationSource,
            IdentityTiers identityTiers) {
        this.dialect = dialect;
        this.identityTiers = identityTiers;
        this.migrationSource = migrationSource;
        this.description = description;
        this.readPool = readPool;
        this.writePool = writePool;
    }

    /** Settings for opening a store. */
    public record Settings(Path dataDir, String databaseUrl, int poolSize, boolean syncFull) {

        /** The embedded store in {@code dataDir}, with default settings. */
        public static Settings embedded(Path dataDir) {
            return new Settings(dataDir, null, 8, false);
        }
    }

    /**
     * Opens the store and migrates its schema. {@code databaseUrl} null or blank means the
     * embedded SQLite store in the data directory; otherwise a {@code postgresql://} URL.
     */
    public static JdbcStore open(Settings settings) {
        return open(settings, new IdentityTiers());
    }

    /** Opens the store with identity tiers of other caps than a store's, for tests. */
    static JdbcStore open(Settings settings, IdentityTiers identityTiers) {
        String url = settings.databaseUrl();
        JdbcStore store;
        if (url == null || url.isBlank() || url.startsWith("sqlite:")) {
            Path file = url == null || url.isBlank()
                    ? settings.dataDir().resolve("tearline.db")
                    : Path.of(url.substring("sqlite:".length()));
            store = openSqlite(file, settings, identityTiers);
        } else if (url.startsWith("postgresql://")
                || url.startsWith("postgres://")
                || url.startsWith("jdbc:postgresql://")) {
            store = openPostgres(url, settings, identityTiers);
        } else {
            throw new ConfigurationException(
                    "database URL must start with postgresql:// or" + " sqlite:, was '" + redact(url) + "'");
        }
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        // Only after migrating: SQLite's checkpointer runs PRAGMA optimize, which may write
        // statistics, and a write between a migration's first read and its first write fails
        // that migration with SQLITE_BUSY_SNAPSHOT.
        store.stopCheckpointer = store.dialect.startLogCheckpointer(store.readPool);
        return store;
    }

    /** How much of the database file is memory-mapped (address space, not memory). */
    static final long MMAP_BYTES = 8L << 30;

    /** WAL frames (4 KiB pages) after which a commit checkpoints: about 64 MB of log. */
    static final int WAL_CHECKPOINT_FRAMES = 16_384;

    private static JdbcStore openSqlite(Path file, Settings settings, IdentityTiers identityTiers) {
        try {
            // SQLite gives the -wal and -shm files it creates the database file's mode, so an
            // owner-only database keeps its log owner-only too.
            PrivateFiles.directory(file.toAbsolutePath().getParent());
            PrivateFiles.file(file);
            for (String suffix : List.of("-wal", "-shm")) {
                PrivateFiles.warnIfShared(file.toAbsolutePath().resolveSibling(file.getFileName() + suffix));
            }
        } catch (UncheckedIOException e) {
            throw new ConfigurationException(
                    "cannot create the data directory or database " + file + ": "
                            + e.getCause().getMessage(),
                    e);
        }
        String jdbcUrl = "jdbc:sqlite:" + file.toAbsolutePath();
        // Checkpoints move the WAL into the database file and fsync it. Left to SQLite at its
        // default threshold they run inside a commit every 4 MB, stalling that request; a
        // background thread does the copying instead (see SqliteCheckpointer). But SQLite only
        // starts the log anew after a checkpoint that copied all of it and finished before the
        // next write began, which a background one racing a steady import never does: the log
        // then grew without end (gigabytes at a million objects, each commit slower). So the
        // writer still checkpoints, rarely, and then finds nearly everything copied already.
        HikariDataSource write = pool(
                "tearline-write",
                sqliteSource(jdbcUrl, settings),
                1,
                "PRAGMA wal_autocheckpoint=" + WAL_CHECKPOINT_FRAMES);
        HikariDataSource read = pool(
                "tearline-read", sqliteSource(jdbcUrl, settings), Math.max(2, Math.min(settings.poolSize(), 8)), null);
        return new JdbcStore(
                Dialect.SQLITE,
                "sqlite:" + file.toAbsolutePath(),
                read,
                write,
                sqliteSource(jdbcUrl, settings),
                identityTiers);
    }

    private static DataSource sqliteSource(String jdbcUrl, Settings settings) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode survives a crash of the process (kill -9) but may lose the last
        // transactions on power loss; FULL survives both at the cost of an fsync per commit.
        config.setSynchronous(
                settings.syncFull() ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(30_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-64_000);
        // Database pages are read from the operating system's cache in place instead of being
        // copied into each connection's own cache: past a few hundred thousand objects the
        // identity index no longer fits in 64 MB, and every envelope's random lookups then cost
        // a system call and a copy each. Writes still go through the write-ahead log.
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_BYTES));
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(jdbcUrl);
        return ds;
    }

    private static JdbcStore openPostgres(String url, Settings settings, IdentityTiers identityTiers) {
        HikariConfig config = new HikariConfig();
        String redacted;
        if (url.startsWith("jdbc:")) {
            config.setJdbcUrl(url);
            redacted = redact(url);
        } else {
            PostgresUrl pg = PostgresUrl.parse(url);
            config.setJdbcUrl(pg.jdbcUrl());
            if (pg.user() != null) {
                config.setUsername(pg.user());
            }
            if (pg.password() != null) {
                config.setPassword(pg.password());
            }
            redacted = pg.redacted();
        }
        // Batched inserts become multi-row INSERTs: the driver's fast path for bulk ingest.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "tearline");
        config.setPoolName("tearline-pg");
        config.setMaximumPoolSize(settings.poolSize());
        config.setAutoCommit(false);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException(
                    "cannot connect to PostgreSQL at " + redacted + ": " + rootMessage(e), e);
        }
        return new JdbcStore(Dialect.POSTGRESQL, redacted, ds, ds, ds, identityTiers);
    }

    private static HikariDataSource pool(String name, DataSource source, int size, String initSql) {
        HikariConfig config = new HikariConfig();
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        config.setPoolName(name);
        config.setDataSource(source);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(migrationSource)
                .locations("classpath:db/migration")
                // Migrations that compute what SQL cannot, kept beside the store they serve.
                .javaMigrations(
                        new V8IdentityHash(),
                        new V9IdentityTiers(),
                        new V10FirstTierInOrder(),
                        new V11VersionsWithoutCollectionCheck(),
                        new V13WarningVersions())
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /** Which database this store runs on. */
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T read(Function<StoreTx, T> work) {
        return dialect.inReadTransaction(this, work);
    }

    @Override
    public <T> T write(Function<StoreTx, T> work) {
        return dialect.inWriteTransaction(this, work);
    }

    /**
     * A transaction on SQLite begun with {@code begin}: a read on the read pool, a write on the
     * one write connection, this process's writers queueing for it on a fair lock.
     */
    <T> T inSqliteTransaction(boolean writing, String begin, Function<StoreTx, T> work) {
        if (!writing) {
            return inSqliteTransaction(readPool, begin, work);
        }
        sqliteWriteLock.lock();
        try {
            return inSqliteTransaction(writePool, begin, work);
        } finally {
            sqliteWriteLock.unlock();
        }
    }

    private <T> T inSqliteTransaction(DataSource pool, String begin, Function<StoreTx, T> work) {
        try (Connection conn = pool.getConnection()) {
            StatementCache statements = statementsOf(conn);
            // Autocommit stays on: the driver would otherwise re-open a transaction right after
            // each commit and keep the database locked between our transactions.
            run(statements, begin);
            boolean done = false;
            try {
                JdbcTx tx = new JdbcTx(conn, dialect, statements, identityTiers, knownIds);
                T result = work.apply(tx);
                tx.beforeCommit();
                run(statements, "COMMIT");
                done = true;
                tx.committed();
                return result;
            } finally {
                if (!done) {
                    try (Statement s = conn.createStatement()) {
                        s.execute("ROLLBACK");
                    } catch (SQLException e) {
                        LOG.warn("rollback failed", e);
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("running a transaction", e);
        }
    }

    /** Runs a statement without parameters or results through the connection's cache. */
    private static void run(StatementCache statements, String sql) throws SQLException {
        PreparedStatement ps = statements.prepare(sql);
        try {
            ps.execute();
        } catch (SQLException e) {
            // Not kept: a statement that failed is not handed out again.
            ps.close();
            throw e;
        }
        statements.release(sql, ps);
    }

    /**
     * The kept statements of a pooled SQLite connection, by the driver connection behind the
     * pool's proxy. A connection the pool retired is closed, and its statements with it; its
     * entry goes when the pool opens the next one.
     */
    private StatementCache statementsOf(Connection pooled) throws SQLException {
        Connection raw = pooled.unwrap(SQLiteConnection.class);
        synchronized (statementCaches) {
            StatementCache cache = statementCaches.get(raw);
            if (cache == null) {
                statementCaches.values().removeIf(c -> isClosed(c.connection()));
                cache = new StatementCache(raw);
                statementCaches.put(raw, cache);
            }
            return cache;
        }
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** A transaction on PostgreSQL: a read-only one is REPEATABLE READ and rolled back. */
    <T> T inPostgresTransaction(Function<StoreTx, T> work, boolean readOnly) {
        try (Connection conn = writePool.getConnection()) {
            boolean done = false;
            try {
                if (readOnly) {
                    try (Statement s = conn.createStatement()) {
                        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    }
                }
                JdbcTx tx = new JdbcTx(conn, dialect, null, identityTiers, knownIds);
                T result = work.apply(tx);
                if (readOnly) {
                    conn.rollback();
                } else {
                    tx.beforeCommit();
                    conn.commit();
                    tx.committed();
                }
                done = true;
                return result;
            } finally {
                if (!done) {
                    try {
                        conn.rollback();
                    } catch (SQLException e) {
                        LOG.warn("rollback failed", e);
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("running a transaction", e);
        }
    }

    /**
     * Wraps a database failure. The SQL message may contain stored values, so it goes to the log
     * under an id and the client sees only that id.
     */
    static TearlineException failure(String doing, SQLException e) {
        String logId = UUID.randomUUID().toString().substring(0, 8);
        String state = e.getSQLState();
        // SQLite's BUSY/LOCKED and PostgreSQL's connection, serialization and lock errors are
        // transient: the client may retry.
        boolean transient_ =
                (state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("55P03")))
                        || e.getErrorCode() == 5
                        || e.getErrorCode() == 6;
        LOG.error("store failure while {} [log id {}]", doing, logId, e);
        if (transient_) {
            return new StoreUnavailableException(
                    "the store is busy or unreachable; retry later" + " (log id " + logId + ")", e);
        }
        return new StoreFailureException("the store failed while " + doing + " (log id " + logId + ")", e);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean isHealthy() {
        try {
            return read(tx -> tx.collections().apiRoots() != null);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stopCheckpointer.run();
        readPool.close();
        if (writePool != readPool) {
            writePool.close();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Removes a password from a URL for messages. */
    static String redact(String url) {
        return url.replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** A {@code postgresql://user:password@host:port/db?params} URL, as libpq writes them. */
    record PostgresUrl(String jdbcUrl, String user, String password, String redacted) {

        static PostgresUrl parse(String url) {
            URI uri;
            try {
                uri = new URI(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
            } catch (URISyntaxException e) {
                throw new ConfigurationException("database URL is not a valid URL: " + redact(url));
            }
            if (uri.getHost() == null) {
                throw new ConfigurationException("database URL names no host: " + redact(url));
            }
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                if (parts.length > 1) {
                    password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
                }
            }
            String db = uri.getPath() == null || uri.getPath().length() <= 1
                    ? "postgres"
                    : uri.getPath().substring(1);
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new PostgresUrl(jdbc, user, password, redact(url));
        }
    }
}
