package org.tearline.warning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.tearline.alert.AlertEvents;
import org.tearline.alert.AlertKind;
import org.tearline.audit.AuditEvent;
import org.tearline.audit.Disclosures;
import org.tearline.auth.Principal;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.FeedbackRecord;
import org.tearline.domain.ReleaseState;
import org.tearline.domain.StoredObject;
import org.tearline.domain.WarningRecord;
import org.tearline.domain.WarningRecord.State;
import org.tearline.error.BadRequestException;
import org.tearline.error.ConflictException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.error.PermissionDeniedException;
import org.tearline.error.UnprocessableException;
import org.tearline.service.Access;
import org.tearline.service.ObjectService;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixObjects;
import org.tearline.stix.StixTimestamp;
import org.tearline.stix.WarningExtension;
import org.tearline.store.AuditQuery;
import org.tearline.store.ObjectFilter;
import org.tearline.store.PageRequest;
import org.tearline.store.Store;
import org.tearline.store.StoreTx;
import org.tearline.store.VersionSelector;

/**
 * The duty to warn. A warning (a report with the warning extension) is written as a draft,
 * decided (warn these audiences, or waive with a justification), and takes effect only when a
 * second producer user approves. Approval releases it into the chosen audiences' views; each
 * later step (window lapsed, extended, retired) is a new version of the report, which the views
 * pick up in the same transaction. Every step is recorded in the disclosure record.
 *
 * <p>Past 500 lines because a warning's steps are one state machine: each step's
 * preconditions, its record entry and what it releases depend on the same state and are read
 * together; the gate and the feedback rules, which do not, live beside it.
 */
public final class WarningService {

    /** Justifications for waiving the duty to warn. */
    public static final Set<String> WAIVER_REASONS = Set.of(
            "target-already-knows",
            "endangers-sources",
            "endangers-methods",
            "endangers-operations",
            "no-means-to-deliver",
            "other");

    private static final Set<State> OPEN = EnumSet.of(State.DRAFT, State.DECIDED, State.WARNED, State.WAIVED);

    private final Store store;
    private final ObjectService objects;
    private final Disclosures disclosures;
    private final Clock clock;
    private final Duration retrievalDeadline;
    private final AlertEvents alerts;

    public WarningService(
            Store store, ObjectService objects, Disclosures disclosures, Clock clock, Duration retrievalDeadline) {
        this(store, objects, disclosures, clock, retrievalDeadline, AlertEvents.NONE);
    }

    /** As above, raising alerts for lapses and unretrieved warnings with {@code alerts}. */
    public WarningService(
            Store store,
            ObjectService objects,
            Disclosures disclosures,
            Clock clock,
            Duration retrievalDeadline,
            AlertEvents alerts) {
        this.store = store;
        this.objects = objects;
        this.disclosures = disclosures;
        this.clock = clock;
        this.retrievalDeadline = retrievalDeadline;
        this.alerts = alerts;
    }

    // --- transitions -------------------------------------------------------------------

    /**
     * Writes a new warning as a draft into a source collection. The report must carry the
     * warning extension with both confidences and an urgency; its status becomes "draft".
     */
    public WarningRecord create(Principal who, String collectionId, JsonNode reportJson) {
        requireProducer(who);
        if (!(reportJson instanceof ObjectNode report)) {
            throw new BadRequestException("a warning is a STIX report: a JSON object");
        }
        List<String> problems = WarningExtension.problems(report);
        if (!problems.isEmpty()) {
            throw new UnprocessableException("not a valid warning: " + String.join("; ", problems));
        }
        String id = report.path("id").asText();
        ObjectNode ext = WarningExtension.of(report).orElseThrow();
        ext.put("extension_type", "property-extension");
        ext.put("status", WarningExtension.DRAFT);
        ext.remove("retirement_reason");
        ext.remove("material_withheld");
        Instant now = clock.instant();
        Instant windowEnd = WarningExtension.time(ext, "threat_window_end").orElse(null);
        CollectionInfo c = store.read(tx -> tx.collections()
                        .findCollection(collectionId)
                        .or(() -> tx.collections().allCollections().stream()
                                .filter(x -> collectionId.equals(x.alias()))
                                .findFirst()))
                .orElseThrow(() -> new NotFoundException("collection " + Echo.quote(collectionId) + " does not exist"));
        if (c.kind() != CollectionKind.SOURCE) {
            throw new BadRequestException("a warning is written into a source collection; " + Echo.quote(collectionId)
                    + " is a " + c.kind().dbName() + " collection");
        }
        // The version written here is the warning's own, not one awaiting a new decision.
        String version = StixObjects.version(report).map(StixTimestamp::key).orElse(null);
        WarningRecord w = WarningRecord.draft(id, c.id(), who.name(), now)
                .withWindowEnd(windowEnd)
                .withApprovedVersion(version);
        objects.writeVersion(who.name(), c.id(), report, tx -> {
            if (!Access.of(tx, who, c).canWrite()) {
                throw new PermissionDeniedException(
                        "user '" + who.name() + "' may not write" + " to collection '" + c.id() + "'");
            }
            tx.warnings().createWarning(w);
            record(tx, "warning-created", who, w, detail(w).put("collection", c.id()));
        });
        return w;
    }

