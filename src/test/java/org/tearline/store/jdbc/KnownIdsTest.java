package org.tearline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KnownIdsTest {

    @Property
    void neverDeniesAnIdItWasGiven(@ForAll long[] keys) {
        KnownIds known = new KnownIds();
        KnownIds.Build build = known.startBuild(keys.length, Map.of());
        build.add(keys, 0, keys.length / 2);
        int gen = known.publish(build);
        known.add(gen, keys, keys.length / 2, keys.length);
        for (long k : keys) {
            assertThat(known.mayContain(k)).as("key %d", k).isTrue();
        }
    }

    @Test
    void deniesNearlyEveryIdItWasNotGivenAtCapacity() {
        SplittableRandom random = new SplittableRandom(20261206);
        KnownIds known = new KnownIds();
        long[] keys = new long[120_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = IdentityHash.of("view", "indicator--" + random.nextLong());
        }
        // Sized for half as many: the filter takes twice what it is told to expect.
        int gen = known.publish(known.startBuild(keys.length / 2, Map.of()));
        known.add(gen, keys, 0, keys.length);
        assertThat(known.needsBuild()).isFalse();
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (known.mayContain(IdentityHash.of("view", "report--" + random.nextLong()))) {
                falsePositives++;
            }
        }
        // 12 bits a key (rounded up to a power of two), four probes: under 0.7% in theory.
        assertThat(falsePositives).isBetween(1, 700);
    }

    @Test
    void asksToBeBuiltAgainOnceFullerThanItWasSizedFor() {
        KnownIds known = new KnownIds();
        assertThat(known.needsBuild()).isTrue();
        int gen = known.publish(known.startBuild(0, Map.of()));
        long[] keys = new SplittableRandom(1).longs(70_000).toArray();
        known.add(gen, keys, 0, 65_536);
        assertThat(known.needsBuild()).isFalse();
        known.add(gen, keys, 65_536, keys.length);
        assertThat(known.needsBuild()).isTrue();
    }

    @Test
    void ignoresWhatAnOlderGenerationReports() {
        KnownIds known = new KnownIds();
        int old = known.publish(known.startBuild(0, Map.of("c", new KnownIds.Coverage(5, 5))));
        int current = known.publish(known.startBuild(0, Map.of("c", new KnownIds.Coverage(7, 7))));
        known.add(old, new long[] {42}, 0, 1);
        known.cover(old, "c", new KnownIds.Coverage(9, 9));
        assertThat(known.mayContain(42)).isFalse();
        assertThat(known.coverage("c")).isEqualTo(new KnownIds.Coverage(7, 7));
        known.cover(current, "c", new KnownIds.Coverage(9, 9));
        assertThat(known.coverage("c")).isEqualTo(new KnownIds.Coverage(9, 9));
    }

    @Test
    void keepsServingTheFilterInUseWhileTheNextIsBuilt() {
        KnownIds known = new KnownIds();
        int gen = known.publish(known.startBuild(0, Map.of("c", new KnownIds.Coverage(3, 3))));
        known.add(gen, new long[] {42, 43}, 0, 2);

        KnownIds.Build next = known.startBuild(0, Map.of("c", new KnownIds.Coverage(4, 4)));
        next.add(new long[] {42}, 0, 1);
        assertThat(known.mayContain(43)).isTrue();
        assertThat(known.coverage("c")).isEqualTo(new KnownIds.Coverage(3, 3));
        assertThat(known.generation()).isEqualTo(gen);

        assertThat(known.publish(next)).isNotEqualTo(gen);
        assertThat(known.mayContain(42)).isTrue();
        assertThat(known.coverage("c")).isEqualTo(new KnownIds.Coverage(4, 4));
    }

    @Test
    void coverageNeverMovesBack() {
        KnownIds known = new KnownIds();
        int gen = known.publish(known.startBuild(0, Map.of()));
        assertThat(known.coverage("c")).isEqualTo(new KnownIds.Coverage(0, 0));
        known.cover(gen, "c", new KnownIds.Coverage(10, 10));
        known.cover(gen, "c", new KnownIds.Coverage(8, 8));
        assertThat(known.coverage("c")).isEqualTo(new KnownIds.Coverage(10, 10));
    }
}
