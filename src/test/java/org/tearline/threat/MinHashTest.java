package org.tearline.threat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MinHashTest {

    private static final String TEXT =
            "Austrian authorities have raised the terrorism threat level. Terrorists are likely"
                    + " to try to carry out attacks in Vienna, including at Christmas markets. Remain vigilant.";

    @Test
    void theEstimateFollowsTheExactJaccard() {
        String edited = TEXT.replace("Remain vigilant.", "Remain vigilant and follow local advice.");
        long[] a = MinHash.shingles(TEXT);
        long[] b = MinHash.shingles(edited);
        double exact = MinHash.jaccard(a, b);
        assertThat(exact).isBetween(0.6, 0.95);
        assertThat(MinHash.estimate(MinHash.signature(a), MinHash.signature(b))).isCloseTo(exact, within(0.2));
        assertThat(MinHash.estimate(
                        MinHash.signature(a),
                        MinHash.signature(MinHash.shingles("Unrelated words about a"
                                + " phishing campaign against banks in the Netherlands this spring."))))
                .isLessThan(0.1);
    }

    @Test
    void nearDuplicatesShareABandAndCaseOrAccentsDoNotMatter() {
        long[] a = MinHash.bands(MinHash.signature(MinHash.shingles(TEXT)));
        long[] b = MinHash.bands(MinHash.signature(MinHash.shingles(TEXT.toUpperCase(java.util.Locale.ROOT))));
        assertThat(a).containsExactly(b);
        assertThat(MinHash.signature(MinHash.shingles("  "))).isNull();
    }
}