    /** Decides to warn the given audiences (and optionally a public advisory audience). */
    public WarningRecord decideWarn(Principal who, String id, List<String> audiences, String publicAudience) {
        requireProducer(who);
        if (audiences.isEmpty() && publicAudience == null) {
            throw new BadRequestException("a decision to warn names at least one audience");
        }
        return transition(
                id,
                "warning-decided",
                who,
                w -> {
                    requireState(w, "be decided", State.DRAFT, State.DECIDED);
                    return w.with(State.DECIDED, f -> {
                        List<String> all = new ArrayList<>(new LinkedHashSet<>(audiences));
                        if (publicAudience != null && !all.contains(publicAudience)) {
                            all.add(publicAudience);
                        }
                        f.decision = "warn";
                        f.audiences = all;
                        f.publicAudience = publicAudience;
                        f.waiverReason = null;
                        f.waiverText = null;
                        f.decidedBy = who.name();
                        f.decidedAt = clock.instant();
                        f.decisionId = newDecisionId();
                        return f;
                    });
                },
                (tx, w) -> {
                    for (String a : w.audiences()) {
                        if (tx.releaseViews().findAudience(a).isEmpty()) {
                            throw new NotFoundException("audience " + Echo.quote(a) + " does not exist");
                        }
                    }
                });
    }

    /** Decides to waive the duty to warn, with a justification from the fixed list. */
    public WarningRecord decideWaive(Principal who, String id, String reason, String text) {
        requireProducer(who);
        if (!WAIVER_REASONS.contains(reason)) {
            throw new BadRequestException("waiver reason " + Echo.quote(reason) + " is not one of "
                    + String.join(", ", WAIVER_REASONS.stream().sorted().toList()));
        }
        if (reason.equals("other") && (text == null || text.isBlank())) {
            throw new BadRequestException("a waiver for reason 'other' needs a text saying why");
        }
        return transition(
                id,
                "warning-decided",
                who,
                w -> {
                    requireState(w, "be decided", State.DRAFT, State.DECIDED);
                    return w.with(State.DECIDED, f -> {
                        f.decision = "waive";
                        f.audiences = List.of();
                        f.publicAudience = null;
                        f.waiverReason = reason;
                        f.waiverText = text;
                        f.decidedBy = who.name();
                        f.decidedAt = clock.instant();
                        f.decisionId = newDecisionId();
                        return f;
                    });
                },
                (tx, w) -> {});
    }

