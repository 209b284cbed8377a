package org.tearline.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tearline.error.Echo;
import org.tearline.error.UnprocessableException;
import org.tearline.intake.extract.CandidateKind;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;

/**
 * The STIX object an accepted candidate becomes: an indicator with a STIX pattern for an
 * observable, a vulnerability for a CVE, an attack pattern or intrusion set by its ATT&CK id, a
 * location for a place, an identity (class, with its sector) for a target type, and a threat
 * actor (or only a reference, when the store already knows it). A time window becomes no object:
 * the report says it in its description.
 */
final class CandidateObjects {

    private CandidateObjects() {}

    /** What an accepted candidate turns into: a new object, a reference to a known one, or text. */
    sealed interface Made {
        record NewObject(ObjectNode object) implements Made {}

        record Reference(String id) implements Made {}

        record Note(String text) implements Made {}
    }

    /** The hash algorithms a file hash candidate may name, as STIX's hash vocabulary spells them. */
    private static final Map<String, String> HASHES = Map.of(
            "md5", "MD5", "sha1", "SHA-1", "sha-1", "SHA-1", "sha256", "SHA-256", "sha-256", "SHA-256", "sha512",
            "SHA-512", "sha-512", "SHA-512");

    static Made make(
            String candidateId,
            CandidateKind kind,
            String value,
            Map<String, String> details,
            Instant now,
            List<String> markings) {
        String stamp = StixTimestamp.format(now);
        return switch (kind) {
            case IPV4 -> indicator(value, "[ipv4-addr:value = " + literal(value) + "]", stamp, markings);
            case IPV6 -> indicator(value, "[ipv6-addr:value = " + literal(value) + "]", stamp, markings);
            case DOMAIN -> indicator(value, "[domain-name:value = " + literal(value) + "]", stamp, markings);
            case URL -> indicator(value, "[url:value = " + literal(value) + "]", stamp, markings);
            case EMAIL -> indicator(value, "[email-addr:value = " + literal(value) + "]", stamp, markings);
            case FILE_HASH -> {
                String algorithm = hashAlgorithm(candidateId, value, details.get("algorithm"));
                yield indicator(value, "[file:hashes.'" + algorithm + "' = " + literal(value) + "]", stamp, markings);
            }
            case CVE -> {
                ObjectNode v = base("vulnerability", stamp, markings);
                String id = value.toUpperCase(Locale.ROOT);
                v.put("name", id);
                externalId(v, "cve", id);
                yield new Made.NewObject(v);
            }
            case ATTACK_TECHNIQUE -> {
                ObjectNode a = base("attack-pattern", stamp, markings);
                a.put("name", details.getOrDefault("name", value));
                externalId(a, "mitre-attack", value.toUpperCase(Locale.ROOT));
                yield new Made.NewObject(a);
            }
            case ATTACK_GROUP -> {
                ObjectNode g = base("intrusion-set", stamp, markings);
                g.put("name", details.getOrDefault("name", value));
                externalId(g, "mitre-attack", value.toUpperCase(Locale.ROOT));
                yield new Made.NewObject(g);
            }
            case PLACE -> new Made.NewObject(location(candidateId, value, details, stamp, markings));
            case TARGET_TYPE -> {
                ObjectNode i = base("identity", stamp, markings);
                i.put("name", details.getOrDefault("description", value));
                i.put("identity_class", "class");
                String sector = details.get("sector");
                if (sector != null && !sector.isBlank()) {
                    i.putArray("sectors").add(sector);
                }
                String description = details.get("description");
                if (description != null && !description.isBlank()) {
                    i.put("description", description);
                }
                yield new Made.NewObject(i);
            }
            case THREAT_ACTOR -> {
                String known = details.get("id");
                if (known != null && !known.isBlank()) {
                    yield new Made.Reference(known);
                }
                ObjectNode t = base("threat-actor", stamp, markings);
                t.put("name", value);
                yield new Made.NewObject(t);
            }
            case TIME_WINDOW -> {
                String start = details.get("start");
                String end = details.get("end");
                yield new Made.Note(
                        "Time window found: " + (start != null && end != null ? start + " to " + end : value) + ".");
            }
        };
    }

    private static Made indicator(String value, String pattern, String stamp, List<String> markings) {
        ObjectNode i = base("indicator", stamp, markings);
        i.put("name", value);
        i.putArray("indicator_types").add("malicious-activity");
        i.put("pattern", pattern);
        i.put("pattern_type", "stix");
        i.put("valid_from", stamp);
        return new Made.NewObject(i);
    }

    private static ObjectNode location(
            String candidateId, String value, Map<String, String> details, String stamp, List<String> markings) {
        ObjectNode l = base("location", stamp, markings);
        l.put("name", value);
        String country = details.get("country");
        Optional<Double> lat = number(details.get("latitude"));
        Optional<Double> lon = number(details.get("longitude"));
        boolean coordinates = lat.isPresent() && lon.isPresent();
        if ((country == null || country.isBlank()) && !coordinates) {
            throw new UnprocessableException("candidate " + candidateId + ", place " + Echo.quote(value)
                    + ", has neither a country nor coordinates; correct it or drop it");
        }
        if (country != null && !country.isBlank()) {
            l.put("country", country);
        }
        String region = details.get("region");
        if (region != null && !region.isBlank()) {
            l.put("administrative_area", region);
        }
        if (coordinates) {
            l.put("latitude", lat.get());
            l.put("longitude", lon.get());
        }
        return l;
    }

    private static Optional<Double> number(String s) {
        if (s == null) {
            return Optional.empty();
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String hashAlgorithm(String candidateId, String value, String named) {
        if (named != null) {
            String a = HASHES.get(named.toLowerCase(Locale.ROOT));
            if (a != null) {
                return a;
            }
        }
        return switch (value.length()) {
            case 32 -> "MD5";
            case 40 -> "SHA-1";
            case 64 -> "SHA-256";
            case 128 -> "SHA-512";
            default ->
                throw new UnprocessableException("candidate " + candidateId + ", file hash " + Echo.quote(value)
                        + ", is of no known length (32, 40, 64 or 128 hex digits)");
        };
    }

    private static ObjectNode base(String type, String stamp, List<String> markings) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", type + "--" + UUID.randomUUID());
        o.put("created", stamp);
        o.put("modified", stamp);
        if (!markings.isEmpty()) {
            markings.forEach(m -> o.withArray("object_marking_refs").add(m));
        }
        return o;
    }

    private static void externalId(ObjectNode o, String source, String id) {
        ObjectNode ref = o.putArray("external_references").addObject();
        ref.put("source_name", source);
        ref.put("external_id", id);
    }

    /** A STIX pattern string literal: quotes and backslashes escaped. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
