package org.tearline.stix.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the violations of one object, up to {@link #LIMIT}. One instance per validation call,
 * never shared between threads.
 */
final class Report {

    /** Most violations reported for one object; a hostile object can break thousands of rules. */
    static final int LIMIT = 50;

    private final String objectId;
    private final List<Violation> violations = new ArrayList<>();
    private boolean truncated;

    Report(String objectId) {
        this.objectId = objectId;
    }

    /** Records a violation; past the limit the last entry says that more were left out. */
    void add(String property, String rule, String message) {
        if (truncated) {
            return;
        }
        if (violations.size() == LIMIT - 1) {
            violations.add(new Violation(
                    objectId,
                    "",
                    Rules.TOO_MANY_VIOLATIONS,
                    "more than " + (LIMIT - 1) + " violations; the rest are not reported"));
            truncated = true;
            return;
        }
        violations.add(new Violation(objectId, property, rule, message));
    }

    /** True once the report is full: callers may stop looking. */
    boolean full() {
        return truncated;
    }

    int size() {
        return violations.size();
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }
}