    /**
     * Approves the pending decision, named by its id: an approval is bound to the decision
     * the approver was shown, and a decision changed meanwhile is refused. The approver must be
     * a producer user other than the decision's author and the warning's author. A warn
     * decision releases the warning's latest version now (a new version of a released one
     * included; a version that says it is retired retires the warning).
     */
    public WarningRecord approve(Principal who, String id, String decisionId) {
        requireProducer(who);
        WarningRecord current = find(id);
        requireState(current, "be approved", State.DECIDED);
        if (who.name().equals(current.decidedBy())
                || who.name().equals(current.author())
                || who.name().equals(current.revisedBy())) {
            throw new PermissionDeniedException("user '" + who.name() + "' wrote this "
                    + (who.name().equals(current.decidedBy())
                            ? "decision"
                            : who.name().equals(current.author()) ? "warning" : "version of the warning")
                    + " and cannot approve it: a second person must");
        }
        if (decisionId == null || decisionId.isBlank()) {
            throw new BadRequestException("an approval names the decision it approves: give"
                    + " the decision's id (decision_id), as the warning shows it");
        }
        if (!decisionId.equals(current.decisionId())) {
            throw new ConflictException("warning '" + id + "' has decision '"
                    + current.decisionId() + "' (" + describe(current) + "), not "
                    + Echo.quote(decisionId) + ": the decision changed after it was shown;"
                    + " look at it again and approve it by its id");
        }
        boolean warn = "warn".equals(current.decision());
        if (!warn) {
            WarningRecord next = current.with(State.WAIVED, f -> {
                f.approvedBy = who.name();
                f.approvedAt = clock.instant();
                return f;
            });
            return store.write(tx -> {
                commit(tx, current, next);
                record(tx, "warning-waived", who, next, detail(next));
                return next;
            });
        }
        // What was decided on is the latest version: its window, and its retirement if it
        // says so (a retirement written directly takes effect only once approved).
        ObjectNode latest = latestReport(current);
        ObjectNode ext = WarningExtension.of(latest).orElseThrow();
        String reason = WarningExtension.RETIRED.equals(ext.path("status").asText())
                        && WarningExtension.RETIREMENT_REASONS.contains(
                                ext.path("retirement_reason").asText())
                ? ext.path("retirement_reason").asText()
                : null;
        Instant windowEnd = WarningExtension.time(ext, "threat_window_end").orElse(current.windowEnd());
        WarningRecord next = current.with(reason != null ? State.RETIRED : State.WARNED, f -> {
            f.approvedBy = who.name();
            f.approvedAt = clock.instant();
            f.windowEnd = windowEnd;
            f.lapsedAt = null;
            if (reason != null) {
                f.retiredReason = reason;
                f.retiredBy = current.decidedBy();
                f.retiredAt = clock.instant();
            }
            return f;
        });
        return publish(
                who,
                current,
                next,
                latest,
                reason != null ? WarningExtension.RETIRED : WarningExtension.ACTIVE,
                reason,
                (tx, done) -> {
                    tx.warnings().setWarningAudiences(id, done.audiences());
                    record(tx, "warning-approved", who, done, detail(done));
                });
    }

    /** Moves the end of the threat window; the warning is active (not lapsed) again. */
    public WarningRecord extend(Principal who, String id, Instant until) {
        requireProducer(who);
        WarningRecord current = find(id);
        requireState(current, "be extended", State.WARNED);
        if (!until.isAfter(clock.instant())) {
            throw new BadRequestException(
                    "the new end of the window, " + StixTimestamp.format(until) + ", is not in the future");
        }
        WarningRecord next = current.with(State.WARNED, f -> {
            f.windowEnd = until;
            f.lapsedAt = null;
            return f;
        });
        return publish(
                who,
                current,
                next,
                approvedReport(current),
                WarningExtension.ACTIVE,
                null,
                (tx, done) -> record(
                        tx, "warning-extended", who, done, detail(done).put("until", StixTimestamp.format(until))));
    }

    /** Retires the warning with a reason; audiences that had it see that it is retired. */
    public WarningRecord retire(Principal who, String id, String reason) {
        requireProducer(who);
        if (!WarningExtension.RETIREMENT_REASONS.contains(reason)) {
            throw new BadRequestException("retirement reason " + Echo.quote(reason)
                    + " is not one of "
                    + String.join(
                            ", ",
                            WarningExtension.RETIREMENT_REASONS.stream()
                                    .sorted()
                                    .toList()));
        }
        WarningRecord current = find(id);
        requireState(current, "be retired", State.DRAFT, State.DECIDED, State.WARNED, State.WAIVED);
        WarningRecord next = current.with(State.RETIRED, f -> {
            f.retiredReason = reason;
            f.retiredBy = who.name();
            f.retiredAt = clock.instant();
            return f;
        });
        return publish(
                who,
                current,
                next,
                approvedReport(current),
                WarningExtension.RETIRED,
                reason,
                (tx, done) -> record(tx, "warning-retired", who, done, detail(done)));
    }

