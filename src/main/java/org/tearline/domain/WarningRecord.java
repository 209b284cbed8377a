package org.tearline.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where a warning stands: the decision and who took it, its approval, its window and its
 * retirement. Null fields have not happened (yet).
 *
 * @param id           the warning's report id
 * @param audiences    the audiences a warn decision names (the public one included)
 * @param windowEnd    the current end of the threat window
 * @param lapsedAt     when the window lapsed without the warning being retired
 * @param approvedVersion the version (a {@link org.tearline.stix.StixTimestamp#key}) of the
 *                     report the warning's own steps last wrote: the one its approved
 *                     audiences receive; any later version written directly waits for a new
 *                     decision and approval
 * @param decisionId   names the current decision, so that an approval says which one it
 *                     approves
 * @param revisedBy    who last wrote a version of the report directly (not through the
 *                     warning's steps): that person cannot approve its decision either
 * @param revision     bumped by each transition, to make each exactly once on many nodes
 */
public record WarningRecord(
        String id,
        String collectionId,
        State state,
        String author,
        Instant created,
        String decision,
        List<String> audiences,
        String publicAudience,
        String waiverReason,
        String waiverText,
        String decidedBy,
        Instant decidedAt,
        String approvedBy,
        Instant approvedAt,
        Instant windowEnd,
        Instant lapsedAt,
        String retiredReason,
        String retiredBy,
        Instant retiredAt,
        String approvedVersion,
        String decisionId,
        String revisedBy,
        int revision) {

    /** A warning's states. */
    public enum State {
        /** Written, not decided. */
        DRAFT,
        /** Decided (warn or waive), awaiting a second user's approval. */
        DECIDED,
        /** Approved warning: released to its audiences. */
        WARNED,
        /** Approved waiver: the duty to warn was waived, with its justification. */
        WAIVED,
        /** No longer active: occurred, averted, no longer credible, or superseded. */
        RETIRED;

        /** The name stored and shown. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The state for a stored name. */
        public static State ofLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    public WarningRecord {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
    }

    /**
     * A new warning as its author writes it: a draft, nothing decided, no window yet, at
     * revision 0. The {@code with...} methods add what the author gave.
     */
    public static WarningRecord draft(String id, String collectionId, String author, Instant created) {
        return new WarningRecord(
                id,
                collectionId,
                State.DRAFT,
                author,
                created,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0);
    }

    /** A builder-style copy: the fields a transition changes, and the next revision. */
    public WarningRecord with(State newState, UnaryOperator<Fields> change) {
        return copy(newState, change.apply(new Fields(this)), revision + 1);
    }

    /**
     * The same transition with the version of the report it wrote: not a further transition,
     * so the revision stays.
     */
    public WarningRecord withApprovedVersion(String version) {
        Fields f = new Fields(this);
        f.approvedVersion = version;
        return copy(state, f, revision);
    }

    /** The same record with another end of the threat window: not a transition either. */
    public WarningRecord withWindowEnd(Instant end) {
        Fields f = new Fields(this);
        f.windowEnd = end;
        return copy(state, f, revision);
    }

    private WarningRecord copy(State newState, Fields f, int newRevision) {
        return new WarningRecord(
                id,
                collectionId,
                newState,
                author,
                created,
                f.decision,
                f.audiences,
                f.publicAudience,
                f.waiverReason,
                f.waiverText,
                f.decidedBy,
                f.decidedAt,
                f.approvedBy,
                f.approvedAt,
                f.windowEnd,
                f.lapsedAt,
                f.retiredReason,
                f.retiredBy,
                f.retiredAt,
                f.approvedVersion,
                f.decisionId,
                f.revisedBy,
                newRevision);
    }

    /** The changeable fields of a record, for {@link #with}. */
    public static final class Fields {
        public String decision;
        public List<String> audiences;
        public String publicAudience;
        public String waiverReason;
        public String waiverText;
        public String decidedBy;
        public Instant decidedAt;
        public String approvedBy;
        public Instant approvedAt;
        public Instant windowEnd;
        public Instant lapsedAt;
        public String retiredReason;
        public String retiredBy;
        public Instant retiredAt;
        public String approvedVersion;
        public String decisionId;
        public String revisedBy;

        Fields(WarningRecord r) {
            decision = r.decision;
            audiences = r.audiences;
            publicAudience = r.publicAudience;
            waiverReason = r.waiverReason;
            waiverText = r.waiverText;
            decidedBy = r.decidedBy;
            decidedAt = r.decidedAt;
            approvedBy = r.approvedBy;
            approvedAt = r.approvedAt;
            windowEnd = r.windowEnd;
            lapsedAt = r.lapsedAt;
            retiredReason = r.retiredReason;
            retiredBy = r.retiredBy;
            retiredAt = r.retiredAt;
            approvedVersion = r.approvedVersion;
            decisionId = r.decisionId;
            revisedBy = r.revisedBy;
        }
    }
}
