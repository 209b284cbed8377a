package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite housekeeping on a background thread: checkpoints the write-ahead log (PASSIVE ones
 * never block readers or the writer; the final one on close truncates the log so the data
 * directory is left as one compact file), and refreshes the planner's statistics now and then
 * with a bounded {@code PRAGMA optimize}.
 */
final class SqliteCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);
    private static final long PERIOD_MS = 500;
    private static final long OPTIMIZE_MINUTES = 10;

    private final DataSource pool;
    private final ScheduledExecutorService timer;

    // Each task catches and logs its database failures and the executor is shut down on close: the
    // futures have nothing more to say.
    @SuppressWarnings("FutureReturnValueIgnored")
    SqliteCheckpointer(DataSource pool) {
        this.pool = pool;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tearline-sqlite-checkpoint");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> checkpoint("PASSIVE"), PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::optimize, 0, OPTIMIZE_MINUTES, TimeUnit.MINUTES);
    }

    private void optimize() {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            // analysis_limit keeps ANALYZE to a sample, so this stays cheap at any size.
            s.execute("PRAGMA analysis_limit=1000");
            s.execute("PRAGMA optimize=0x10002");
        } catch (SQLException e) {
            LOG.debug("optimize skipped", e);
        }
    }

    private void checkpoint(String mode) {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(" + mode + ")");
        } catch (SQLException e) {
            // Busy or closing: the next round will do it.
            LOG.debug("checkpoint {} skipped", mode, e);
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint("TRUNCATE");
    }
}