    /**
     * Marks every warning whose window has ended, and which is not retired, as window lapsed:
     * still active, its released version saying so, and queued for reassessment. Each lapse
     * happens once, whichever node gets there first. Returns the ids that lapsed now.
     */
    public List<String> checkWindows() {
        Instant now = clock.instant();
        List<String> lapsed = new ArrayList<>();
        for (WarningRecord w : store.read(tx -> tx.warnings().warnings(EnumSet.of(State.WARNED)))) {
            if (w.windowEnd() == null || w.lapsedAt() != null || w.windowEnd().isAfter(now)) {
                continue;
            }
            WarningRecord next = w.with(State.WARNED, f -> {
                f.lapsedAt = now;
                return f;
            });
            try {
                publish(null, w, next, approvedReport(w), WarningExtension.WINDOW_LAPSED, null, (tx, done) -> {
                    record(
                            tx,
                            "warning-window-lapsed",
                            null,
                            done,
                            detail(done).put("window_end", StixTimestamp.format(w.windowEnd())));
                    alerts.raise(
                            tx,
                            WarningAlerts.event(
                                    tx,
                                    AlertKind.WINDOW_LAPSED,
                                    "window-lapsed:" + w.id() + ":" + StixTimestamp.format(w.windowEnd()),
                                    done,
                                    done.audiences(),
                                    now,
                                    "the threat window ended " + StixTimestamp.format(w.windowEnd())
                                            + " and the warning is not retired: reassess, extend or retire"));
                });
                lapsed.add(w.id());
            } catch (ConflictException e) {
                // Another node made this transition first.
            }
        }
        return lapsed;
    }

    /**
     * Raises an alert for each audience that has not retrieved a warning within the retrieval
     * deadline after its approval: once per audience and approved version, however often this
     * runs and on however many nodes (the outbox keeps one per event). Returns how many
     * audiences are overdue.
     */
    public int checkRetrievals() {
        Instant now = clock.instant();
        return store.write(tx -> {
            int overdue = 0;
            for (WarningRecord w : tx.warnings().warnings(EnumSet.of(State.WARNED))) {
                if (w.approvedAt() == null
                        || !w.approvedAt().plus(retrievalDeadline).isBefore(now)) {
                    continue;
                }
                for (String a : w.audiences()) {
                    if (retrieved(tx, a, w.id())) {
                        continue;
                    }
                    overdue++;
                    alerts.raise(
                            tx,
                            WarningAlerts.event(
                                    tx,
                                    AlertKind.NOT_RETRIEVED,
                                    "not-retrieved:" + w.id() + ":" + a + ":" + w.approvedVersion(),
                                    w,
                                    List.of(a),
                                    now,
                                    "audience " + a + " has not retrieved it " + retrievalDeadline.toMinutes()
                                            + " minutes after approval (approved "
                                            + StixTimestamp.format(w.approvedAt()) + ")"));
                }
            }
            return overdue;
        });
    }

    // --- reading -----------------------------------------------------------------------

    /** Every warning, the newest first. */
    public List<WarningRecord> list() {
        List<WarningRecord> all = new ArrayList<>(store.read(tx -> tx.warnings().warnings(EnumSet.allOf(State.class))));
        all.sort(Comparator.comparing(WarningRecord::created).reversed());
        return all;
    }

    /** The name of each warning's current report, by warning id. */
    public Map<String, String> names(List<WarningRecord> ws) {
        Map<String, List<String>> byCollection = new HashMap<>();
        ws.forEach(w -> byCollection
                .computeIfAbsent(w.collectionId(), k -> new ArrayList<>())
                .add(w.id()));
        Map<String, String> out = new HashMap<>();
        store.read(tx -> {
            byCollection.forEach((c, ids) -> tx.objects()
                    .latestObjects(List.of(c), ids)
                    .forEach((id, o) -> {
                        JsonNode name = parse(o.json()).get("name");
                        if (name != null && name.isTextual()) {
                            out.put(id, name.asText());
                        }
                    }));
            return null;
        });
        return out;
    }

