package org.tearline.warning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.tearline.alert.AlertEvent;
import org.tearline.alert.AlertKind;
import org.tearline.domain.StoredObject;
import org.tearline.domain.WarningRecord;
import org.tearline.stix.StixJson;
import org.tearline.stix.WarningExtension;
import org.tearline.store.StoreTx;

/**
 * A warning's step as an alert tells it: the warning's id, its report's name and urgency (what
 * any producer user sees in the queue), the audiences concerned; nothing of its content.
 */
final class WarningAlerts {

    private WarningAlerts() {}

    static AlertEvent event(
            StoreTx tx,
            AlertKind kind,
            String key,
            WarningRecord w,
            List<String> audiences,
            Instant at,
            String detail) {
        String name = null;
        String urgency = null;
        StoredObject o = tx.objects()
                .latestObjects(List.of(w.collectionId()), List.of(w.id()))
                .get(w.id());
        if (o != null) {
            try {
                JsonNode report = StixJson.mapper().readTree(o.json());
                name = report.path("name").isTextual() ? report.path("name").asText() : null;
                JsonNode u = report.path("extensions").path(WarningExtension.ID).path("urgency");
                urgency = u.isTextual() ? u.asText() : null;
            } catch (JsonProcessingException e) {
                // A stored report is JSON; without it the alert still names the warning by id.
            }
        }
        return new AlertEvent(kind, key, w.id(), name, audiences, urgency, at, detail);
    }
}
