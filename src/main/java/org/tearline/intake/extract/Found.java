package org.tearline.intake.extract;

import java.util.Map;

/** A rule's match on one page, before it gets its page number and snippet. */
record Found(CandidateKind kind, String value, int start, int end, String rule, Map<String, String> details) {

    boolean overlaps(Found other) {
        return start < other.end && other.start < end;
    }
}
