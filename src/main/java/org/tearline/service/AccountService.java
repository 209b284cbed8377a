package org.tearline.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.tearline.audit.AuditEvent;
import org.tearline.audit.Disclosures;
import org.tearline.auth.PasswordHasher;
import org.tearline.auth.Tokens;
import org.tearline.domain.Account;
import org.tearline.domain.ApiToken;
import org.tearline.domain.Grant;
import org.tearline.domain.WebSession;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.stix.StixJson;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;

/** Accounts, their passwords and tokens, and their grants on collections. */
public final class AccountService {

    /** Shortest password accepted. */
    public static final int MIN_PASSWORD = 12;
    /** Longest password accepted; Argon2 takes more, but nobody types more. */
    public static final int MAX_PASSWORD = 1024;

    /** Who changes accounts from the command line: whoever holds the data directory. */
    public static final String OPERATOR = "(operator)";

    private final Store store;
    private final PasswordHasher hasher;
    private final Tokens tokens;
    private final Clock clock;
    private final Disclosures disclosures;

    public AccountService(Store store, PasswordHasher hasher, Tokens tokens, Clock clock, Disclosures disclosures) {
        this.store = store;
        this.disclosures = disclosures;
        this.hasher = hasher;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Creates an account with a password. */
    public Account create(String name, char[] password, Account.Role role) {
        if (!Names.isValidUser(name)) {
            throw new BadRequestException("user name " + Echo.quote(name) + " must be 1 to 64"
                    + " characters of letters, digits, '.', '_', '@' and '-', starting with a"
                    + " letter or digit");
        }
        checkPassword(password);
        Account a = new Account(name, hasher.hash(password), role, clock.instant(), false);
        store.write(tx -> {
            tx.accounts().createAccount(a);
            record(
                    tx,
                    "user-created",
                    name,
                    detail("user", name).put("role", role.name().toLowerCase(Locale.ROOT)));
            return null;
        });
        return a;
    }

    /**
     * Replaces an account's password and ends every console session of the account, so whoever
     * signed in with the old one is signed out. Basic credentials with the old password stop
     * working at once on every node: each node's cache of checked passwords is only honoured
     * while the stored hash is the one it checked.
     *
     * @return how many console sessions were ended
     */
    public int setPassword(String name, char[] password) {
        checkPassword(password);
        String hash = hasher.hash(password);
        return store.write(tx -> {
            tx.accounts().updatePassword(name, hash);
            int ended = tx.signIns().deleteSessionsOf(name);
            record(tx, "password-changed", name, detail("user", name).put("console_sessions_ended", ended));
            return ended;
        });
    }

    /**
     * Disables an account: every credential of it is refused at once, on every node (passwords,
     * tokens and console sessions are all checked against the account on each request), and its
     * console sessions are ended. Enabling it again restores its passwords and unrevoked tokens.
     *
     * @return false when the account already was as asked
     */
    public boolean setDisabled(String name, boolean disabled) {
        return store.write(tx -> {
            Account a = tx.accounts()
                    .findAccount(name)
                    .orElseThrow(() -> new NotFoundException("user " + Echo.quote(name) + " does not exist"));
            if (a.disabled() == disabled) {
                return false;
            }
            tx.accounts().setDisabled(name, disabled);
            ObjectNode d = detail("user", name);
            if (disabled) {
                d.put("console_sessions_ended", tx.signIns().deleteSessionsOf(name));
            }
            record(tx, disabled ? "user-disabled" : "user-enabled", name, d);
            return true;
        });
    }

    /** The tokens of one account, or of every account when {@code name} is null. */
    // orElseThrow is called for its throw: the check that the account exists.
    @SuppressWarnings("ReturnValueIgnored")
    public List<ApiToken> tokens(String name) {
        return store.read(tx -> {
            if (name == null) {
                return tx.accounts().tokens();
            }
            tx.accounts()
                    .findAccount(name)
                    .orElseThrow(() -> new NotFoundException("user " + Echo.quote(name) + " does not exist"));
            return tx.accounts().tokensOf(name);
        });
    }

    /**
     * Revokes a token: it is refused from the next request on, on every node.
     *
     * @return the token as it was before
     */
    public ApiToken revokeToken(String id) {
        return store.write(tx -> {
            ApiToken t = tx.accounts()
                    .findToken(id)
                    .orElseThrow(() -> new NotFoundException(
                            "token " + Echo.quote(id) + " does not exist; 'token list' shows the ids"));
            if (!t.revoked()) {
                tx.accounts().revokeToken(id);
                record(
                        tx,
                        "token-revoked",
                        t.account(),
                        detail("user", t.account()).put("token_id", id));
            }
            return t;
        });
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD) {
            throw new BadRequestException("password must be at least " + MIN_PASSWORD + " characters, was "
                    + (password == null ? 0 : password.length));
        }
        if (password.length > MAX_PASSWORD) {
            throw new BadRequestException(
                    "password must be at most " + MAX_PASSWORD + " characters, was " + password.length);
        }
    }

