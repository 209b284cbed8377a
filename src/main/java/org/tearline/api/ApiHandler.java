package org.tearline.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.tearline.audit.AuditService;
import org.tearline.audit.SignedHeads;
import org.tearline.auth.Authenticator;
import org.tearline.auth.Principal;
import org.tearline.domain.AuditKey;
import org.tearline.domain.WarningRecord;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.MethodNotAllowedException;
import org.tearline.error.NotFoundException;
import org.tearline.error.PayloadTooLargeException;
import org.tearline.error.PermissionDeniedException;
import org.tearline.http.QueryString;
import org.tearline.http.Reply;
import org.tearline.intake.IntakeService;
import org.tearline.peer.PeerService;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.taxii.JsonBodies;
import org.tearline.warning.WarningService;

/** Serves {@code /api/...}. */
public final class ApiHandler {

    /** Largest request body the API reads. */
    private static final int MAX_BODY = 1024 * 1024;

    private final Authenticator authenticator;
    private final AuditService audit;
    private final WarningService warnings;
    private final IntakeApi intake;
    private final PeerService peers;
    private final Clock clock;
    private final String issuer;

    public ApiHandler(
            Authenticator authenticator,
            AuditService audit,
            WarningService warnings,
            IntakeService intake,
            PeerService peers,
            Clock clock,
            String issuer) {
        this.authenticator = authenticator;
        this.intake = new IntakeApi(intake);
        this.warnings = warnings;
        this.peers = peers;
        this.audit = audit;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** Handles a request whose path starts with /api. */
    public Reply handle(Request request, List<String> segments) throws IOException {
        ApiRoute route = ApiRoute.parse(segments);
        if (route instanceof ApiRoute.Queue) {
            allow(request, "GET");
            Principal who = authenticate(request);
            requireProducer(who);
            ObjectNode out = StixJson.mapper().createObjectNode();
            out.set("items", warnings.queue());
            return reply(bytes(out), "api-queue", who);
        }
        if (route instanceof ApiRoute.Keys) {
            allow(request, "GET");
            return reply(keys(), "api-keys", null);
        }
        if (route instanceof ApiRoute.Receipts) {
            allow(request, "GET");
            Principal who = authenticate(request);
            Map<String, String> q = query(request);
            Instant from = time(q.get("from"), "from", Instant.EPOCH);
            Instant to = time(q.get("to"), "to", clock.instant().plusSeconds(1));
            if (!from.isBefore(to)) {
                throw new BadRequestException("'from' must be before 'to'");
            }
            ObjectNode statement = audit.statement(who.name(), from, to, issuer);
            return reply(bytes(statement), "api-receipts", who);
        }
        if (route instanceof ApiRoute.RecordProofs r) {
            allow(request, "GET");
            Principal who = authenticate(request);
            return reply(bytes(record(r.what(), query(request), who)), "api-record", who);
        }
        if (route instanceof ApiRoute.Provenance p) {
            allow(request, "GET");
            Principal who = authenticate(request);
            requireProducer(who);
            return reply(bytes(peers.provenanceJson(p.objectId())), "api-provenance", who);
        }
        if (route instanceof ApiRoute.Unknown) {
            throw new NotFoundException("no API endpoint at this path");
        }
        if (route instanceof ApiRoute.Intake i) {
            Principal who = authenticate(request);
            requireProducer(who);
            ObjectNode out = intake.handle(request, who, i);
            int status = i.id() == null && request.getMethod().equals("POST") ? 201 : 200;
            return new Reply(status, "application/json", bytes(out), Map.of(), "api-intake", who.name());
        }
        Principal who = authenticate(request);
        requireProducer(who);
        return reply(bytes(warning(request, who, route)), "api-warnings", who);
    }

    /** The record's signed head and its proofs (RFC 9162), for any signed-in user. */
    private ObjectNode record(String what, Map<String, String> q, Principal who) {
        return switch (what) {
            case "head" ->
                SignedHeads.json(audit.tree()
                        .latest()
                        .orElseThrow(() -> new NotFoundException("the record has no signed head yet")));
            case "consistency" -> audit.tree().consistency(size(q, "from"), size(q, "to"));
            case "proof" -> audit.tree().inclusion(size(q, "entry"), who.name(), who.isProducer());
            default -> throw new NotFoundException("no API endpoint at this path");
        };
    }

    private static long size(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            throw new BadRequestException("'" + name + "' is required (a number)");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadRequestException("'" + name + "' must be a number, not " + Echo.quote(v));
        }
    }

    private static Reply reply(byte[] body, String endpoint, Principal who) {
        return new Reply(200, "application/json", body, Map.of(), endpoint, who == null ? null : who.name());
    }