    /** One warning's record. */
    public WarningRecord find(String id) {
        return store.read(tx -> tx.warnings().findWarning(id))
                .orElseThrow(() -> new NotFoundException("warning " + Echo.quote(id) + " does not exist"));
    }

    /**
     * Everything about one warning: its record, its current report, and per audience what was
     * released, who retrieved it and when, and the feedback.
     */
    public ObjectNode show(String id) {
        return store.read(tx -> {
            WarningRecord w = tx.warnings()
                    .findWarning(id)
                    .orElseThrow(() -> new NotFoundException("warning " + Echo.quote(id) + " does not exist"));
            ObjectNode out = StixJson.mapper().createObjectNode();
            out.put("id", w.id());
            out.put("state", w.state().label());
            out.put("window_lapsed", w.lapsedAt() != null);
            out.set("record", detail(w));
            tx.objects().latestObjects(List.of(w.collectionId()), List.of(id)).values().stream()
                    .findFirst()
                    .ifPresent(o -> out.set("report", parse(o.json())));
            ArrayNode deliveries = out.putArray("audiences");
            for (String a : w.audiences()) {
                ObjectNode d = deliveries.addObject();
                d.put("audience", a);
                Optional<AudienceRecord> ar = tx.releaseViews().findAudience(a);
                ReleaseState s = tx.releaseViews().releaseStates(a, List.of(id)).get(id);
                d.put("released", s != null && s.disclosed());
                if (s != null) {
                    d.put("released_id", s.releasedId());
                    d.put("status", s.status().dbName());
                    ArrayNode receipts = d.putArray("retrieved_by");
                    ar.ifPresent(r -> tx.record()
                            .receiptsOf(r.viewCollectionId(), s.releasedId())
                            .forEach(rc -> receipts.addObject()
                                    .put("user", rc.account())
                                    .put("version", rc.version())
                                    .put("at", StixTimestamp.formatMicros(rc.retrievedAt()))));
                }
            }
            ArrayNode feedback = out.putArray("feedback");
            for (FeedbackRecord f : tx.warnings().feedbackOn(id)) {
                feedback.addObject()
                        .put("audience", f.audience())
                        .put("user", f.account())
                        .put("kind", f.kind())
                        .put("opinion", f.opinion())
                        .put("dismissal", f.isDismissal())
                        .put("at", StixTimestamp.formatMicros(f.postedAt()));
            }
            return out;
        });
    }

    /**
     * What needs a person: drafts awaiting a decision, decisions awaiting approval, warnings
     * an audience has not retrieved within the deadline, dismissals, and lapsed windows.
     */
    public ArrayNode queue() {
        return store.read(tx -> {
            ArrayNode items = StixJson.mapper().createArrayNode();
            Instant now = clock.instant();
            for (WarningRecord w : tx.warnings().warnings(OPEN)) {
                if (w.state() == State.DRAFT && w.approvedBy() != null) {
                    item(
                            items,
                            w,
                            "awaiting-decision",
                            "a new version of a warning decided"
                                    + " before awaits a decision and a second person's approval; its"
                                    + " audiences keep the approved version meanwhile");
                } else if (w.state() == State.DRAFT) {
                    item(
                            items,
                            w,
                            "awaiting-decision",
                            "written by " + w.author()
                                    + "; decide to warn or to waive"
                                    + (w.windowEnd() == null
                                            ? ""
                                            : ", before the window ends " + StixTimestamp.format(w.windowEnd())));
                }
                if (w.state() == State.DECIDED) {
                    item(
                            items,
                            w,
                            "awaiting-approval",
                            "decided " + w.decision() + " by " + w.decidedBy() + "; needs a second user's approval");
                }
                if (w.state() != State.WARNED) {
                    continue;
                }
                if (w.lapsedAt() != null) {
                    item(
                            items,
                            w,
                            "window-lapsed",
                            "window ended "
                                    + StixTimestamp.format(w.windowEnd()) + "; reassess: extend or"
                                    + " retire");
                }
                if (w.approvedAt() != null
                        && w.approvedAt().plus(retrievalDeadline).isBefore(now)) {
                    for (String a : w.audiences()) {
                        if (!retrieved(tx, a, w.id())) {
                            item(
                                            items,
                                            w,
                                            "not-retrieved",
                                            "audience " + a + " has not"
                                                    + " retrieved it " + retrievalDeadline.toMinutes()
                                                    + " minutes after approval")
                                    .put("audience", a);
                        }
                    }
                }
                for (FeedbackRecord f : tx.warnings().feedbackOn(w.id())) {
                    if (f.isDismissal()) {
                        item(
                                        items,
                                        w,
                                        "dismissed",
                                        f.account() + " of " + f.audience() + " answered '" + f.opinion() + "'")
                                .put("audience", f.audience());
                    }
                }
            }
            return items;
        });
    }

