package org.tearline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AddedIdsTest {

    @Property
    void neverDeniesAnIdItWasGiven(@ForAll long[] keys) {
        AddedIds added = new AddedIds();
        for (long k : keys) {
            added.add(k);
        }
        for (long k : keys) {
            assertThat(added.mayContain(k)).as("key %d", k).isTrue();
        }
    }

    @Test
    void deniesNearlyEveryIdItWasNotGivenAtAViewsSize() {
        SplittableRandom random = new SplittableRandom(20261204);
        AddedIds added = new AddedIds();
        for (int i = 0; i < 120_000; i++) {
            added.add(IdentityHash.of("view", "indicator--" + random.nextLong()));
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (added.mayContain(IdentityHash.of("view", "report--" + random.nextLong()))) {
                falsePositives++;
            }
        }
        // 2^20 bits, three probes, 120,000 keys: about 2.5% in theory.
        assertThat(falsePositives).isBetween(1, 5_000);
    }
}
