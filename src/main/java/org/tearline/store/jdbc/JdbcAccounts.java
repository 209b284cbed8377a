package org.tearline.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tearline.domain.Account;
import org.tearline.domain.ApiToken;
import org.tearline.domain.Grant;
import org.tearline.error.ConflictException;
import org.tearline.error.NotFoundException;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.Accounts;

/** {@link Accounts} on one JDBC transaction. */
final class JdbcAccounts extends JdbcRepository implements Accounts {

    private static final String ACCOUNT_COLUMNS = "name, password_hash, role, created_at, disabled";

    JdbcAccounts(Connection conn, Dialect dialect, StatementCache statements) {
        super(conn, dialect, statements);
    }

    @Override
    public Optional<Account> findAccount(String name) {
        return first(query(
                "SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE name = ?", List.of(name), JdbcAccounts::account));
    }

    @Override
    public List<Account> accounts() {
        return query("SELECT " + ACCOUNT_COLUMNS + " FROM account ORDER BY name", List.of(), JdbcAccounts::account);
    }

    @Override
    public void createAccount(Account a) {
        if (findAccount(a.name()).isPresent()) {
            throw new ConflictException("user '" + a.name() + "' already exists");
        }
        // ON CONFLICT: another node may have created the same account since the check above.
        if (update(
                        "INSERT INTO account (" + ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                                + " ON CONFLICT (name) DO NOTHING",
                        listOf(
                                a.name(),
                                a.passwordHash(),
                                a.role().name().toLowerCase(Locale.ROOT),
                                StixTimestamp.toMicros(a.created()),
                                a.disabled() ? 1 : 0))
                == 0) {
            throw new ConflictException("user '" + a.name() + "' already exists");
        }
    }

    @Override
    public void updatePassword(String name, String passwordHash) {
        if (update("UPDATE account SET password_hash = ? WHERE name = ?", listOf(passwordHash, name)) == 0) {
            throw new NotFoundException("user '" + name + "' does not exist");
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(
                rs.getString(1),
                rs.getString(2),
                Account.Role.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
                StixTimestamp.fromMicros(rs.getLong(4)),
                rs.getInt(5) == 1);
    }

    @Override
    public void createToken(ApiToken t) {
        update(
                "INSERT INTO api_token (id, account, secret_hash, label, created_at, revoked)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                listOf(
                        t.id(),
                        t.account(),
                        t.secretHash(),
                        t.label(),
                        StixTimestamp.toMicros(t.created()),
                        t.revoked() ? 1 : 0));
        if (t.expires() != null) {
            update(
                    "INSERT INTO api_token_expiry (token_id, expires_at) VALUES (?, ?)",
                    listOf(t.id(), StixTimestamp.toMicros(t.expires())));
        }
    }

    private static final String TOKEN_SELECT = "SELECT t.id, t.account, t.secret_hash,"
            + " t.label, t.created_at, t.revoked, e.expires_at FROM api_token t"
            + " LEFT JOIN api_token_expiry e ON e.token_id = t.id";

    @Override
    public Optional<ApiToken> findToken(String id) {
        return first(query(TOKEN_SELECT + " WHERE t.id = ?", List.of(id), JdbcAccounts::token));
    }

    @Override
    public List<ApiToken> tokensOf(String account) {
        return query(
                TOKEN_SELECT + " WHERE t.account = ? ORDER BY t.created_at, t.id",
                List.of(account),
                JdbcAccounts::token);
    }

    @Override
    public List<ApiToken> tokens() {
        return query(TOKEN_SELECT + " ORDER BY t.account, t.created_at, t.id", List.of(), JdbcAccounts::token);
    }

    @Override
    public boolean revokeToken(String id) {
        return update("UPDATE api_token SET revoked = 1 WHERE id = ?", List.of(id)) > 0;
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        long expires = rs.getLong(7);
        boolean never = rs.wasNull();
        return new ApiToken(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                StixTimestamp.fromMicros(rs.getLong(5)),
                rs.getInt(6) == 1,
                never ? null : StixTimestamp.fromMicros(expires));
    }

    @Override
    public void setDisabled(String name, boolean disabled) {
        if (update("UPDATE account SET disabled = ? WHERE name = ?", listOf(disabled ? 1 : 0, name)) == 0) {
            throw new NotFoundException("user '" + name + "' does not exist");
        }
    }

    @Override
    public void putGrant(Grant g) {
        update(
                "INSERT INTO collection_grant (account, collection_id, can_read, can_write)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (account, collection_id) DO UPDATE"
                        + " SET can_read = excluded.can_read, can_write = excluded.can_write",
                listOf(g.account(), g.collectionId(), g.canRead() ? 1 : 0, g.canWrite() ? 1 : 0));
    }

    @Override
    public Optional<Grant> findGrant(String account, String collectionId) {
        return first(query(
                "SELECT account, collection_id, can_read, can_write"
                        + " FROM collection_grant WHERE account = ? AND collection_id = ?",
                List.of(account, collectionId),
                JdbcAccounts::grant));
    }

    @Override
    public List<Grant> grantsOf(String account) {
        return query(
                "SELECT account, collection_id, can_read, can_write FROM collection_grant"
                        + " WHERE account = ? ORDER BY collection_id",
                List.of(account),
                JdbcAccounts::grant);
    }

    private static Grant grant(ResultSet rs) throws SQLException {
        return new Grant(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getInt(4) == 1);
    }
}
