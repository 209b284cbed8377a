package org.tearline.service;

import java.time.Clock;
import java.util.List;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tearline.audit.AuditEvent;
import org.tearline.audit.Disclosures;
import org.tearline.auth.PasswordHasher;
import org.tearline.stix.StixJson;
import org.tearline.store.StoreTx;
import org.tearline.auth.Tokens;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.store.Account;
import org.tearline.store.ApiToken;
import org.tearline.store.Grant;
import org.tearline.store.Store;

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

    public AccountService(Store store, PasswordHasher hasher, Tokens tokens, Clock clock,
            Disclosures disclosures) {
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
            tx.createAccount(a);
            record(tx, "user-created", name, detail("user", name).put("role",
                    role.name().toLowerCase(java.util.Locale.ROOT)));
            return null;
        });
        return a;
    }

    /** Replaces an account's password. */
    public void setPassword(String name, char[] password) {
        checkPassword(password);
        String hash = hasher.hash(password);
        store.write(tx -> {
            tx.updatePassword(name, hash);
            record(tx, "password-changed", name, detail("user", name));
            return null;
        });
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD) {
            throw new BadRequestException("password must be at least " + MIN_PASSWORD
                    + " characters, was " + (password == null ? 0 : password.length));
        }
        if (password.length > MAX_PASSWORD) {
            throw new BadRequestException("password must be at most " + MAX_PASSWORD
                    + " characters, was " + password.length);
        }
    }

    /** Creates an API token for an account and returns it; it is not stored and not shown again. */
    public String createToken(String name, String label) {
        Tokens.Issued issued = tokens.issue();
        store.write(tx -> {
            tx.findAccount(name).orElseThrow(() ->
                    new NotFoundException("user " + Echo.quote(name) + " does not exist"));
            tx.createToken(new ApiToken(issued.id(), name, issued.secretHash(), label,
                    clock.instant(), false));
            record(tx, "token-created", name, detail("user", name).put("token_id",
                    issued.id()));
            return null;
        });
        return issued.token();
    }

    /** Sets what an account may do with a collection. */
    public Grant grant(String name, String collectionId, boolean read, boolean write) {
        Grant g = new Grant(name, collectionId, read, write);
        store.write(tx -> {
            tx.findAccount(name).orElseThrow(() ->
                    new NotFoundException("user " + Echo.quote(name) + " does not exist"));
            tx.findCollection(collectionId).orElseThrow(() -> new NotFoundException(
                    "collection " + Echo.quote(collectionId) + " does not exist"));
            tx.putGrant(g);
            record(tx, "grant-changed", name, detail("user", name).put("collection",
                    collectionId).put("read", read).put("write", write));
            return null;
        });
        return g;
    }

    private void record(StoreTx tx, String kind, String subject, ObjectNode detail) {
        disclosures.record(tx, List.of(new AuditEvent(kind, OPERATOR, null, subject, detail,
                java.util.Set.of())));
    }

    private static ObjectNode detail(String key, String value) {
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put(key, value);
        return n;
    }

    /** Every account. */
    public List<Account> accounts() {
        return store.read(tx -> tx.accounts());
    }
}
