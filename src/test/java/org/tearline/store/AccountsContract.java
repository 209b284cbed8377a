package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.account;
import static org.tearline.store.TestObjects.collection;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tearline.domain.Account;
import org.tearline.domain.ApiToken;
import org.tearline.domain.Grant;
import org.tearline.domain.WebSession;
import org.tearline.error.ConflictException;
import org.tearline.error.NotFoundException;

/**
 * The contract of {@link Accounts}: accounts, API tokens and grants, on every database the
 * store runs on.
 */
abstract class AccountsContract extends TestObjectsContract {

    // --- accounts, tokens, grants ----------------------------------------------------------------

    @Test
    void accountIsFoundByName() {
        Account analyst = account("analyst-1", Account.Role.PRODUCER);
        Account partner = new Account("partner-a", null, Account.Role.PARTNER, T0.plusNanos(7_000), true);
        write(tx -> {
            tx.accounts().createAccount(analyst);
            tx.accounts().createAccount(partner);
        });

        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("analyst-1"))).contains(analyst);
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("partner-a"))).contains(partner);
        assertThat(read(tx -> tx.accounts().findAccount("partner-a"))
                        .orElseThrow()
                        .password())
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("nobody"))).isEmpty();
    }

    @Test
    void accountsAreListedByName() {
        write(tx -> {
            tx.accounts().createAccount(account("carol", Account.Role.PARTNER));
            tx.accounts().createAccount(account("alice", Account.Role.PRODUCER));
            tx.accounts().createAccount(account("bob", Account.Role.PARTNER));
        });

        assertThat(read((StoreTx tx) -> tx.accounts().accounts()))
                .extracting(Account::name)
                .containsExactly("alice", "bob", "carol");
    }

    @Test
    void duplicateAccountNameConflicts() {
        Account original = account("alice", Account.Role.PRODUCER);
        write(tx -> tx.accounts().createAccount(original));

        assertThatThrownBy(() -> write(tx -> tx.accounts().createAccount(account("alice", Account.Role.PARTNER))))
                .isInstanceOf(ConflictException.class);
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("alice"))).contains(original);
    }

    @Test
    void updatePasswordReplacesTheHash() {
        Account alice = account("alice", Account.Role.PRODUCER);
        write(tx -> tx.accounts().createAccount(alice));
        write(tx -> tx.accounts().createAccount(account("bob", Account.Role.PRODUCER)));

        write(tx -> tx.accounts().updatePassword("alice", "$argon2id$new"));

        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("alice")))
                .contains(new Account("alice", "$argon2id$new", alice.role(), alice.created(), alice.disabled()));
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("bob"))
                        .orElseThrow()
                        .passwordHash())
                .isEqualTo(account("bob", Account.Role.PRODUCER).passwordHash());
    }

    @Test
    void updatePasswordOfAnUnknownAccountIsNotFound() {
        assertThatThrownBy(() -> write(tx -> tx.accounts().updatePassword("nobody", "$argon2id$x")))
                .isInstanceOf(NotFoundException.class);
        assertThat(read((StoreTx tx) -> tx.accounts().accounts())).isEmpty();
    }

    @Test
    void tokenIsFoundById() {
        write(tx -> tx.accounts().createAccount(account("alice", Account.Role.PRODUCER)));
        ApiToken laptop = new ApiToken("tok-1", "alice", "c2VjcmV0LWhhc2g", "laptop", T0.plusNanos(1_000), false);
        ApiToken old = new ApiToken("tok-2", "alice", "b2xkLWhhc2g", null, T0, true);
        write(tx -> {
            tx.accounts().createToken(laptop);
            tx.accounts().createToken(old);
        });

        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-1"))).contains(laptop);
        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-2"))).contains(old);
        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-3"))).isEmpty();
    }

    @Test
    void tokensAreListedRevokedAndKeepTheirExpiry() {
        write(tx -> tx.accounts().createAccount(account("alice", Account.Role.PRODUCER)));
        write(tx -> tx.accounts().createAccount(account("bob", Account.Role.PARTNER)));
        ApiToken expiring = new ApiToken("tok-1", "alice", "aGFzaC0x", "ci", T0, false, T0.plusSeconds(3_600));
        ApiToken plain = new ApiToken("tok-2", "alice", "aGFzaC0y", null, T0.plusSeconds(1), false);
        ApiToken bobs = new ApiToken("tok-3", "bob", "aGFzaC0z", null, T0, false);
        write(tx -> {
            tx.accounts().createToken(plain);
            tx.accounts().createToken(expiring);
            tx.accounts().createToken(bobs);
        });

        assertThat(read((StoreTx tx) -> tx.accounts().tokensOf("alice"))).containsExactly(expiring, plain);
        assertThat(read((StoreTx tx) -> tx.accounts().tokens())).containsExactly(expiring, plain, bobs);
        assertThat(store.write((StoreTx tx) -> tx.accounts().revokeToken("tok-1")))
                .isTrue();
        assertThat(store.write((StoreTx tx) -> tx.accounts().revokeToken("tok-9")))
                .isFalse();
        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-1"))
                        .orElseThrow()
                        .revoked())
                .isTrue();
        assertThat(read((StoreTx tx) -> tx.accounts().findToken("tok-2"))
                        .orElseThrow()
                        .revoked())
                .isFalse();
    }

    @Test
    void disablingAnAccountAndEndingItsSessions() {
        write(tx -> tx.accounts().createAccount(account("alice", Account.Role.PRODUCER)));
        write(tx -> tx.accounts().createAccount(account("bob", Account.Role.PRODUCER)));
        write(tx -> {
            tx.signIns().createSession(new WebSession("s1", "alice", "c1", T0, T0.plusSeconds(60)));
            tx.signIns().createSession(new WebSession("s2", "alice", "c2", T0, T0.plusSeconds(60)));
            tx.signIns().createSession(new WebSession("s3", "bob", "c3", T0, T0.plusSeconds(60)));
        });

        write(tx -> tx.accounts().setDisabled("alice", true));
        assertThat(store.write((StoreTx tx) -> tx.signIns().deleteSessionsOf("alice")))
                .isEqualTo(2);

        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("alice"))
                        .orElseThrow()
                        .disabled())
                .isTrue();
        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("bob"))
                        .orElseThrow()
                        .disabled())
                .isFalse();
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("s1"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("s3"))).isPresent();
        assertThatThrownBy(() -> write(tx -> tx.accounts().setDisabled("nobody", true)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void puttingAGrantAgainReplacesIt() {
        String coll = newCollection();
        write(tx -> tx.accounts().createAccount(account("partner-a", Account.Role.PARTNER)));
        write(tx -> tx.accounts().putGrant(new Grant("partner-a", coll, true, false)));
        assertThat(read((StoreTx tx) -> tx.accounts().findGrant("partner-a", coll)))
                .contains(new Grant("partner-a", coll, true, false));

        write(tx -> tx.accounts().putGrant(new Grant("partner-a", coll, false, true)));

        assertThat(read((StoreTx tx) -> tx.accounts().findGrant("partner-a", coll)))
                .contains(new Grant("partner-a", coll, false, true));
        assertThat(read((StoreTx tx) -> tx.accounts().grantsOf("partner-a"))).hasSize(1);
    }

    @Test
    void grantsOfListsOneAccountsGrantsByCollection() {
        ensureApiRoot("api1");
        write(tx -> {
            for (String c : List.of("c2", "c1", "c3")) {
                tx.collections().createCollection(collection(c, "api1", null, T0));
            }
            tx.accounts().createAccount(account("partner-a", Account.Role.PARTNER));
            tx.accounts().createAccount(account("partner-b", Account.Role.PARTNER));
            tx.accounts().putGrant(new Grant("partner-a", "c3", true, false));
            tx.accounts().putGrant(new Grant("partner-a", "c1", true, true));
            tx.accounts().putGrant(new Grant("partner-b", "c2", true, false));
        });

        assertThat(read((StoreTx tx) -> tx.accounts().grantsOf("partner-a")))
                .containsExactly(new Grant("partner-a", "c1", true, true), new Grant("partner-a", "c3", true, false));
        assertThat(read((StoreTx tx) -> tx.accounts().grantsOf("partner-c"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.accounts().findGrant("partner-b", "c1")))
                .isEmpty();
    }

    @Test
    void racingAccountCreationsOnTwoNodesConflict() {
        Store other = openNode();
        Account mine = account("alice", Account.Role.PRODUCER);

        assertRacingWriteConflicts(
                tx -> tx.accounts().createAccount(mine),
                () -> other.write(tx -> {
                    tx.accounts().createAccount(account("alice", Account.Role.PARTNER));
                    return null;
                }));

        assertThat(read((StoreTx tx) -> tx.accounts().findAccount("alice"))).contains(mine);
    }
}
