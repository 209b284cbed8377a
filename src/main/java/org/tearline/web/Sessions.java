package org.tearline.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.tearline.domain.WebSession;
import org.tearline.service.AccountService;

/**
 * Console sessions, kept in the store so that any node serves any signed-in user. The browser
 * holds a random token; the store holds only its SHA-256, so a copy of the database does not
 * let anyone sign in. Each session carries its own CSRF token.
 */
final class Sessions {

    /** The session cookie's name. */
    static final String COOKIE = "tl_session";
    /** The cookie that binds a sign-in form to the browser that fetched it. */
    static final String LOGIN_COOKIE = "tl_login";

    /** Longer than any token we issue: anything longer is not worth hashing. */
    private static final int MAX_TOKEN = 100;

    private final AccountService accounts;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    /** A session just opened, with the token only the browser keeps. */
    record Opened(String token, WebSession session) {}

    Sessions(AccountService accounts, Clock clock, Duration lifetime) {
        this.accounts = accounts;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** How long a sign-in lasts. */
    Duration lifetime() {
        return lifetime;
    }

    /** Opens a session for an account, and clears out expired ones while at it. */
    Opened open(String account) {
        String token = token();
        Instant now = clock.instant();
        WebSession s = new WebSession(hash(token), account, token(), now, now.plus(lifetime));
        accounts.openSession(s, now);
        return new Opened(token, s);
    }

    /** The live session a token belongs to, if any. */
    Optional<WebSession> find(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return accounts.findSession(hash(token)).filter(s -> s.expires().isAfter(now));
    }

    /** Ends the session a token belongs to. */
    void close(String token) {
        if (token != null && !token.isEmpty() && token.length() <= MAX_TOKEN) {
            accounts.closeSession(hash(token));
        }
    }

    /** A fresh random token: 256 bits, URL-safe. */
    String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Compares two secrets in time independent of where they differ. */
    static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
