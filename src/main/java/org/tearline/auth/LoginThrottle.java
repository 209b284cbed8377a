package org.tearline.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.tearline.error.TooManyAttemptsException;
import org.tearline.store.LoginFailures;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;

/**
 * Slows down guessing: after a number of failed sign-ins in a row for one claimed user name, or
 * from one client address, further attempts are refused for a while <em>without checking the
 * credentials</em>, so the right password guessed during the lockout gives nothing. Each further
 * failure doubles the delay, up to a cap. The counts live in the store, so neither a restart nor
 * another node forgets them.
 *
 * <p>Trade-off: anyone may fail sign-ins as a given user and so keep that user's password
 * sign-ins locked; the cap bounds how long each lock lasts, and a user's API tokens (256 random
 * bits, not guessable) are throttled by address only, so a partner's automated feed keeps
 * working while somebody guesses its password.
 *
 * <p>A claimed name is counted whether or not the account exists, so that a lockout does not
 * reveal which names exist; a client can add such rows only as fast as its address's own
 * throttle lets it fail, and rows are forgotten a day after their last failure.
 */
public final class LoginThrottle {

    /** Failures last seen this long ago are forgotten. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final Store store;
    private final Clock clock;
    private final Settings settings;

    /** How many failures lock, and for how long. */
    public record Settings(int userFailures, int addressFailures, Duration firstDelay, Duration maxDelay) {}

    /** What the throttle knew before a credential check. */
    record Before(String userSubject, String addressSubject, boolean userCounted, Instant lockedUntil) {}

    /** A refused attempt and the counts after it, for the disclosure record. */
    public record Refusal(
            String user,
            String address,
            String reason,
            LoginFailures addressCount,
            LoginFailures userCount,
            Instant lockedUntil,
            boolean checked) {}

    /** Told of every refused attempt, inside the transaction that counted it. */
    @FunctionalInterface
    public interface Listener {
        /** Records what it wants of a refusal; {@code forgotten} refusals were never recorded. */
        void refused(StoreTx tx, Refusal refusal, long forgotten);
    }

    private final Listener listener;

    public LoginThrottle(Store store, Clock clock, Settings settings, Listener listener) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Reads, in the caller's transaction, whether the user name (when {@code user} is not
     * null) or the address is locked; {@link #enforce} then acts on it outside that transaction.
     */
    Before check(StoreTx tx, String user, String address) {
        String u = user == null ? null : userSubject(user);
        String a = address == null ? null : addressSubject(address);
        Optional<LoginFailures> userRow =
                u == null ? Optional.empty() : tx.signIns().findLoginFailures(u);
        Optional<LoginFailures> addressRow =
                a == null ? Optional.empty() : tx.signIns().findLoginFailures(a);
        Instant until = Instant.EPOCH;
        for (Optional<LoginFailures> row : List.of(userRow, addressRow)) {
            if (row.isPresent() && row.get().lockedUntil().isAfter(until)) {
                until = row.get().lockedUntil();
            }
        }
        return new Before(u, a, userRow.isPresent(), until);
    }

    /**
     * Refuses the attempt, without checking its credentials, while the user name or the
     * address is locked; the refusal is counted for the record but does not lengthen the lock.
     *
     * @throws TooManyAttemptsException while locked
     */
    void enforce(Before before, String user, String address) {
        Instant now = clock.instant();
        if (!before.lockedUntil().isAfter(now)) {
            return;
        }
        count(before, user, address, "refused unchecked: too many failed sign-ins", false);
        long seconds = Math.max(1, (Duration.between(now, before.lockedUntil()).toMillis() + 999) / 1000);
        throw new TooManyAttemptsException(
                "too many failed sign-ins for this user or from" + " this address; try again in " + seconds + " s",
                seconds);
    }

    /** Counts a failed check: locks the user name or the address when it failed too often. */
    void failed(Before before, String user, String address, String reason) {
        count(before, user, address, reason, true);
    }

    /** A successful sign-in clears the user name's failures (not the address's). */
    void succeeded(Before before) {
        if (before.userCounted()) {
            store.write(tx -> {
                tx.signIns().clearLoginFailures(before.userSubject());
                return null;
            });
        }
    }

    private void count(Before before, String user, String address, String reason, boolean checked) {
        Instant now = clock.instant();
        Instant forgetBefore = now.minus(FORGET_AFTER);
        store.write(tx -> {
            long forgotten = checked ? tx.signIns().forgetLoginFailures(forgetBefore) : 0;
            LoginFailures a = before.addressSubject() == null
                    ? null
                    : tx.signIns().countLoginFailure(before.addressSubject(), checked, now, forgetBefore);
            // An unchecked refusal adds nothing to a lock, so it makes no row per claimed name.
            LoginFailures u = before.userSubject() == null || !checked
                    ? null
                    : tx.signIns().countLoginFailure(before.userSubject(), true, now, forgetBefore);
            Instant lockedUntil = null;
            if (checked) {
                lockedUntil = lockIfDue(tx, a, settings.addressFailures(), now, lockedUntil);
                lockedUntil = lockIfDue(tx, u, settings.userFailures(), now, lockedUntil);
            }
            listener.refused(tx, new Refusal(user, address, reason, a, u, lockedUntil, checked), forgotten);
            return null;
        });
    }

    private Instant lockIfDue(StoreTx tx, LoginFailures row, int threshold, Instant now, Instant lockedSoFar) {
        if (row == null || row.failures() < threshold) {
            return lockedSoFar;
        }
        Instant until = now.plus(delay(row.failures() - threshold));
        tx.signIns().lockLogin(row.subject(), until);
        return lockedSoFar == null || until.isAfter(lockedSoFar) ? until : lockedSoFar;
    }

    /** The delay after {@code beyond} failures past the threshold: doubling, capped. */
    Duration delay(int beyond) {
        Duration d = settings.firstDelay();
        for (int i = 0; i < beyond && d.compareTo(settings.maxDelay()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : d;
    }

    /** The row of a claimed user name; long names (which no account has) by their hash. */
    static String userSubject(String user) {
        return user.length() <= 64 ? "user:" + user : "user-sha256:" + sha256(user);
    }

    /**
     * The row of a client address. IPv6 clients are counted by their /64 network, which one
     * client usually holds whole, so that it cannot dodge the count by changing address.
     */
    static String addressSubject(String address) {
        String a = address;
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.indexOf(':') >= 0
                && a.length() <= 64
                && a.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            try {
                byte[] b = InetAddress.getByName(a).getAddress();
                if (b.length == 16) {
                    return "addr:" + HexFormat.of().formatHex(b, 0, 8) + "::/64";
                }
                return "addr:" + InetAddress.getByAddress(b).getHostAddress();
            } catch (UnknownHostException e) {
                // Not an address literal after all: counted by its text below.
            }
        }
        return a.length() <= 64 ? "addr:" + a : "addr-sha256:" + sha256(a);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
