package org.tearline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementCacheTest {

    private Connection conn;
    private StatementCache cache;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:sqlite::memory:");
        cache = new StatementCache(conn);
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void handsOutTheReleasedStatementAgainWithItsParametersCleared() throws SQLException {
        PreparedStatement first = cache.prepare("SELECT ?");
        first.setInt(1, 7);
        first.executeQuery().close();
        cache.release("SELECT ?", first);

        PreparedStatement again = cache.prepare("SELECT ?");
        assertThat(again).isSameAs(first);
        again.setInt(1, 8);
        try (ResultSet rs = again.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(8);
        }
    }

    @Test
    void givesAStatementInUseToNobodyElse() throws SQLException {
        PreparedStatement outer = cache.prepare("SELECT 1");
        PreparedStatement inner = cache.prepare("SELECT 1");
        assertThat(inner).isNotSameAs(outer);
        cache.release("SELECT 1", inner);
        cache.release("SELECT 1", outer);
        assertThat(inner.isClosed()).as("the copy replaced on release").isTrue();
        assertThat(cache.prepare("SELECT 1")).isSameAs(outer);
    }

    @Test
    void closesTheLeastRecentlyUsedStatementBeyondItsCapacity() throws SQLException {
        PreparedStatement oldest = cache.prepare("SELECT 0");
        cache.release("SELECT 0", oldest);
        for (int i = 1; i <= 128; i++) {
            cache.release("SELECT " + i, cache.prepare("SELECT " + i));
        }
        assertThat(oldest.isClosed()).isTrue();
        assertThat(cache.prepare("SELECT 0")).isNotSameAs(oldest);
    }

    @Test
    void closesAStatementItCannotClearInsteadOfKeepingIt() throws SQLException {
        PreparedStatement ps = cache.prepare("SELECT 1");
        ps.close();
        cache.release("SELECT 1", ps);
        PreparedStatement next = cache.prepare("SELECT 1");
        assertThat(next).isNotSameAs(ps);
        assertThat(next.isClosed()).isFalse();
    }
}