    private static ObjectNode item(ArrayNode items, WarningRecord w, String kind, String why) {
        ObjectNode i = items.addObject();
        i.put("warning", w.id());
        i.put("kind", kind);
        i.put("why", why);
        return i;
    }

    private static boolean retrieved(StoreTx tx, String audience, String warningId) {
        ReleaseState s =
                tx.releaseViews().releaseStates(audience, List.of(warningId)).get(warningId);
        Optional<AudienceRecord> a = tx.releaseViews().findAudience(audience);
        return s != null
                && a.isPresent()
                && !tx.record()
                        .receiptsOf(a.get().viewCollectionId(), s.releasedId())
                        .isEmpty();
    }

    /**
     * Every step of a warning, in order, with time and actor: its own transitions, its
     * releases into each view, each partner's retrievals, and feedback. Drawn from the
     * disclosure record.
     */
    public ArrayNode timeline(String id) {
        return store.read(tx -> {
            WarningRecord w = tx.warnings()
                    .findWarning(id)
                    .orElseThrow(() -> new NotFoundException("warning " + Echo.quote(id) + " does not exist"));
            Map<Long, AuditEntry> entries = new TreeMap<>();
            tx.record()
                    .forEachAuditEntry(
                            new AuditQuery(Optional.empty(), Optional.of(id), Optional.empty(), Optional.empty()),
                            e -> entries.put(e.seq(), e));
            for (String a : w.audiences()) {
                ReleaseState s = tx.releaseViews().releaseStates(a, List.of(id)).get(id);
                if (s != null) {
                    tx.record()
                            .forEachAuditEntry(
                                    new AuditQuery(
                                            Optional.of(a),
                                            Optional.of(s.releasedId()),
                                            Optional.empty(),
                                            Optional.empty()),
                                    e -> entries.put(e.seq(), e));
                }
            }
            ArrayNode out = StixJson.mapper().createArrayNode();
            for (AuditEntry e : entries.values()) {
                ObjectNode n = out.addObject();
                n.put("at", StixTimestamp.formatMicros(e.at()));
                n.put("event", e.kind());
                n.put("actor", e.actor());
                if (e.audience() != null) {
                    n.put("audience", e.audience());
                }
                n.put("entry", e.seq());
                n.set("detail", parse(e.detail()));
            }
            return out;
        });
    }

    // --- plumbing ----------------------------------------------------------------------

    private interface Change {
        WarningRecord apply(WarningRecord current);
    }

    private interface Check {
        void accept(StoreTx tx, WarningRecord next);
    }

    /** A transition that changes only the record (no new report version). */
    private WarningRecord transition(String id, String kind, Principal who, Change change, Check check) {
        return store.write(tx -> {
            WarningRecord current = tx.warnings()
                    .findWarning(id)
                    .orElseThrow(() -> new NotFoundException("warning " + Echo.quote(id) + " does not exist"));
            WarningRecord next = change.apply(current);
            check.accept(tx, next);
            commit(tx, current, next);
            record(tx, kind, who, next, detail(next));
            return next;
        });
    }

