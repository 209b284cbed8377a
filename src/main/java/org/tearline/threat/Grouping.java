package org.tearline.threat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A threat's reports grouped by independence: each group has one independent root and the
 * echoes that depend on it, each echo with the evidence that it is not independent.
 *
 * @param roots the independent roots, the earliest first
 */
public record Grouping(List<Root> roots) {

    public Grouping {
        roots = List.copyOf(roots);
    }

    /**
     * An independent root and its echoes.
     *
     * @param reportId the root report
     * @param producer its producer (its origin, if it was relayed from outside the threat)
     * @param echoes the reports that echo it
     */
    public record Root(String reportId, String producer, List<Echo> echoes) {
        public Root {
            echoes = List.copyOf(echoes);
        }
    }

    /**
     * A report that is not independent of its group.
     *
     * @param reportId the echo
     * @param producer its producer
     * @param evidence why it is not independent: at least one item
     */
    public record Echo(String reportId, String producer, List<Evidence> evidence) {
        public Echo {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * One reason two reports are not independent.
     *
     * @param rule which rule found it
     * @param otherReportId the report it ties this one to
     * @param detail what was found, in words
     */
    public record Evidence(Rule rule, String otherReportId, String detail) {}

    /** The rules that make two reports not independent (docs/threats.md). */
    public enum Rule {
        SAME_PRODUCER,
        RELAY,
        DERIVED_FROM,
        SAME_REFERENCE,
        NEAR_IDENTICAL_TEXT,
        SHARED_RARE_INDICATOR
    }

    /** How many independent roots: two or more is "confirmed by independent sources". */
    public int independentSources() {
        return roots.size();
    }

    /** True with two independent roots or more (Admiralty credibility 1). */
    public boolean confirmedByIndependentSources() {
        return roots.size() >= 2;
    }

    /** Every producer of the threat's reports, roots first. */
    public List<String> producers() {
        Set<String> out = new LinkedHashSet<>();
        roots.forEach(r -> out.add(r.producer()));
        roots.forEach(r -> r.echoes().forEach(e -> out.add(e.producer())));
        return new ArrayList<>(out);
    }

    /** The root of the group a report is in, or null if the report is not in this grouping. */
    public String rootOf(String reportId) {
        for (Root r : roots) {
            if (r.reportId().equals(reportId)) {
                return r.reportId();
            }
            for (Echo e : r.echoes()) {
                if (e.reportId().equals(reportId)) {
                    return r.reportId();
                }
            }
        }
        return null;
    }
}
