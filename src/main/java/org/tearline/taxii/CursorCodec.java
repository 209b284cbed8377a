package org.tearline.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.tearline.domain.Position;
import org.tearline.error.BadRequestException;
import org.tearline.stix.StixJson;

/**
 * Pagination tokens ({@code next}). A token is the resume position plus the query it belongs
 * to, encrypted and authenticated with AES-256-GCM under a key every node shares, so it is
 * opaque to clients (nothing inside — not even counts or positions — can be read), cannot be
 * forged or altered, and works on any node.
 */
public final class CursorCodec {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Tokens are bounded so a forged one cannot make us decrypt megabytes. */
    private static final int MAX_TOKEN_CHARS = 8_192;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param key 32 bytes */
    public CursorCodec(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("cursor key must be 32 bytes, was " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /**
     * What a token carries.
     *
     * @param scope  which listing it pages: the collection and endpoint (and object, for
     *               versions)
     * @param query  the canonical query the token was issued for, or empty when it was too long
     *               to carry (then {@code queryDigest} identifies it)
     */
    public record Cursor(String scope, Optional<String> query, String queryDigest, Position position) {}

    /** Encodes a cursor as a token. */
    public String encode(Cursor cursor) {
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put("s", cursor.scope());
        cursor.query().ifPresent(q -> n.put("q", q));
        n.put("h", cursor.queryDigest());
        n.put("d", cursor.position().dateAddedMicros());
        n.put("n", cursor.position().seq());
        byte[] plain = n.toString().getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = c.doFinal(plain);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                            .put(iv)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Decodes a token.
     *
     * @throws BadRequestException when the token is malformed, altered, or from another key
     */
    public Cursor decode(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw invalid();
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token);
            if (raw.length < IV_BYTES + TAG_BITS / 8) {
                throw invalid();
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            byte[] plain = c.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
            JsonNode n = StixJson.mapper().readTree(plain);
            return new Cursor(
                    n.get("s").asText(),
                    n.hasNonNull("q") ? Optional.of(n.get("q").asText()) : Optional.empty(),
                    n.get("h").asText(),
                    new Position(n.get("d").asLong(), n.get("n").asLong()));
        } catch (IllegalArgumentException | GeneralSecurityException | IOException | NullPointerException e) {
            throw invalid();
        }
    }

    private static BadRequestException invalid() {
        return new BadRequestException("the 'next' value is not a pagination token this server"
                + " issued (it is malformed, altered or expired); start again without 'next'");
    }
}
