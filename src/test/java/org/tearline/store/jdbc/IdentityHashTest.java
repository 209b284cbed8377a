package org.tearline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The identity key is stored in every version row, so its definition must not drift. */
class IdentityHashTest {

    private static final String COLLECTION = "0f0e0d0c-0000-4000-8000-000000000001";
    private static final String ID = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

    @Test
    void isTheFirstEightBytesOfTheSha256OfCollectionNulAndIdBigEndian() throws Exception {
        byte[] digest =
                MessageDigest.getInstance("SHA-256").digest((COLLECTION + "\0" + ID).getBytes(StandardCharsets.UTF_8));
        assertThat(IdentityHash.of(COLLECTION, ID))
                .isEqualTo(ByteBuffer.wrap(digest, 0, 8).getLong());
    }

    @Test
    void differsBetweenCollectionsForTheSameId() {
        assertThat(IdentityHash.of(COLLECTION, ID))
                .isNotEqualTo(IdentityHash.of("0f0e0d0c-0000-4000-8000-000000000002", ID));
    }

    @Test
    void keepsCollectionAndIdApart() {
        assertThat(IdentityHash.of("ab", "c")).isNotEqualTo(IdentityHash.of("a", "bc"));
    }
}