    private static void commit(StoreTx tx, WarningRecord current, WarningRecord next) {
        if (!tx.warnings().updateWarning(next, current.revision())) {
            throw new ConflictException(
                    "warning '" + current.id() + "' changed meanwhile; look" + " at it again and retry");
        }
    }

    /**
     * A transition that publishes a new version of the report with the partner-facing status
     * (and window), in one transaction with the record's change: the views that draw on the
     * report's collection are updated in the same transaction. The version is built on
     * {@code base} (the approved version, or for an approval the version decided on) and is
     * later than every stored one; it becomes the warning's approved version. Returns the
     * record as committed.
     */
    private WarningRecord publish(
            Principal who,
            WarningRecord current,
            WarningRecord next,
            ObjectNode base,
            String status,
            String retirementReason,
            BiConsumer<StoreTx, WarningRecord> also) {
        ObjectNode report = base.deepCopy();
        ObjectNode ext = WarningExtension.of(report).orElseThrow();
        ext.put("status", status);
        if (retirementReason != null) {
            ext.put("retirement_reason", retirementReason);
        } else {
            ext.remove("retirement_reason");
        }
        if (next.windowEnd() != null) {
            ext.put("threat_window_end", StixTimestamp.format(next.windowEnd()));
        }
        Instant previous = StixObjects.version(latestReport(current)).orElse(Instant.EPOCH);
        Instant own = StixObjects.version(report).orElse(Instant.EPOCH);
        if (own.isAfter(previous)) {
            previous = own;
        }
        Instant modified = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!modified.isAfter(previous)) {
            modified = previous.plusMillis(1);
        }
        report.put("modified", StixTimestamp.format(modified));
        WarningRecord done = next.withApprovedVersion(StixTimestamp.key(modified));
        objects.writeVersion(who == null ? "(tearline)" : who.name(), current.collectionId(), report, tx -> {
            commit(tx, current, done);
            also.accept(tx, done);
        });
        return done;
    }

    /** The latest version of a warning's report. */
    private ObjectNode latestReport(WarningRecord w) {
        StoredObject latest = store.read(tx -> tx.objects().latestObjects(List.of(w.collectionId()), List.of(w.id())))
                .get(w.id());
        if (latest == null) {
            throw new NotFoundException("the report of warning '" + w.id() + "' is no longer in its collection");
        }
        return parse(latest.json());
    }

    /**
     * The version of a warning's report its own steps last wrote: what its audiences have.
     * A later version written directly awaits its own decision, so a step (extension, lapse,
     * retirement) is built on this one and never carries that version to partners.
     */
    private ObjectNode approvedReport(WarningRecord w) {
        // Never approved: no audience has any version, and later drafts are the producer's.
        if (w.approvedVersion() == null || w.approvedBy() == null) {
            return latestReport(w);
        }
        ObjectFilter f = new ObjectFilter(
                Set.of(w.id()),
                Set.of(),
                new VersionSelector(false, false, false, Set.of(w.approvedVersion())),
                Set.of(),
                Optional.empty());
        List<StoredObject> found = store.read(tx -> tx.objects()
                .findObjects(w.collectionId(), f, new PageRequest(1, Optional.empty(), Long.MAX_VALUE))
                .items());
        return found.isEmpty() ? latestReport(w) : parse(found.get(0).json());
    }

    /**
     * Called inside every write to a source collection: a warning's report written there other
     * than by the warning's own steps (over TAXII, say) is a new version that must be decided
     * and approved again, exactly like the first. Its audiences keep the approved version
     * meanwhile (see {@link WarningGate}); a pending decision is void, since it was taken on
     * another version. Recorded as a warning step. Costs nothing when no report changed.
     */
    public static void versionsWritten(
            StoreTx tx,
            Disclosures disclosures,
            AlertEvents alerts,
            String collectionId,
            Collection<String> ids,
            String actor) {
        List<String> reports = new ArrayList<>();
        for (String id : ids) {
            if (id.startsWith("report--")) {
                reports.add(id);
            }
        }
        if (reports.isEmpty()) {
            return;
        }
        Map<String, WarningRecord> warnings = tx.warnings().findWarnings(reports);
        if (warnings.isEmpty()) {
            return;
        }
        Map<String, StoredObject> latest = tx.objects().latestObjects(List.of(collectionId), warnings.keySet());
        List<AuditEvent> events = new ArrayList<>();
        for (WarningRecord w : warnings.values()) {
            StoredObject o = latest.get(w.id());
            if (o == null || o.record().versionKey().equals(w.approvedVersion())) {
                continue;
            }
            WarningRecord next = w.with(State.DRAFT, f -> {
                f.decisionId = null;
                f.revisedBy = actor;
                return f;
            });
            commit(tx, w, next);
            ObjectNode d = detail(next);
            d.put("previous_state", w.state().label());
            d.put("collection", collectionId);
            d.put(
                    "version",
                    StixTimestamp.format(
                            StixTimestamp.parse(o.record().versionKey()).orElseThrow()));
            d.put(
                    "awaiting",
                    "a decision and a second person's approval; until then its"
                            + " audiences keep the approved version");
            events.add(new AuditEvent("warning-new-version", actor, null, w.id(), d, Set.of(w.id())));
            alerts.raise(
                    tx,
                    WarningAlerts.event(
                            tx,
                            AlertKind.NEW_VERSION,
                            "new-version:" + w.id() + ":" + o.record().versionKey(),
                            next,
                            next.audiences(),
                            o.record().dateAdded(),
                            "a new version was written by " + actor
                                    + "; it awaits a decision and a second person's approval"));
        }
        disclosures.record(tx, events);
    }

    private static String newDecisionId() {
        return "decision--" + UUID.randomUUID();
    }

    /** A decision in words, for messages. */
    private static String describe(WarningRecord w) {
        return w.decision() + ("warn".equals(w.decision()) ? " " + String.join(", ", w.audiences()) : "")
                + ", decided by " + w.decidedBy();
    }

    private void record(StoreTx tx, String kind, Principal who, WarningRecord w, ObjectNode detail) {
        disclosures.record(
                tx,
                List.of(new AuditEvent(
                        kind, who == null ? "(tearline)" : who.name(), null, w.id(), detail, Set.of(w.id()))));
    }

    private static ObjectNode detail(WarningRecord w) {
        ObjectNode d = StixJson.mapper().createObjectNode();
        d.put("state", w.state().label());
        d.put("author", w.author());
        if (w.decision() != null) {
            d.put("decision", w.decision());
            d.put("decided_by", w.decidedBy());
        }
        if (w.decisionId() != null) {
            d.put("decision_id", w.decisionId());
        }
        if (w.approvedVersion() != null) {
            d.put(
                    "approved_version",
                    StixTimestamp.format(
                            StixTimestamp.parse(w.approvedVersion()).orElseThrow()));
        }
        if (!w.audiences().isEmpty()) {
            w.audiences().forEach(d.putArray("audiences")::add);
        }
        if (w.publicAudience() != null) {
            d.put("public_audience", w.publicAudience());
        }
        if (w.waiverReason() != null) {
            d.put("waiver_reason", w.waiverReason());
            if (w.waiverText() != null) {
                d.put("waiver_text", w.waiverText());
            }
        }
        if (w.approvedBy() != null) {
            d.put("approved_by", w.approvedBy());
        }
        if (w.windowEnd() != null) {
            d.put("window_end", StixTimestamp.format(w.windowEnd()));
        }
        if (w.lapsedAt() != null) {
            d.put("lapsed_at", StixTimestamp.format(w.lapsedAt()));
        }
        if (w.retiredReason() != null) {
            d.put("retired_reason", w.retiredReason());
            d.put("retired_by", w.retiredBy());
        }
        return d;
    }

    private static void requireState(WarningRecord w, String action, State... allowed) {
        for (State s : allowed) {
            if (w.state() == s) {
                return;
            }
        }
        throw new ConflictException("warning '" + w.id() + "' is " + w.state().label()
                + " and cannot " + action + " (only when "
                + String.join(" or ", Arrays.stream(allowed).map(State::label).toList()) + ")");
    }

    private static void requireProducer(Principal who) {
        if (!who.isProducer()) {
            throw new PermissionDeniedException("only the producer's users manage warnings");
        }
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) StixJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
