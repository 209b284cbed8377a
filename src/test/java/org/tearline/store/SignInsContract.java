package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tearline.domain.WebSession;

/**
 * The contract of {@link SignIns}: failed sign-ins remembered across nodes, and console
 * sessions, on every database the store runs on.
 */
abstract class SignInsContract extends RepositoryContract {

    private static final Instant FORGET_NONE = Instant.EPOCH;

    private LoginFailures count(String subject, boolean checked, Instant now, Instant forgetBefore) {
        return write((StoreTx tx) -> tx.signIns().countLoginFailure(subject, checked, now, forgetBefore));
    }

    @Test
    void aCheckedFailureCountsAndAnUncheckedRefusalIsOnlyHeldForTheRecord() {
        LoginFailures first = count("user:alice", true, T0, FORGET_NONE);

        assertThat(first).isEqualTo(new LoginFailures("user:alice", 1, 1, Instant.EPOCH, T0, Instant.EPOCH));
        assertThat(count("user:alice", true, T0.plusSeconds(1), FORGET_NONE))
                .isEqualTo(new LoginFailures("user:alice", 2, 2, Instant.EPOCH, T0.plusSeconds(1), Instant.EPOCH));
        assertThat(count("user:alice", false, T0.plusSeconds(2), FORGET_NONE))
                .as("refused unchecked: no failure, one more refusal held")
                .isEqualTo(new LoginFailures("user:alice", 2, 3, Instant.EPOCH, T0.plusSeconds(1), Instant.EPOCH));
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:alice")))
                .contains(new LoginFailures("user:alice", 2, 3, Instant.EPOCH, T0.plusSeconds(1), Instant.EPOCH));
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:bob")))
                .isEmpty();
    }

    @Test
    void failuresLastSeenBeforeTheForgettingTimeStartAgainFromOne() {
        count("addr:192.0.2.1", true, T0, FORGET_NONE);
        count("addr:192.0.2.1", true, T0.plusSeconds(1), FORGET_NONE);

        LoginFailures later = count("addr:192.0.2.1", true, T0.plusSeconds(3600), T0.plusSeconds(60));

        assertThat(later.failures()).isEqualTo(1);
        assertThat(later.held()).as("refusals still owed to the record").isEqualTo(3);
        assertThat(later.lastFailure()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void lockingRecordingAndClearingChangeOnlyTheirSubject() {
        count("user:alice", true, T0, FORGET_NONE);
        count("user:bob", true, T0, FORGET_NONE);

        write((StoreTx tx) -> {
            tx.signIns().lockLogin("user:alice", T0.plusSeconds(900));
            tx.signIns().loginRecorded("user:alice", T0.plusSeconds(5));
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:alice")))
                .contains(new LoginFailures("user:alice", 1, 0, T0.plusSeconds(900), T0, T0.plusSeconds(5)));
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:bob")))
                .contains(new LoginFailures("user:bob", 1, 1, Instant.EPOCH, T0, Instant.EPOCH));

        write((StoreTx tx) -> {
            tx.signIns().clearLoginFailures("user:alice");
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:alice")))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:bob")))
                .isPresent();
    }

    @Test
    void forgettingDropsOldUnlockedSubjectsAndReturnsTheirHeldRefusals() {
        count("user:old", true, T0, FORGET_NONE);
        count("user:old", false, T0, FORGET_NONE);
        count("user:locked", true, T0, FORGET_NONE);
        count("user:recent", true, T0.plusSeconds(600), FORGET_NONE);
        write((StoreTx tx) -> {
            tx.signIns().lockLogin("user:locked", T0.plusSeconds(3600));
            return null;
        });

        long held = write((StoreTx tx) -> tx.signIns().forgetLoginFailures(T0.plusSeconds(300)));

        assertThat(held).isEqualTo(2);
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:old")))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:locked")))
                .as("still locked")
                .isPresent();
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:recent")))
                .isPresent();
        assertThat(write((StoreTx tx) -> tx.signIns().forgetLoginFailures(T0.plusSeconds(300))))
                .isZero();
    }

