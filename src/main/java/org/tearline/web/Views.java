package org.tearline.web;

import java.util.List;

/**
 * What the console's templates show: plain records, built by {@link Pages} from the services,
 * so the templates hold no logic beyond loops and conditions.
 */
public final class Views {

    private Views() {}

    /** What every page's frame needs. */
    public record Frame(String title, String user, String csrf, String section, String flash) {}

    /** One thing in the queue. */
    public record QueueRow(String warning, String name, String kind, String why) {}

    /** A warning in the list. */
    public record WarningRow(String id, String name, String state, boolean lapsed, String windowEnd, String author) {}

    /** The warning page. */
    public record WarningPage(
            String id,
            String name,
            String state,
            boolean lapsed,
            String status,
            String decision,
            List<String> audiences,
            String author,
            String decidedBy,
            String approvedBy,
            String waiver,
            String windowStart,
            String windowEnd,
            String threatConfidence,
            String timingConfidence,
            String urgency,
            String retiredReason,
            Axis axis,
            List<Event> events,
            List<Delivery> deliveries,
            List<FeedbackRow> feedback,
            Actions actions,
            List<String> allAudiences,
            List<String> waiverReasons,
            List<String> retirementReasons) {}

    /** The threat window on a time axis, with the events of the timeline. */
    public record Axis(
            int width,
            int height,
            boolean hasWindow,
            double windowStartX,
            double windowEndX,
            double nowX,
            String fromLabel,
            String toLabel,
            List<Tick> ticks) {}

    /**
     * One mark on the axis: an event, or events too close to tell apart.
     *
     * @param title every event of the mark, one per line
     * @param label the short text under the mark
     */
    public record Tick(double x, double y, String title, String kind, String label, int count) {}

    /** One timeline entry. */
    public record Event(String at, String kind, String actor, String audience) {}

    /** What one audience received of the warning. */
    public record Delivery(
            String audience, boolean released, String releasedId, String status, List<String> retrievedBy) {}

    /** A partner's feedback. */
    public record FeedbackRow(
            String audience, String user, String kind, String opinion, boolean dismissal, String at) {}

    /** What the signed-in user may do now. */
    public record Actions(
            boolean decide,
            boolean approve,
            String approveBlockedBecause,
            boolean extend,
            boolean retire,
            String decisionId) {}

    /** The side-by-side preview of one object. */
    public record ObjectPreview(
            String objectId,
            String title,
            String collection,
            List<Outcome> outcomes,
            List<Row> rows,
            List<String> references) {}

    /** Whether an audience receives the object, and as what. */
    public record Outcome(String audience, boolean released, String releasedId, String reason) {}

    /** One property: its source value and what each audience gets of it. */
    public record Row(String property, String source, List<Cell> cells) {}

    /**
     * One cell of the preview.
     *
     * @param state released, changed (ids rewritten), partly, generalised, redacted, withheld
     *              or absent
     * @param why   the marking and rule that decided it
     */
    public record Cell(String value, String state, String why) {}

    /** An audience in the list. */
    public record AudienceRow(String name, int version, String view, String updated) {}

    /** An audience's page. */
    public record AudiencePage(
            String name, int version, String view, String policy, String error, List<PolicyVersionRow> history) {}

    /** One kept version of a policy. */
    public record PolicyVersionRow(int version, String appliedAt, String appliedBy, String digest) {}

    /** What a proposed policy would change. */
    public record PolicyPreview(
            String audience,
            String policy,
            String digest,
            List<String> gained,
            List<String> lost,
            List<String> takenBack,
            List<ChangeRow> changes) {}

    /** One object whose outcome or content the proposed policy changes. */
    public record ChangeRow(String objectId, String label, String now, String then, String reason) {}

    /** The disclosure record page. */
    public record RecordPage(
            String audience,
            String object,
            String since,
            List<EntryRow> entries,
            boolean truncated,
            String verification,
            boolean verified) {}

    /** One entry of the disclosure record. */
    public record EntryRow(
            long seq,
            String at,
            String kind,
            String actor,
            String audience,
            String subject,
            String detail,
            String summary) {}

    /** A confirmation step before a change. */
    public record Confirm(String question, String action, String back, List<Hidden> fields) {}

    /** A hidden form field. */
    public record Hidden(String name, String value) {}
}
