package org.tearline.intake.extract;

import java.util.Map;

/**
 * One thing found in a document, with the evidence for it.
 *
 * @param kind    what it is
 * @param value   the normalised value: a refanged indicator in its canonical form, a place's
 *                name, a window as {@code START/END} in RFC 3339, a sector, an actor's name
 * @param page    the page it was found on, from 1
 * @param start   the offset of its first character in that page's text
 * @param end     the offset just after its last character ({@code end > start})
 * @param snippet the text around it, as the analyst sees it in place
 * @param rule    the name of the rule that found it (stable, for tests and the review page)
 * @param details what else the kind carries, by key: for a place {@code country},
 *                {@code region}, {@code geonameid}, {@code latitude}, {@code longitude} and,
 *                when the name is ambiguous, {@code alternatives}; for a window {@code start}
 *                and {@code end}; for a hash {@code algorithm}; for an actor the known object's
 *                {@code id}; for a target type {@code sector} and {@code description}
 */
public record Candidate(
        CandidateKind kind,
        String value,
        int page,
        int start,
        int end,
        String snippet,
        String rule,
        Map<String, String> details) {

    public Candidate {
        if (page < 1 || start < 0 || end <= start) {
            throw new IllegalArgumentException("a candidate needs a page from 1 and a non-empty range, not page " + page
                    + " [" + start + ", " + end + ")");
        }
        details = Map.copyOf(details);
    }
}
