package org.tearline.threat;

/**
 * The matching's weights and threshold (docs/threats.md says why each is what it is). A
 * feature's contribution is its similarity (from -1 to 1) times its weight; two reports are
 * about the same threat when the contributions add up to the threshold.
 *
 * @param target same place, one place inside the other, same identity or sector
 * @param window overlapping or near windows and publication times; far apart counts against
 * @param actor same actor object, name or alias
 * @param indicators shared indicators, weighed by how rare they are
 * @param attackPatterns shared ATT&amp;CK techniques
 * @param text near-duplicate text
 * @param threshold the sum that makes a match
 */
public record Weights(
        double target,
        double window,
        double actor,
        double indicators,
        double attackPatterns,
        double text,
        double threshold) {

    /** The defaults, chosen from the domain before the labelled set was written (docs/threats.md). */
    public static final Weights DEFAULT = new Weights(0.40, 0.25, 0.25, 0.30, 0.10, 0.30, 0.50);
}
