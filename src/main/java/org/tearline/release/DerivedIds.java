package org.tearline.release;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import org.tearline.stix.StixId;

/**
 * Released identifiers: a name-based (version 5) UUID of the audience and the original id,
 * under a namespace UUID kept secret by the instance (a process's carries version-4 bits). The
 * same object gets the same released id in every version and a different one for every
 * audience, and nobody without the namespace can test a guess of an original id against a
 * released one.
 */
public final class DerivedIds {

    private final UUID namespace;
    private final String audience;

    public DerivedIds(UUID namespace, String audience) {
        this.namespace = namespace;
        this.audience = audience;
    }

    /** The released id for an original id. */
    public String derive(String originalId) {
        String type = StixId.typeOf(originalId)
                .orElseThrow(() -> new IllegalArgumentException("not a STIX id: " + originalId));
        UUID u = uuid5(namespace, audience + "\n" + originalId);
        if (type.equals("process")) {
            // A process has no ID contributing properties, so section 2.9 has its id be a
            // UUIDv4: the same hash, stamped version 4, still stable and audience-specific.
            u = new UUID((u.getMostSignificantBits() & ~0xf000L) | 0x4000L, u.getLeastSignificantBits());
        }
        return type + "--" + u;
    }

    /** RFC 4122 section 4.3: SHA-1 of namespace and name, with version 5 and the variant set. */
    static UUID uuid5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16)
                    .putLong(namespace.getMostSignificantBits())
                    .putLong(namespace.getLeastSignificantBits())
                    .array());
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
    }
}
