package org.tearline.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.tearline.error.ConfigurationException;
import org.tearline.stix.Canonical;
import org.tearline.store.PrivateFiles;

/**
 * Ed25519 keys for signing checkpoints and receipt statements, with the JDK's own provider.
 * The private key lives in a PEM file readable by its owner only; public keys are identified by
 * the first 16 hex digits of the SHA-256 of their encoding.
 */
public final class SigningKeys {

    /** A loaded key pair. */
    public record Pair(String keyId, PrivateKey privateKey, PublicKey publicKey) {

        /** The public key as PEM. */
        public String publicPem() {
            return toPem(publicKey);
        }
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SigningKeys() {}

    /**
     * Loads the key in {@code file}; when the file does not exist and {@code create} is true,
     * creates a new key there with owner-only permissions.
     */
    public static Pair loadOrCreate(Path file, boolean create) {
        if (!Files.exists(file)) {
            if (!create) {
                throw new ConfigurationException("audit signing key " + file + " does not exist");
            }
            write(file, generate());
        } else {
            PrivateFiles.warnIfShared(file);
        }
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("no PRIVATE KEY block");
            }
            byte[] der = Base64.getMimeDecoder()
                    .decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end)
                            .trim());
            KeyFactory f = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(der));
            PublicKey pub = publicOf(der);
            return new Pair(keyId(pub), priv, pub);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read audit signing key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigurationException(
                    "audit signing key " + file + " is not an Ed25519 private key in PEM (PKCS#8)", e);
        }
    }

    /** A new key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 missing from the JDK", e);
        }
    }

    /** Writes a private key (PKCS#8 PEM, with its public key appended) owner-only. */
    public static void write(Path file, KeyPair pair) {
        try {
            PrivateFiles.directory(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'})
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n" + toPem(pair.getPublic());
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write signing key " + file, e);
        }
    }

    /**
     * The public key of an Ed25519 private key: the JDK cannot derive it, Bouncy Castle can.
     * The last 32 bytes of the PKCS#8 encoding are the private key itself (RFC 8410).
     */
    private static PublicKey publicOf(byte[] pkcs8) throws GeneralSecurityException {
        byte[] raw = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        byte[] pub = new Ed25519PrivateKeyParameters(raw, 0).generatePublicKey().getEncoded();
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + pub.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(pub, 0, spki, ED25519_SPKI_PREFIX.length, pub.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** DER of SubjectPublicKeyInfo for Ed25519 up to the key bytes (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** A public key as PEM. */
    public static String toPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Reads a PEM public key. */
    public static PublicKey publicFromPem(String pem) {
        try {
            int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
            int end = pem.indexOf("-----END PUBLIC KEY-----");
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("no PUBLIC KEY block");
            }
            byte[] der = Base64.getMimeDecoder()
                    .decode(pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end)
                            .trim());
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key in PEM: " + e.getMessage(), e);
        }
    }

    /** The id of a public key. */
    public static String keyId(PublicKey key) {
        return Canonical.sha256(key.getEncoded()).substring(0, 16);
    }

    /** Signs a message; base64. */
    public static String sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** True when {@code signature} (base64) is a valid signature of the message. */
    public static boolean verify(PublicKey key, byte[] message, String signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
