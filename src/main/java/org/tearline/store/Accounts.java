package org.tearline.store;

import java.util.List;
import java.util.Optional;
import org.tearline.domain.Account;
import org.tearline.domain.ApiToken;
import org.tearline.domain.Grant;

/**
 * Accounts, their API tokens and their grants on collections. Part of one {@link StoreTx}.
 */
public interface Accounts {

    /** One account. */
    Optional<Account> findAccount(String name);

    /** All accounts, by name. */
    List<Account> accounts();

    /** Creates an account; fails with a conflict when the name is taken. */
    void createAccount(Account account);

    /** Replaces an account's password hash. */
    void updatePassword(String name, String passwordHash);

    /** Saves a new token. */
    void createToken(ApiToken token);

    /** One token by id. */
    Optional<ApiToken> findToken(String id);

    /** Every token of one account, oldest first. */
    List<ApiToken> tokensOf(String account);

    /** Every token, by account and then oldest first. */
    List<ApiToken> tokens();

    /** Marks a token revoked; false when there is no such token. */
    boolean revokeToken(String id);

    /** Disables or enables an account; fails with not-found when there is no such account. */
    void setDisabled(String name, boolean disabled);

    /** Creates or replaces the grant of one account on one collection. */
    void putGrant(Grant grant);

    /** The grant of one account on one collection. */
    Optional<Grant> findGrant(String account, String collectionId);

    /** Every grant of one account. */
    List<Grant> grantsOf(String account);
}
