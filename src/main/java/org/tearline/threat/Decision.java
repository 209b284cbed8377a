package org.tearline.threat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An analyst's act on the threats, resolved to the reports it names so that it can be kept as a
 * plain record and replayed on a rebuild, whatever threat ids the automatic matching gives then.
 * From the moment it is made it outranks the automatic match: a confirmed report stays where it
 * was put, a split report never joins the reports it was split from automatically again, merged
 * threats stay one.
 *
 * @param kind confirm, split or merge
 * @param threatId the threat acted on (for a merge, the one that remains)
 * @param otherThreatId for a merge, the threat merged into {@code threatId}; else null
 * @param reportId for a confirm or a split, the report; else null
 * @param members the other reports of {@code threatId} when the act was made
 * @param otherMembers for a merge, the reports of {@code otherThreatId}; else empty
 * @param analyst who acted
 * @param at when
 * @param reason what the analyst said, if anything
 */
public record Decision(
        Kind kind,
        String threatId,
        String otherThreatId,
        String reportId,
        List<String> members,
        List<String> otherMembers,
        String analyst,
        Instant at,
        String reason) {

    public Decision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(threatId, "threatId");
        Objects.requireNonNull(analyst, "analyst");
        Objects.requireNonNull(at, "at");
        members = List.copyOf(members);
        otherMembers = List.copyOf(otherMembers);
        if (kind == Kind.MERGE && otherThreatId == null) {
            throw new IllegalArgumentException("a merge names the threat merged in");
        }
        if (kind != Kind.MERGE && reportId == null) {
            throw new IllegalArgumentException(
                    "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " names its report");
        }
    }

    /** What the analyst did. */
    public enum Kind {
        /** The report belongs to the threat. */
        CONFIRM,
        /** The report does not belong to the threat: it becomes a threat of its own. */
        SPLIT,
        /** The two threats are one. */
        MERGE
    }
}
