package org.tearline.threat;

import java.util.List;
import java.util.Locale;

/**
 * Why a report was or was not matched with another: each feature's similarity, weight and
 * contribution, their sum, and the threshold the sum was held to. A plain record, so a service
 * can keep it with the assignment it explains.
 *
 * @param reportId the report being matched
 * @param withReportId the held report it was compared with
 * @param score the sum of the contributions
 * @param threshold the score from which two reports are about the same threat
 * @param contributions one per feature, in a fixed order
 */
public record Match(
        String reportId, String withReportId, double score, double threshold, List<Contribution> contributions) {

    public Match {
        contributions = List.copyOf(contributions);
    }

    /** True when the score reaches the threshold. */
    public boolean matched() {
        return score >= threshold;
    }

    /** The features, in the order the explanation lists them. */
    public enum Feature {
        TARGET,
        WINDOW,
        ACTOR,
        INDICATORS,
        ATTACK_PATTERNS,
        TEXT
    }

    /**
     * One feature's part in a match.
     *
     * @param feature the feature
     * @param similarity from -1 (the reports disagree) through 0 (nothing to compare, or nothing
     *     in common) to 1 (the same)
     * @param weight the feature's weight
     * @param contribution similarity times weight
     * @param detail what was compared, in words
     */
    public record Contribution(Feature feature, double similarity, double weight, double contribution, String detail) {}

    /** The explanation in plain words, one line per feature. */
    public String explain() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%s against %s: score %.2f, threshold %.2f: %s%n",
                reportId,
                withReportId,
                score,
                threshold,
                matched() ? "same threat" : "not the same threat"));
        for (Contribution c : contributions) {
            b.append(String.format(
                    Locale.ROOT,
                    "  %-15s %+.2f (similarity %+.2f x weight %.2f) %s%n",
                    c.feature().name().toLowerCase(Locale.ROOT),
                    c.contribution(),
                    c.similarity(),
                    c.weight(),
                    c.detail()));
        }
        return b.toString();
    }
}
