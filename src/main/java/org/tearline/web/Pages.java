package org.tearline.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.tearline.audit.AuditService;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.PolicyVersion;
import org.tearline.domain.ReleaseState;
import org.tearline.domain.WarningRecord;
import org.tearline.domain.WarningRecord.State;
import org.tearline.release.Action;
import org.tearline.release.Explanation;
import org.tearline.release.ReleaseEngine;
import org.tearline.service.ReleaseService;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.WarningExtension;
import org.tearline.store.AuditQuery;
import org.tearline.warning.WarningService;
import org.tearline.web.Views.Axis;
import org.tearline.web.Views.Cell;
import org.tearline.web.Views.Delivery;
import org.tearline.web.Views.Event;
import org.tearline.web.Views.FeedbackRow;
import org.tearline.web.Views.Outcome;
import org.tearline.web.Views.Row;
import org.tearline.web.Views.Tick;

/**
 * Builds what each console page shows from the services. Everything a page needs is read
 * here, so templates only lay it out; nothing here changes anything.
 *
 * <p>Past 500 lines because it is the one place the console's pages read the services; each
 * page's builder is short, and the lookups they share (names for ids, audiences, the record)
 * stay in one place.
 */
final class Pages {

    /** Most disclosure-record entries one page shows. */
    static final int RECORD_PAGE = 500;
    /** Longest property value shown in a preview cell; the rest is elided. */
    private static final int MAX_VALUE = 600;

    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final WarningService warnings;
    private final ReleaseService releases;
    private final AuditService audit;
    private final Clock clock;

    Pages(WarningService warnings, ReleaseService releases, AuditService audit, Clock clock) {
        this.warnings = warnings;
        this.releases = releases;
        this.audit = audit;
        this.clock = clock;
    }

    // --- warnings ------------------------------------------------------------------------

    List<Views.QueueRow> queue() {
        ArrayNode items = warnings.queue();
        Map<String, String> names = names();
        List<Views.QueueRow> out = new ArrayList<>();
        for (JsonNode i : items) {
            String id = i.path("warning").asText();
            out.add(new Views.QueueRow(
                    id,
                    names.getOrDefault(id, id),
                    i.path("kind").asText(),
                    i.path("why").asText()));
        }
        return out;
    }

    List<Views.WarningRow> warnings() {
        List<WarningRecord> all = warnings.list();
        Map<String, String> names = warnings.names(all);
        List<Views.WarningRow> out = new ArrayList<>();
        for (WarningRecord w : all) {
            out.add(new Views.WarningRow(
                    w.id(),
                    names.getOrDefault(w.id(), w.id()),
                    w.state().label(),
                    lapsed(w),
                    time(w.windowEnd()),
                    w.author()));
        }
        return out;
    }

    private Map<String, String> names() {
        return warnings.names(warnings.list());
    }

