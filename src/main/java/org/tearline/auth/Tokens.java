package org.tearline.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API tokens: {@code tl_} + a 16-hex-digit id + a 256-bit secret in base64url. The id finds the
 * stored record; only SHA-256 of the secret is stored, which is enough for a random secret of
 * this size (a slow hash protects guessable passwords, not 256 random bits).
 */
public final class Tokens {

    /** Prefix of every token, so leaked tokens are easy to recognise and scan for. */
    public static final String PREFIX = "tl_";

    private static final int ID_HEX = 16;
    private static final int SECRET_CHARS = 43;

    private final SecureRandom random = new SecureRandom();

    /** A freshly generated token, shown to the user once. */
    public record Issued(String id, String token, String secretHash) {}

    /** The parts of a presented token. */
    public record Presented(String id, String secret) {}

    /** Generates a new token. */
    public Issued issue() {
        byte[] idBytes = new byte[ID_HEX / 2];
        byte[] secret = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(id, PREFIX + id + secretText, hashSecret(secretText));
    }

    /** Splits a presented token, or returns empty when it is not shaped like one of ours. */
    public static Optional<Presented> parse(String token) {
        if (token == null || token.length() != PREFIX.length() + ID_HEX + SECRET_CHARS || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String id = token.substring(PREFIX.length(), PREFIX.length() + ID_HEX);
        if (!id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return Optional.empty();
        }
        return Optional.of(new Presented(id, token.substring(PREFIX.length() + ID_HEX)));
    }

    /** SHA-256 of a secret, hex. */
    public static String hashSecret(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Compares a presented secret with a stored hash in constant time. */
    public static boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(
                hashSecret(secret).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