    /** Creates an API token for an account and returns it; it is not stored and not shown again. */
    public String createToken(String name, String label) {
        return createToken(name, label, null);
    }

    /**
     * Creates an API token that stops working at {@code expires} (null: never) and returns it;
     * it is not stored and not shown again.
     */
    // orElseThrow is called for its throw: the check that the account exists.
    @SuppressWarnings("ReturnValueIgnored")
    public String createToken(String name, String label, Instant expires) {
        Instant now = clock.instant();
        if (expires != null && !expires.isAfter(now)) {
            throw new BadRequestException("a token's expiry must be in the future, was " + expires);
        }
        Tokens.Issued issued = tokens.issue();
        store.write(tx -> {
            tx.accounts()
                    .findAccount(name)
                    .orElseThrow(() -> new NotFoundException("user " + Echo.quote(name) + " does not exist"));
            tx.accounts().createToken(new ApiToken(issued.id(), name, issued.secretHash(), label, now, false, expires));
            ObjectNode d = detail("user", name).put("token_id", issued.id());
            if (expires != null) {
                d.put("expires", expires.toString());
            }
            record(tx, "token-created", name, d);
            return null;
        });
        return issued.token();
    }

    /** Sets what an account may do with a collection. */
    // orElseThrow is called for its throw: the check that the account and the collection exist.
    @SuppressWarnings("ReturnValueIgnored")
    public Grant grant(String name, String collectionId, boolean read, boolean write) {
        Grant g = new Grant(name, collectionId, read, write);
        store.write(tx -> {
            tx.accounts()
                    .findAccount(name)
                    .orElseThrow(() -> new NotFoundException("user " + Echo.quote(name) + " does not exist"));
            tx.collections()
                    .findCollection(collectionId)
                    .orElseThrow(
                            () -> new NotFoundException("collection " + Echo.quote(collectionId) + " does not exist"));
            tx.accounts().putGrant(g);
            record(
                    tx,
                    "grant-changed",
                    name,
                    detail("user", name)
                            .put("collection", collectionId)
                            .put("read", read)
                            .put("write", write));
            return null;
        });
        return g;
    }

    private void record(StoreTx tx, String kind, String subject, ObjectNode detail) {
        disclosures.record(tx, List.of(new AuditEvent(kind, OPERATOR, null, subject, detail, Set.of())));
    }

    private static ObjectNode detail(String key, String value) {
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put(key, value);
        return n;
    }

    /** Every account. */
    public List<Account> accounts() {
        return store.read(tx -> tx.accounts().accounts());
    }

    /** An account by name. */
    public Optional<Account> find(String name) {
        return store.read(tx -> tx.accounts().findAccount(name));
    }

    /** Opens a console session, and clears out those expired by {@code now} while at it. */
    public void openSession(WebSession session, Instant now) {
        store.write(tx -> {
            tx.signIns().deleteExpiredSessions(now);
            tx.signIns().createSession(session);
            return null;
        });
    }

    /** The console session with this token hash, expired or not. */
    public Optional<WebSession> findSession(String tokenHash) {
        return store.read(tx -> tx.signIns().findSession(tokenHash));
    }

    /** Ends the console session with this token hash. */
    public void closeSession(String tokenHash) {
        store.write(tx -> {
            tx.signIns().deleteSession(tokenHash);
            return null;
        });
    }
}