    Views.WarningPage warning(String id, String user) {
        WarningRecord w = warnings.find(id);
        ObjectNode shown = warnings.show(id);
        JsonNode report = shown.path("report");
        ObjectNode ext = WarningExtension.of(report).orElse(null);
        Instant windowStart = ext == null
                ? null
                : WarningExtension.time(ext, "threat_window_start").orElse(null);
        Instant windowEnd = w.windowEnd();
        String status = ext == null ? null : text(ext.get("status"));

        List<Event> events = new ArrayList<>();
        List<Instant> eventTimes = new ArrayList<>();
        for (JsonNode e : warnings.timeline(id)) {
            Instant at = StixTimestamp.parse(e.path("at").asText()).orElse(null);
            events.add(new Event(
                    time(at), e.path("event").asText(), e.path("actor").asText(), text(e.get("audience"))));
            eventTimes.add(at);
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (JsonNode d : shown.path("audiences")) {
            List<String> by = new ArrayList<>();
            for (JsonNode r : d.path("retrieved_by")) {
                by.add(r.path("user").asText() + " at "
                        + time(StixTimestamp.parse(r.path("at").asText()).orElse(null)));
            }
            deliveries.add(new Delivery(
                    d.path("audience").asText(),
                    d.path("released").asBoolean(),
                    text(d.get("released_id")),
                    text(d.get("status")),
                    by));
        }
        List<FeedbackRow> feedback = new ArrayList<>();
        for (JsonNode f : shown.path("feedback")) {
            feedback.add(new FeedbackRow(
                    f.path("audience").asText(),
                    f.path("user").asText(),
                    f.path("kind").asText(),
                    text(f.get("opinion")),
                    f.path("dismissal").asBoolean(),
                    time(StixTimestamp.parse(f.path("at").asText()).orElse(null))));
        }
        return new Views.WarningPage(
                w.id(),
                text(report.get("name")) == null ? w.id() : report.get("name").asText(),
                w.state().label(),
                lapsed(w),
                status,
                w.decision(),
                w.audiences(),
                w.author(),
                w.decidedBy(),
                w.approvedBy(),
                w.waiverReason() == null
                        ? null
                        : w.waiverReason() + (w.waiverText() == null ? "" : ": " + w.waiverText()),
                time(windowStart),
                time(windowEnd),
                ext == null ? "" : ext.path("threat_confidence").asText(),
                ext == null ? "" : ext.path("timing_confidence").asText(),
                ext == null ? "" : ext.path("urgency").asText(),
                w.retiredReason() == null
                        ? null
                        : w.retiredReason() + ", by " + w.retiredBy() + " at " + time(w.retiredAt()),
                axis(w.created(), windowStart, windowEnd, events, eventTimes),
                events,
                deliveries,
                feedback,
                actions(w, user),
                releases.audiences().stream().map(AudienceRecord::name).toList(),
                new TreeSet<>(WarningService.WAIVER_REASONS).stream().toList(),
                new TreeSet<>(WarningExtension.RETIREMENT_REASONS).stream().toList());
    }

    /** Lapsed and not yet retired: the state that asks for a reassessment. */
    private static boolean lapsed(WarningRecord w) {
        return w.lapsedAt() != null && w.state() != State.RETIRED;
    }

    private static Views.Actions actions(WarningRecord w, String user) {
        boolean open = w.state() != State.RETIRED;
        String blocked = null;
        boolean approve = false;
        if (w.state() == State.DECIDED) {
            if (user.equals(w.decidedBy())) {
                blocked = "You took this decision: a second person must approve it.";
            } else if (user.equals(w.author())) {
                blocked = "You wrote this warning: a second person must approve its decision.";
            } else {
                approve = true;
            }
        }
        return new Views.Actions(
                w.state() == State.DRAFT,
                approve,
                blocked,
                w.state() == State.WARNED,
                open,
                w.decisionId() == null ? "" : w.decisionId());
    }

    /** The threat window and the events on one time axis, scaled to fit. */
    private Axis axis(
            Instant created, Instant windowStart, Instant windowEnd, List<Event> events, List<Instant> times) {
        int width = 900;
        int height = 130;
        int margin = 30;
        Instant now = clock.instant();
        List<Instant> all = new ArrayList<>();
        all.add(created);
        all.add(now);
        Optional.ofNullable(windowStart).ifPresent(all::add);
        Optional.ofNullable(windowEnd).ifPresent(all::add);
        times.stream().filter(t -> t != null).forEach(all::add);
        Instant from = all.stream().min(Instant::compareTo).orElse(now);
        Instant to = all.stream().max(Instant::compareTo).orElse(now);
        long span = Math.max(Duration.between(from, to).toMillis(), 60_000);
        from = from.minusMillis(span / 20);
        to = to.plusMillis(span / 20);
        long total = Duration.between(from, to).toMillis();
        Instant origin = from;
        Function<Instant, Double> x = t ->
                margin + (width - 2.0 * margin) * Duration.between(origin, t).toMillis() / total;
        // Events closer than a few pixels share one mark, so labels never pile up; the mark's
        // tooltip lists them all.
        List<Tick> ticks = new ArrayList<>();
        List<String> group = new ArrayList<>();
        String groupKind = null;
        double groupX = -100;
        int row = 0;
        for (int i = 0; i <= events.size(); i++) {
            Instant t = i < events.size() ? times.get(i) : null;
            if (i < events.size() && t == null) {
                continue;
            }
            double at = t == null ? Double.MAX_VALUE : round(x.apply(t));
            if (!group.isEmpty() && (t == null || at - groupX > 14)) {
                String label = group.size() == 1 ? groupKind : groupKind + " +" + (group.size() - 1);
                ticks.add(new Tick(
                        groupX, 72 + 14 * (row++ % 3), String.join("\n", group), groupKind, label, group.size()));
                group.clear();
            }
            if (t == null) {
                break;
            }
            Event e = events.get(i);
            if (group.isEmpty()) {
                groupX = at;
                groupKind = e.kind().startsWith("warning-") ? e.kind().substring(8) : e.kind();
            }
            group.add(e.at() + ": " + e.kind() + " by " + e.actor()
                    + (e.audience() == null ? "" : " for " + e.audience()));
        }
        boolean hasWindow = windowEnd != null;
        Instant start = windowStart != null ? windowStart : created;
        return new Axis(
                width,
                height,
                hasWindow,
                hasWindow ? round(x.apply(start)) : 0,
                hasWindow ? round(x.apply(windowEnd)) : 0,
                round(x.apply(now)),
                time(from),
                time(to),
                ticks);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    // --- side by side --------------------------------------------------------------------

    Views.ObjectPreview object(String id) {
        ReleaseService.ObjectReleases r = releases.explainObject(id);
        ObjectNode source = r.source();
        List<Outcome> outcomes = new ArrayList<>();
        for (ReleaseService.AudienceRelease a : r.audiences()) {
            Explanation e = a.explanation();
            String reason = e.reason();
            if (!e.released()) {
                // The decisive reason may be a consequence (invalid once redacted): name the
                // markings and rules that led to it too.
                List<String> causes = new ArrayList<>();
                for (Explanation.Decision d : e.decisions()) {
                    if (d.marking() != null) {
                        causes.add(d.rule() + " [" + d.marking() + "]");
                    }
                }
                if (!causes.isEmpty() && !reason.contains("[")) {
                    reason = reason + "; after " + String.join("; ", new LinkedHashSet<>(causes));
                }
            }
            if (!e.released() && a.state() != null && a.state().status() == ReleaseState.Status.KEPT) {
                reason = reason + "; the audience keeps the version it received before";
            }
            outcomes.add(new Outcome(a.audience(), e.released(), e.releasedId(), reason));
        }
        Set<String> properties = new LinkedHashSet<>();
        source.fieldNames().forEachRemaining(properties::add);
        for (ReleaseService.AudienceRelease a : r.audiences()) {
            if (a.explanation().released() && a.released() != null) {
                a.released().fieldNames().forEachRemaining(properties::add);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String p : properties) {
            List<Cell> cells = new ArrayList<>();
            for (ReleaseService.AudienceRelease a : r.audiences()) {
                cells.add(cell(p, source, a));
            }
            rows.add(new Row(p, value(source.get(p)), cells));
        }
        List<String> refs = new ArrayList<>(ReleaseEngine.references(source).keySet());
        refs.removeIf(t -> t.startsWith("marking-definition--"));
        String name = text(source.get("name"));
        return new Views.ObjectPreview(
                id,
                name == null ? source.path("type").asText() + " " + id : name,
                r.collectionId(),
                outcomes,
                rows,
                refs);
    }

    /** What one audience receives of one property, and why. */
    private static Cell cell(String property, ObjectNode source, ReleaseService.AudienceRelease a) {
        Explanation e = a.explanation();
        if (!e.released()) {
            return new Cell(null, "withheld", null);
        }
        JsonNode was = source.get(property);
        JsonNode got = a.released() == null ? null : a.released().get(property);
        Map<Action, List<String>> why = new EnumMap<>(Action.class);
        for (Explanation.Decision d : e.decisions()) {
            if (!d.path().isEmpty() && top(d.path()).equals(property)) {
                why.computeIfAbsent(d.action(), k -> new ArrayList<>())
                        .add((d.path().equals(property) ? "" : d.path() + ": ")
                                + d.rule()
                                + (d.marking() == null ? "" : " [" + d.marking() + "]"));
            }
        }
        String shown = got == null ? null : value(got);
        for (Action action : List.of(Action.WITHHOLD, Action.REDACT, Action.GENERALISE)) {
            List<String> reasons = why.get(action);
            if (reasons == null) {
                continue;
            }
            String because = String.join("; ", new LinkedHashSet<>(reasons));
            if (action == Action.GENERALISE) {
                return new Cell(shown, "generalised", because);
            }
            return new Cell(
                    shown, got == null ? (action == Action.WITHHOLD ? "withheld" : "redacted") : "partly", because);
        }
        if (was != null && got == null) {
            return new Cell(null, "redacted", "not in the released version");
        }
        if (was == null && got != null) {
            return new Cell(shown, "changed", "added by the release for this audience");
        }
        if (was != null && !was.equals(got)) {
            if (was.isArray() && got.isArray() && got.size() < was.size()) {
                return new Cell(shown, "partly", "references to what this audience does not" + " receive are left out");
            }
            return new Cell(
                    shown,
                    "changed",
                    property.equals("id") || property.endsWith("_ref") || property.endsWith("_refs")
                            ? "ids rewritten for this audience"
                            : "rewritten for this audience");
        }
        return new Cell(shown, "released", null);
    }

    private static String top(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    private static String value(JsonNode v) {
        if (v == null) {
            return null;
        }
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE) + " …" : s;
    }

    // --- audiences -----------------------------------------------------------------------

    List<Views.AudienceRow> audiences() {
        List<Views.AudienceRow> out = new ArrayList<>();
        for (AudienceRecord a : releases.audiences()) {
            out.add(new Views.AudienceRow(a.name(), a.policyVersion(), a.viewCollectionId(), time(a.updated())));
        }
        return out;
    }

    /**
     * An audience's page; {@code draft} and {@code error} put back a policy the user
     * submitted and what was wrong with it.
     */
    Views.AudiencePage audience(String name, String draft, String error) {
        List<PolicyVersion> history = releases.history(name);
        AudienceRecord a = releases.audiences().stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow();
        PolicyVersion current = history.get(history.size() - 1);
        List<Views.PolicyVersionRow> rows = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            PolicyVersion v = history.get(i);
            rows.add(new Views.PolicyVersionRow(v.version(), time(v.appliedAt()), v.appliedBy(), v.digest()));
        }
        return new Views.AudiencePage(
                name, a.policyVersion(), a.viewCollectionId(), draft != null ? draft : current.policy(), error, rows);
    }

    Views.PolicyPreview policyPreview(String audience, String yaml) {
        ReleaseService.Preview p = releases.preview(audience, Optional.of(yaml));
        Map<String, Explanation> explanations = new HashMap<>();
        p.explanations().forEach(e -> explanations.put(e.originalId(), e));
        List<Views.ChangeRow> changes = new ArrayList<>();
        for (String id : p.gained()) {
            changes.add(new Views.ChangeRow(id, label(p, id), "withheld", "released", decisions(explanations.get(id))));
        }
        for (String id : p.lost()) {
            Explanation e = explanations.get(id);
            changes.add(new Views.ChangeRow(id, label(p, id), "released", "withheld", e == null ? "" : e.reason()));
        }
        return new Views.PolicyPreview(
                audience, yaml, WebHandler.digest(yaml), p.gained(), p.lost(), p.takenBack(), changes);
    }

    private static String label(ReleaseService.Preview p, String id) {
        ObjectNode o = p.released().get(id);
        String name = o == null ? null : text(o.get("name"));
        return name == null ? id : name + " (" + id + ")";
    }

    private static String decisions(Explanation e) {
        if (e == null || e.decisions().isEmpty()) {
            return "released as it is";
        }
        List<String> out = new ArrayList<>();
        for (Explanation.Decision d : e.decisions()) {
            out.add((d.path().isEmpty() ? "" : d.path() + ": ")
                    + d.action().name().toLowerCase(Locale.ROOT) + " (" + d.rule() + ")");
        }
        return String.join("; ", new LinkedHashSet<>(out));
    }

    // --- the record ----------------------------------------------------------------------

    Views.RecordPage record(
            String audience, String object, Instant since, String sinceText, AuditService.Verification verification) {
        Deque<AuditEntry> latest = new ArrayDeque<>();
        boolean[] truncated = {false};
        audit.entries(
                new AuditQuery(
                        Optional.ofNullable(audience),
                        Optional.ofNullable(object),
                        Optional.ofNullable(since),
                        Optional.empty()),
                e -> {
                    latest.addFirst(e);
                    if (latest.size() > RECORD_PAGE) {
                        latest.removeLast();
                        truncated[0] = true;
                    }
                });
        List<Views.EntryRow> rows = new ArrayList<>();
        for (AuditEntry e : latest) {
            rows.add(new Views.EntryRow(
                    e.seq(),
                    time(e.at()),
                    e.kind(),
                    e.actor(),
                    e.audience() == null ? "" : e.audience(),
                    e.subject() == null ? "" : e.subject(),
                    e.detail(),
                    e.detail() != null && e.detail().length() > 160 ? e.detail().substring(0, 150) + " …" : null));
        }
        String verified = null;
        if (verification != null) {
            verified = verification.intact()
                    ? "Verified: all " + verification.entries() + " entries chain"
                            + (verification.checkpoints() == 0
                                    ? "; no signed checkpoint yet (the" + " server signs one every minute by default)."
                                    : ", and " + verification.checkpoints() + " signed checkpoints match them.")
                    : "Verification FAILED"
                            + (verification.firstBadEntry() == null ? "" : " at entry " + verification.firstBadEntry())
                            + ": "
                            + verification.problem();
        }
        return new Views.RecordPage(
                audience == null ? "" : audience,
                object == null ? "" : object,
                sinceText == null ? "" : sinceText,
                rows,
                truncated[0],
                verified,
                verification != null && verification.intact());
    }

    // --- helpers -------------------------------------------------------------------------

    static String time(Instant t) {
        return t == null ? "" : SHOWN.format(t);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