    @Test
    void loginFailuresCountLockAndAreForgotten() {
        Instant t = T0;
        Instant forget = t.minusSeconds(86_400);
        write((StoreTx tx) -> {
            tx.signIns().countLoginFailure("addr:a", true, t, forget);
            tx.signIns().countLoginFailure("addr:a", true, t, forget);
            tx.signIns().countLoginFailure("addr:a", false, t, forget);
            return null;
        });
        LoginFailures a =
                read((StoreTx tx) -> tx.signIns().findLoginFailures("addr:a")).orElseThrow();
        assertThat(a.failures()).isEqualTo(2);
        assertThat(a.held()).isEqualTo(3);
        assertThat(a.lockedUntil()).isEqualTo(Instant.EPOCH);

        write((StoreTx tx) -> {
            tx.signIns().lockLogin("addr:a", t.plusSeconds(5));
            tx.signIns().loginRecorded("addr:a", t);
            return null;
        });
        a = read((StoreTx tx) -> tx.signIns().findLoginFailures("addr:a")).orElseThrow();
        assertThat(a.lockedUntil()).isEqualTo(t.plusSeconds(5));
        assertThat(a.held()).isZero();
        assertThat(a.lastEntry()).isEqualTo(t);

        // A failure after a quiet day starts the count again.
        Instant later = t.plusSeconds(2 * 86_400);
        assertThat(write((StoreTx tx) ->
                                tx.signIns().countLoginFailure("addr:a", true, later, later.minusSeconds(86_400)))
                        .failures())
                .isEqualTo(1);

        write((StoreTx tx) -> tx.signIns().countLoginFailure("user:x", false, t, forget));
        assertThat(write((StoreTx tx) -> tx.signIns().forgetLoginFailures(t.plusSeconds(1))))
                .isEqualTo(1);
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:x")))
                .isEmpty();
        write((StoreTx tx) -> {
            tx.signIns().clearLoginFailures("addr:a");
            return null;
        });
        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("addr:a")))
                .isEmpty();
    }

    @Test
    void aSessionIsFoundByItsTokenHashUntilItIsDeleted() {
        String alice = account("alice");
        WebSession session = new WebSession("hash-1", alice, "csrf-1", T0, T0.plus(Duration.ofHours(8)));
        write((StoreTx tx) -> {
            tx.signIns().createSession(session);
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.signIns().findSession("hash-1"))).contains(session);
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("hash-2"))).isEmpty();

        write((StoreTx tx) -> {
            tx.signIns().deleteSession("hash-1");
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.signIns().findSession("hash-1"))).isEmpty();
    }

    @Test
    void expiredSessionsAreDeletedAndCounted() {
        String alice = account("alice");
        write((StoreTx tx) -> {
            tx.signIns().createSession(new WebSession("gone-1", alice, "c", T0, T0.plusSeconds(10)));
            tx.signIns().createSession(new WebSession("gone-2", alice, "c", T0, T0.plusSeconds(20)));
            tx.signIns().createSession(new WebSession("live", alice, "c", T0, T0.plusSeconds(30)));
            return null;
        });

        assertThat(write((StoreTx tx) -> tx.signIns().deleteExpiredSessions(T0.plusSeconds(30))))
                .isEqualTo(2);
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("gone-1"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("gone-2"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("live"))).isPresent();
    }

    @Test
    void endingAnAccountsSessionsLeavesOthersSignedIn() {
        String alice = account("alice");
        String bob = account("bob");
        write((StoreTx tx) -> {
            tx.signIns().createSession(new WebSession("a-1", alice, "c", T0, T0.plusSeconds(60)));
            tx.signIns().createSession(new WebSession("a-2", alice, "c", T0, T0.plusSeconds(60)));
            tx.signIns().createSession(new WebSession("b-1", bob, "c", T0, T0.plusSeconds(60)));
            return null;
        });

        assertThat(write((StoreTx tx) -> tx.signIns().deleteSessionsOf(alice))).isEqualTo(2);
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("a-1"))).isEmpty();
        assertThat(read((StoreTx tx) -> tx.signIns().findSession("b-1"))).isPresent();
        assertThat(write((StoreTx tx) -> tx.signIns().deleteSessionsOf(alice))).isZero();
    }

    @Test
    void failuresCountedAtOnceOnTwoNodesAreEachCounted() throws Exception {
        List<Store> nodes = List.of(store, openNode());
        int attempts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<LoginFailures>> counted = new ArrayList<>();
            for (int n = 0; n < attempts; n++) {
                Store node = nodes.get(n % 2);
                counted.add(pool.submit(() -> {
                    start.await();
                    return node.write(
                            (StoreTx tx) -> tx.signIns().countLoginFailure("user:alice", true, T0, FORGET_NONE));
                }));
            }
            start.countDown();
            for (Future<LoginFailures> f : counted) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(read((StoreTx tx) -> tx.signIns().findLoginFailures("user:alice")))
                .contains(new LoginFailures("user:alice", attempts, attempts, Instant.EPOCH, T0, Instant.EPOCH));
    }
}
