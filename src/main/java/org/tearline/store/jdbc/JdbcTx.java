package org.tearline.store.jdbc;

import java.sql.Connection;
import org.tearline.store.Accounts;
import org.tearline.store.Alerts;
import org.tearline.store.Collections;
import org.tearline.store.DisclosureRecord;
import org.tearline.store.Drafts;
import org.tearline.store.ObjectVersions;
import org.tearline.store.Peers;
import org.tearline.store.Quarantine;
import org.tearline.store.ReleaseViews;
import org.tearline.store.Secrets;
import org.tearline.store.SignIns;
import org.tearline.store.StoreTx;
import org.tearline.store.Warnings;

/**
 * One transaction on a JDBC connection: its repositories share the connection, the dialect and
 * the kept statements. Each is made when first asked for, so a transaction pays only for the
 * ones it uses. Not thread-safe; lives as long as the transaction.
 */
final class JdbcTx implements StoreTx {

    private final Connection conn;
    private final Dialect dialect;
    /** The connection's kept statements, on SQLite; null where the driver keeps its own. */
    private final StatementCache statements;

    private final IdentityTiers tiers;
    private final KnownIds knownIds;

    private JdbcObjectVersions objects;
    private JdbcCollections collections;
    private JdbcReleaseViews releaseViews;
    private JdbcDisclosureRecord record;
    private JdbcWarnings warnings;
    private JdbcAccounts accounts;
    private JdbcSignIns signIns;
    private JdbcSecrets secrets;
    private JdbcDrafts drafts;
    private JdbcPeers peers;
    private JdbcQuarantine quarantine;
    private JdbcAlerts alerts;

    JdbcTx(Connection conn, Dialect dialect, StatementCache statements, IdentityTiers tiers, KnownIds knownIds) {
        this.conn = conn;
        this.dialect = dialect;
        this.statements = statements;
        this.tiers = tiers;
        this.knownIds = knownIds;
    }

    /**
     * Called before the transaction commits: moves identity entries down the tiers if this
     * transaction added enough objects (see {@link JdbcObjectVersions#beforeCommit}).
     */
    void beforeCommit() {
        if (objects != null) {
            objects.beforeCommit();
        }
    }

    /**
     * Called once the transaction has committed: the store's filter of known ids may now trust
     * what this transaction added.
     */
    void committed() {
        if (objects != null) {
            objects.committed();
        }
    }

    @Override
    public ObjectVersions objects() {
        if (objects == null) {
            objects = new JdbcObjectVersions(conn, dialect, statements, tiers, knownIds);
        }
        return objects;
    }

    @Override
    public Collections collections() {
        if (collections == null) {
            collections = new JdbcCollections(conn, dialect, statements);
        }
        return collections;
    }

    @Override
    public ReleaseViews releaseViews() {
        if (releaseViews == null) {
            releaseViews = new JdbcReleaseViews(conn, dialect, statements);
        }
        return releaseViews;
    }

    @Override
    public DisclosureRecord record() {
        if (record == null) {
            record = new JdbcDisclosureRecord(conn, dialect, statements);
        }
        return record;
    }

    @Override
    public Warnings warnings() {
        if (warnings == null) {
            warnings = new JdbcWarnings(conn, dialect, statements);
        }
        return warnings;
    }

    @Override
    public Accounts accounts() {
        if (accounts == null) {
            accounts = new JdbcAccounts(conn, dialect, statements);
        }
        return accounts;
    }

    @Override
    public SignIns signIns() {
        if (signIns == null) {
            signIns = new JdbcSignIns(conn, dialect, statements);
        }
        return signIns;
    }

    @Override
    public Secrets secrets() {
        if (secrets == null) {
            secrets = new JdbcSecrets(conn, dialect, statements);
        }
        return secrets;
    }

    @Override
    public Drafts drafts() {
        if (drafts == null) {
            drafts = new JdbcDrafts(conn, dialect, statements);
        }
        return drafts;
    }

    @Override
    public Peers peers() {
        if (peers == null) {
            peers = new JdbcPeers(conn, dialect, statements);
        }
        return peers;
    }

    @Override
    public Quarantine quarantine() {
        if (quarantine == null) {
            quarantine = new JdbcQuarantine(conn, dialect, statements);
        }
        return quarantine;
    }

    @Override
    public Alerts alerts() {
        if (alerts == null) {
            alerts = new JdbcAlerts(conn, dialect, statements);
        }
        return alerts;
    }
}
