package org.tearline.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.tearline.alert.channel.Delivery;
import org.tearline.domain.AlertMessage;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;

/**
 * Turns queued alerts into what a channel sends. Everything shown comes from the events'
 * payloads, which hold only identifiers, names, vocabulary and times (see {@link AlertEvent}),
 * plus a link to the console, where the recipient signs in to see more.
 */
final class Rendering {

    private final String consoleBase;

    /** {@code consoleBase} is the node's public URL, e.g. https://tearline.example.org. */
    Rendering(String consoleBase) {
        this.consoleBase = consoleBase;
    }

    /** The payload an event is queued with. */
    static String payload(AlertEvent e) {
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put("event", e.kind().label());
        if (e.subject() != null) {
            n.put("warning", e.subject());
        }
        if (e.name() != null) {
            n.put("name", e.name());
        }
        ArrayNode a = n.putArray("audiences");
        e.audiences().forEach(a::add);
        if (e.urgency() != null) {
            n.put("urgency", e.urgency());
        }
        n.put("at", StixTimestamp.format(e.at()));
        if (e.detail() != null) {
            n.put("detail", e.detail());
        }
        return n.toString();
    }

    /**
     * One delivery of {@code ms} (one alert, a digest, or a fold): {@code folded} says the
     * rate limit gathered them, so the summary reads "and N more".
     */
    Delivery delivery(String key, String account, List<AlertMessage> ms, boolean digest, boolean folded, Instant now) {
        ObjectNode doc = StixJson.mapper().createObjectNode();
        doc.put("type", "tearline-alert");
        doc.put("id", key);
        doc.put("recipient", account);
        doc.put("sent", StixTimestamp.format(now));
        doc.put("digest", digest);
        doc.put("more", ms.size() - 1);
        ArrayNode alerts = doc.putArray("alerts");
        StringBuilder text = new StringBuilder();
        for (AlertMessage m : ms) {
            ObjectNode a = parse(m.payload());
            a.put("alert", m.id());
            String link = link(a.path("warning").asText(null));
            if (link != null) {
                a.put("link", link);
            }
            alerts.add(a);
            text.append(line(a)).append('\n');
            if (link != null) {
                text.append("  ").append(link).append('\n');
            }
        }
        JsonNode first = alerts.get(0);
        String head = first.path("event").asText() + ": "
                + first.path("name").asText(first.path("warning").asText("(no warning)"));
        String subject = "[Tearline] " + head
                + (ms.size() > 1 ? " and " + (ms.size() - 1) + " more" : "")
                + (digest ? " (digest)" : "");
        String intro = folded
                ? "Alerts came faster than the rate limit for this recipient; here they are together.\n\n"
                : digest ? "Alerts since the last digest:\n\n" : "";
        return new Delivery(
                key,
                subject,
                intro + text + "\nThis alert holds no warning content: sign in to the console to see it.\n",
                doc.toString());
    }

    private static String line(JsonNode a) {
        StringBuilder b = new StringBuilder();
        b.append(a.path("at").asText()).append("  ").append(a.path("event").asText());
        if (a.has("warning")) {
            b.append("  ")
                    .append(a.path("name").asText(""))
                    .append(" (")
                    .append(a.path("warning").asText())
                    .append(')');
        }
        if (a.path("audiences").size() > 0) {
            b.append("  audience ");
            for (int i = 0; i < a.path("audiences").size(); i++) {
                b.append(i == 0 ? "" : ", ").append(a.path("audiences").get(i).asText());
            }
        }
        if (a.has("urgency")) {
            b.append("  urgency ").append(a.path("urgency").asText());
        }
        if (a.has("detail")) {
            b.append("\n  ").append(a.path("detail").asText());
        }
        return b.toString();
    }

    private String link(String warning) {
        if (warning == null || consoleBase == null) {
            return null;
        }
        return consoleBase + "/console/warnings/" + URLEncoder.encode(warning, StandardCharsets.UTF_8);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) StixJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a queued alert's payload is not JSON", e);
        }
    }
}
