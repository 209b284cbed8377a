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
import org.tearline.error.AuthenticationRequiredException;
import org.tearline.store.Account;
import org.tearline.store.ApiToken;
import org.tearline.store.Store;

/**
 * Turns an {@code Authorization} header into a {@link Principal}. HTTP Basic checks the
 * password against its Argon2id hash; a successful check is remembered for a while under a keyed
 * hash of the credentials, so a client that sends its password on every request (as TAXII
 * clients do) pays the slow hash once, not per request. A remembered check is only honoured
 * while the account's stored hash is unchanged and the account is enabled, so a password change
 * or a disabled account takes effect at once. Bearer tokens need no cache: they are checked with
 * one SHA-256.
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
    private final RefusalListener refusals;

    /** Told of every refused login, for the disclosure record. */
    @FunctionalInterface
    public interface RefusalListener {
        /** A login was refused; {@code user} is the name claimed, if any. */
        void refused(String user, String reason);
    }

    private record Verified(String user, String passwordHash, Instant expires) {
    }

    public Authenticator(Store store, PasswordHasher hasher, Clock clock, Duration cacheTtl,
            RefusalListener refusals) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        this.refusals = refusals;
        new SecureRandom().nextBytes(cacheKey);
    }

    /**
     * Authenticates a request.
     *
     * @throws AuthenticationRequiredException when the header is missing, malformed or wrong;
     *                                         the message never says which part was wrong
     */
    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationRequiredException("authentication required: send HTTP Basic"
                    + " credentials or a Bearer token");
        }
        if (authorization.length() > MAX_HEADER) {
            throw refuse(null, "Authorization header too long");
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "basic":
                return basic(value);
            case "bearer":
                return bearer(value);
            default:
                throw new AuthenticationRequiredException("unsupported authentication scheme;"
                        + " use Basic or Bearer");
        }
    }

    private Principal basic(String value) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refuse(null, "Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw refuse(null, "Basic credentials have no ':'");
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        Optional<Account> account = store.read(tx -> tx.findAccount(user));
        if (account.isEmpty() || account.get().disabled()
                || account.get().password().isEmpty()) {
            // Spend the same time as a real check so response time does not reveal which user
            // names exist.
            hasher.verify(password.toCharArray(), DUMMY_HASH);
            throw refuse(user, "unknown or disabled user, or no password set");
        }
        Account a = account.get();
        String key = cacheKey(user, password);
        Instant now = clock.instant();
        Verified hit = verified.get(key);
        if (hit != null && hit.expires.isAfter(now) && hit.user.equals(user)
                && hit.passwordHash.equals(a.passwordHash())) {
            return new Principal(a.name(), a.role());
        }
        if (!hasher.verify(password.toCharArray(), a.passwordHash())) {
            throw refuse(user, "wrong password");
        }
        if (verified.size() >= MAX_CACHED) {
            verified.clear();
        }
        verified.put(key, new Verified(user, a.passwordHash(), now.plus(cacheTtl)));
        return new Principal(a.name(), a.role());
    }

    /**
     * Checks a user name and password (the console's sign-in form), with the same cost, cache
     * and refusal record as HTTP Basic.
     *
     * @throws AuthenticationRequiredException when they do not match an enabled account
     */
    public Principal password(String user, String password) {
        return basic(Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private Principal bearer(String value) {
        Optional<Tokens.Presented> presented = Tokens.parse(value);
        if (presented.isEmpty()) {
            throw refuse(null, "malformed bearer token");
        }
        Optional<ApiToken> token = store.read(tx -> tx.findToken(presented.get().id()));
        if (token.isEmpty() || token.get().revoked()
                || !Tokens.matches(presented.get().secret(), token.get().secretHash())) {
            throw refuse(token.map(ApiToken::account).orElse(null), "unknown or revoked token");
        }
        Optional<Account> account = store.read(tx -> tx.findAccount(token.get().account()));
        if (account.isEmpty() || account.get().disabled()) {
            throw refuse(token.get().account(), "token of a disabled user");
        }
        return new Principal(account.get().name(), account.get().role());
    }

    private AuthenticationRequiredException refuse(String user, String reason) {
        LOG.info("refused login{}: {}", user == null ? "" : " as '" + printable(user) + "'",
                reason);
        refusals.refused(user, reason);
        return new AuthenticationRequiredException("invalid credentials");
    }

    private String cacheKey(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(
                    mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    /** A user name made safe for a log line: no control characters, bounded length. */
    public static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static final String DUMMY_HASH = PasswordHasher.standard()
            .hash("not a real password".toCharArray());
}
