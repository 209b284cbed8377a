package org.tearline.warning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tearline.alert.AlertEvents;
import org.tearline.alert.AlertKind;
import org.tearline.audit.AuditEvent;
import org.tearline.audit.Disclosures;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.FeedbackRecord;
import org.tearline.domain.ReleaseState;
import org.tearline.domain.WarningRecord;
import org.tearline.error.Echo;
import org.tearline.service.ObjectService;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixObjects;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.StoreTx;

/**
 * What an audience's feedback collection takes: STIX opinions and notes about objects the
 * audience was released, named by the ids it received them under. Each is mapped back to the
 * producer's object and recorded; an opinion of disagree or strongly-disagree is a dismissal.
 * Feedback collections are never a source of any release, so one partner's feedback never
 * reaches another audience.
 */
public final class FeedbackRules implements ObjectService.CollectionRules {

    private static final Set<String> TYPES = Set.of("opinion", "note");

    private final Disclosures disclosures;
    private final AlertEvents alerts;

    public FeedbackRules(Disclosures disclosures) {
        this(disclosures, AlertEvents.NONE);
    }

    /** As above, raising an alert for each dismissal of a warning with {@code alerts}. */
    public FeedbackRules(Disclosures disclosures, AlertEvents alerts) {
        this.disclosures = disclosures;
        this.alerts = alerts;
    }

    @Override
    public Optional<String> refuse(StoreTx tx, CollectionInfo c, String who, JsonNode object) {
        if (c.kind() != CollectionKind.FEEDBACK) {
            return Optional.empty();
        }
        String type = object.path("type").asText();
        if (!TYPES.contains(type)) {
            return Optional.of(
                    "[feedback-type] a feedback collection takes opinions and notes," + " not " + Echo.quote(type));
        }
        String audience = tx.warnings().audienceOfFeedback(c.id()).orElse(null);
        if (audience == null) {
            return Optional.of("[feedback-audience] this feedback collection belongs to no" + " audience");
        }
        for (JsonNode ref : object.path("object_refs")) {
            Optional<ReleaseState> s = tx.releaseViews().releaseStateByReleasedId(audience, ref.asText());
            if (s.isEmpty() || !s.get().disclosed()) {
                return Optional.of("property 'object_refs': [feedback-target] "
                        + Echo.quote(ref.asText()) + " is not something released to you;"
                        + " feedback names objects by the ids you received them under");
            }
        }
        return Optional.empty();
    }

    @Override
    public void stored(StoreTx tx, CollectionInfo c, String who, List<JsonNode> objects, Instant now) {
        if (c.kind() != CollectionKind.FEEDBACK) {
            return;
        }
        String audience = tx.warnings().audienceOfFeedback(c.id()).orElseThrow();
        List<FeedbackRecord> records = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        for (JsonNode o : objects) {
            String type = o.path("type").asText();
            String opinion = type.equals("opinion") ? o.path("opinion").asText() : null;
            String version = StixObjects.version(o).map(StixTimestamp::format).orElse("");
            for (JsonNode ref : o.path("object_refs")) {
                ReleaseState s = tx.releaseViews()
                        .releaseStateByReleasedId(audience, ref.asText())
                        .orElseThrow();
                FeedbackRecord f = new FeedbackRecord(
                        o.path("id").asText(),
                        version,
                        audience,
                        who,
                        type,
                        opinion,
                        s.originalId(),
                        s.releasedId(),
                        now);
                records.add(f);
                ObjectNode d = StixJson.mapper().createObjectNode();
                d.put("feedback_id", f.objectId());
                d.put("feedback_version", version);
                d.put("kind", type);
                if (opinion != null) {
                    d.put("opinion", opinion);
                }
                d.put("dismissal", f.isDismissal());
                d.put("released_id", f.releasedId());
                d.put("collection", c.id());
                events.add(new AuditEvent(
                        f.isDismissal() ? "dismissal" : "feedback",
                        who,
                        audience,
                        s.originalId(),
                        d,
                        new LinkedHashSet<>(List.of(s.originalId(), s.releasedId(), f.objectId()))));
                if (f.isDismissal()) {
                    Optional<WarningRecord> w = tx.warnings().findWarning(s.originalId());
                    if (w.isPresent()) {
                        // Who answered and what: never the partner's explanation or other text.
                        alerts.raise(
                                tx,
                                WarningAlerts.event(
                                        tx,
                                        AlertKind.DISMISSAL,
                                        "dismissal:" + f.objectId() + ":" + version + ":" + s.originalId(),
                                        w.get(),
                                        List.of(audience),
                                        now,
                                        who + " of " + audience + " answered '" + opinion + "'"));
                    }
                }
            }
        }
        tx.warnings().addFeedback(records);
        disclosures.record(tx, events);
    }
}
