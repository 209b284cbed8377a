package org.tearline.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.domain.Account;
import org.tearline.domain.ApiToken;
import org.tearline.error.AuthenticationRequiredException;
import org.tearline.error.TooManyAttemptsException;
import org.tearline.store.Store;

/**
 * Turns an {@code Authorization} header into a {@link Principal}. HTTP Basic checks the
 * password against its Argon2id hash; a successful check is remembered for a while under a keyed
 * hash of the credentials, so a client that sends its password on every request (as TAXII
 * clients do) pays the slow hash once, not per request. A remembered check is only honoured
 * while the account's stored hash is unchanged and the account is enabled, both read from the
 * store on every request, so a password change or a disabled account takes effect at once on
 * every node. Bearer tokens need no cache: they are checked with one SHA-256.
 *
 * <p>Every attempt first passes the {@link LoginThrottle}: while the claimed user name or the
 * client's address is locked after too many failures, the attempt is refused unchecked.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final int MAX_CACHED = 10_000;
    private static final int MAX_HEADER = 8_192;

    private final Store store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration cacheTtl;
    private final byte[] cacheKey = new byte[32];
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final LoginThrottle throttle;
    /**
     * Checked instead of a real hash when the user does not exist, with the configured cost, so
     * that the time a refusal takes does not reveal which user names exist.
     */
    private final String decoyHash;

    private record Verified(String user, String passwordHash, Instant expires) {}

    public Authenticator(Store store, PasswordHasher hasher, Clock clock, Duration cacheTtl, LoginThrottle throttle) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        this.throttle = throttle;
        new SecureRandom().nextBytes(cacheKey);
        byte[] decoy = new byte[24];
        new SecureRandom().nextBytes(decoy);
        this.decoyHash = hasher.hash(Base64.getEncoder().encodeToString(decoy).toCharArray());
    }

    /** The hash an unknown user's password is checked against (for tests of its cost). */
    String decoyHash() {
        return decoyHash;
    }

    /**
     * Authenticates a request.
     *
     * @param client the client's address: the socket's peer, or what the TLS proxy in front
     *               reported in X-Forwarded-For when the server is configured behind one
     * @throws AuthenticationRequiredException when the header is missing, malformed or wrong;
     *                                         the message never says which part was wrong
     * @throws TooManyAttemptsException        while the user name or the address is locked
     */
    public Principal authenticate(String authorization, String client) {
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationRequiredException(
                    "authentication required: send HTTP Basic" + " credentials or a Bearer token");
        }
        if (authorization.length() > MAX_HEADER) {
            throw refuse(addressOnly(client), null, client, "Authorization header too long");
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "basic":
                return basic(value, client);
            case "bearer":
                return bearer(value, client);
            default:
                throw new AuthenticationRequiredException(
                        "unsupported authentication scheme;" + " use Basic or Bearer");
        }
    }

    private LoginThrottle.Before addressOnly(String client) {
        LoginThrottle.Before before = store.read(tx -> throttle.check(tx, null, client));
        throttle.enforce(before, null, client);
        return before;
    }

    private record Lookup<T>(Optional<T> found, LoginThrottle.Before before) {}

    private Principal basic(String value, String client) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refuse(addressOnly(client), null, client, "Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw refuse(addressOnly(client), null, client, "Basic credentials have no ':'");
        }
        return checkPassword(decoded.substring(0, colon), decoded.substring(colon + 1), client);
    }

    private Principal checkPassword(String user, String password, String client) {
        Lookup<Account> lookup =
                store.read(tx -> new Lookup<>(tx.accounts().findAccount(user), throttle.check(tx, user, client)));
        LoginThrottle.Before before = lookup.before();
        throttle.enforce(before, user, client);
        Optional<Account> account = lookup.found();
        if (account.isEmpty()
                || account.get().disabled()
                || account.get().password().isEmpty()) {
            // Spend the same time as a real check so response time does not reveal which user
            // names exist.
            hasher.verify(password.toCharArray(), decoyHash);
            throw refuse(before, user, client, "unknown or disabled user, or no password set");
        }
        Account a = account.get();
        String key = cacheKey(user, password);
        Instant now = clock.instant();
        Verified hit = verified.get(key);
        if (hit != null
                && hit.expires.isAfter(now)
                && hit.user.equals(user)
                && hit.passwordHash.equals(a.passwordHash())) {
            throttle.succeeded(before);
            return new Principal(a.name(), a.role());
        }
        if (!hasher.verify(password.toCharArray(), a.passwordHash())) {
            throw refuse(before, user, client, "wrong password");
        }
        throttle.succeeded(before);
        if (verified.size() >= MAX_CACHED) {
            verified.clear();
        }
        verified.put(key, new Verified(user, a.passwordHash(), now.plus(cacheTtl)));
        return new Principal(a.name(), a.role());
    }

    /**
     * Checks a user name and password (the console's sign-in form), with the same cost, cache,
     * throttle and refusal record as HTTP Basic.
     *
     * @throws AuthenticationRequiredException when they do not match an enabled account
     * @throws TooManyAttemptsException        while the user name or the address is locked
     */
    public Principal password(String user, String password, String client) {
        return checkPassword(user, password, client);
    }

    private Principal bearer(String value, String client) {
        Optional<Tokens.Presented> presented = Tokens.parse(value);
        if (presented.isEmpty()) {
            throw refuse(addressOnly(client), null, client, "malformed bearer token");
        }
        // Tokens are throttled by address only: their secrets cannot be guessed, and a lock on
        // the user would let anyone guessing the user's password cut off its token clients.
        Lookup<ApiToken> lookup = store.read(
                tx -> new Lookup<>(tx.accounts().findToken(presented.get().id()), throttle.check(tx, null, client)));
        Optional<ApiToken> token = lookup.found();
        String owner = token.map(ApiToken::account).orElse(null);
        throttle.enforce(lookup.before(), owner, client);
        if (token.isEmpty()
                || !Tokens.matches(presented.get().secret(), token.get().secretHash())) {
            throw refuse(lookup.before(), owner, client, "unknown token or wrong secret");
        }
        if (!token.get().usableAt(clock.instant())) {
            throw refuse(lookup.before(), owner, client, token.get().revoked() ? "revoked token" : "expired token");
        }
        Optional<Account> account =
                store.read(tx -> tx.accounts().findAccount(token.get().account()));
        if (account.isEmpty() || account.get().disabled()) {
            throw refuse(lookup.before(), owner, client, "token of a disabled user");
        }
        return new Principal(account.get().name(), account.get().role());
    }

    private AuthenticationRequiredException refuse(
            LoginThrottle.Before before, String user, String client, String reason) {
        LOG.info(
                "refused login{}{}: {}",
                user == null ? "" : " as '" + printable(user) + "'",
                client == null ? "" : " from " + printable(client),
                reason);
        throttle.failed(before, user, client, reason);
        return new AuthenticationRequiredException("invalid credentials");
    }

    private String cacheKey(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    /** A user name made safe for a log line: no control characters, bounded length. */
    public static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
