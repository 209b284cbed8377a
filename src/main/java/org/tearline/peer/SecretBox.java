package org.tearline.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.tearline.error.ConfigurationException;
import org.tearline.store.PrivateFiles;

/**
 * Seals peer credentials with AES-256-GCM under a key kept in a file of the data directory
 * (owner-only), never in the database: a copy of the database, a backup or a PostgreSQL dump,
 * does not give away the passwords and tokens of the partners' servers. Each sealed value has
 * its own random nonce, and the peer's name as associated data, so a sealed secret copied onto
 * another peer's row does not open.
 */
public final class SecretBox {

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The key in {@code file}, made (owner-only) when missing. */
    public static SecretBox loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                PrivateFiles.directory(file.toAbsolutePath().getParent());
                PrivateFiles.file(file);
                byte[] key = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                return new SecretBox(key);
            }
            PrivateFiles.warnIfShared(file);
            byte[] key = Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length != KEY_BYTES) {
                throw new ConfigurationException(
                        "peer key file " + file + " must hold " + KEY_BYTES + " bytes in Base64, holds " + key.length);
            }
            return new SecretBox(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("peer key file " + file + " is not Base64", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the peer key file " + file, e);
        }
    }

    /** Seals {@code secret} for the peer {@code peer}; Base64 of nonce and ciphertext. */
    public String seal(String peer, char[] secret) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] plain = new byte[encoded.remaining()];
        encoded.get(plain);
        encoded.clear();
        while (encoded.hasRemaining()) {
            // Wipes the encoder's whole buffer, not only what it held, without naming its array.
            encoded.put((byte) 0);
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(peer.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Opens what {@link #seal} sealed for the same peer. */
    public char[] open(String peer, String sealed) {
        byte[] all = Base64.getDecoder().decode(sealed);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(peer.getBytes(StandardCharsets.UTF_8));
            byte[] plain = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
            char[] out = new char[decoded.remaining()];
            decoded.get(out);
            Arrays.fill(decoded.array(), '\0');
            Arrays.fill(plain, (byte) 0);
            return out;
        } catch (AEADBadTagException e) {
            throw new ConfigurationException(
                    "the credential of peer '" + peer
                            + "' does not open with this data directory's peer key (keys/peer-secrets.key):"
                            + " the key was replaced, or the database was copied without it; add the peer again",
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }
}