    private Principal authenticate(Request request) {
        return authenticator.authenticate(
                request.getHeaders().get(HttpHeader.AUTHORIZATION), Request.getRemoteAddr(request));
    }

    private static void requireProducer(Principal who) {
        if (!who.isProducer()) {
            throw new PermissionDeniedException("only the producer's users use this endpoint");
        }
    }

    /** /api/warnings, /api/warnings/{id}, /api/warnings/{id}/{action}. */
    private ObjectNode warning(Request request, Principal who, ApiRoute route) throws IOException {
        if (route instanceof ApiRoute.NewWarning) {
            allow(request, "POST");
            JsonNode body = body(request);
            String collection = text(body, "collection");
            JsonNode report = body.get("report");
            if (report == null) {
                throw new BadRequestException("the body needs 'report': the warning's STIX" + " report");
            }
            return record(warnings.create(who, collection, report));
        }
        if (route instanceof ApiRoute.Warning w) {
            allow(request, "GET");
            return warnings.show(w.id());
        }
        if (route instanceof ApiRoute.Timeline t) {
            allow(request, "GET");
            ObjectNode out = StixJson.mapper().createObjectNode();
            out.set("events", warnings.timeline(t.id()));
            return out;
        }
        if (!(route instanceof ApiRoute.WarningAction step)) {
            throw new NotFoundException("no API endpoint at this path");
        }
        String id = step.id();
        String action = step.action();
        allow(request, "POST");
        JsonNode body = body(request);
        WarningRecord w = switch (action) {
            case "decide" -> {
                if (body.has("waive")) {
                    yield warnings.decideWaive(
                            who, id, text(body, "waive"), body.path("text").asText(null));
                }
                List<String> to = new ArrayList<>();
                JsonNode warn = body.get("warn");
                if (warn == null || !warn.isArray()) {
                    throw new BadRequestException(
                            "decide needs 'warn' (a list of audiences) or" + " 'waive' (a reason)");
                }
                warn.forEach(a -> to.add(a.asText()));
                yield warnings.decideWarn(who, id, to, body.path("public").asText(null));
            }
            case "approve" -> warnings.approve(who, id, body.path("decision_id").asText(null));
            case "extend" -> warnings.extend(who, id, time(text(body, "until"), "until", null));
            case "retire" -> warnings.retire(who, id, text(body, "reason"));
            default -> throw new NotFoundException("no warning action " + Echo.quote(action));
        };
        return record(w);
    }

    private static ObjectNode record(WarningRecord w) {
        ObjectNode n = StixJson.mapper().createObjectNode();
        n.put("id", w.id());
        n.put("state", w.state().label());
        if (w.decision() != null) {
            n.put("decision", w.decision());
        }
        if (w.decisionId() != null) {
            n.put("decision_id", w.decisionId());
        }
        w.audiences().forEach(a -> n.withArray("audiences").add(a));
        n.put("window_lapsed", w.lapsedAt() != null);
        return n;
    }

    private static String text(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new BadRequestException("the body needs '" + name + "' (text)");
        }
        return v.asText();
    }

    private static JsonNode body(Request request) throws IOException {
        if (request.getLength() > MAX_BODY) {
            throw new PayloadTooLargeException("request body is larger than " + MAX_BODY + " bytes");
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new PayloadTooLargeException("request body is larger" + " than " + MAX_BODY + " bytes");
            }
            JsonNode n = StixJson.mapper().readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new BadRequestException("the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new BadRequestException(JsonBodies.describe(e));
        }
    }

    private byte[] keys() {
        ObjectNode out = StixJson.mapper().createObjectNode();
        out.put("current", audit.key().keyId());
        ArrayNode keys = out.putArray("keys");
        for (AuditKey k : audit.keys()) {
            ObjectNode n = keys.addObject();
            n.put("key_id", k.keyId());
            n.put("algorithm", "Ed25519");
            n.put("public_key", k.publicKey());
            n.put("created", StixTimestamp.formatMicros(k.created()));
            if (k.retired() != null) {
                n.put("retired", StixTimestamp.formatMicros(k.retired()));
            }
        }
        return bytes(out);
    }

    static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Instant time(String text, String name, Instant fallback) {
        if (text == null && fallback == null) {
            throw new BadRequestException("'" + name + "' is required");
        }
        if (text == null) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'" + name + "' " + Echo.quote(text) + " is not an RFC"
                    + " 3339 time such as 2026-11-23T00:00:00Z");
        }
    }

    static Map<String, String> query(Request request) {
        return QueryString.single(QueryString.parse(request, "the query string is not valid percent-encoded UTF-8"));
    }

    static void allow(Request request, String... methods) {
        MethodNotAllowedException.unless(request.getMethod(), methods);
    }
}
