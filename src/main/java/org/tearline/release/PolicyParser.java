package org.tearline.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tearline.error.Echo;
import org.tearline.stix.StixId;
import org.tearline.stix.Tlp;

/**
 * Reads a release policy from YAML and validates it completely: unknown keys, unknown
 * markings, wrong values and conflicting rules are all reported at once, each naming where it
 * is and what is allowed. Whether the members and sources exist is checked when the policy is
 * applied, against the store.
 */
public final class PolicyParser {

    private static final Set<String> TOP = Set.of(
            "audience",
            "title",
            "description",
            "members",
            "sources",
            "admit",
            "markings",
            "unmarked",
            "unlisted",
            "generalise",
            "ids",
            "withheld-notice",
            "takeback");
    private static final Pattern AUDIENCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PROPERTY = Pattern.compile("[a-z0-9_]{1,250}");
    private static final int MAX_TEXT = 2_000;

    private final List<String> errors = new ArrayList<>();

    private PolicyParser() {}

    /**
     * Parses a policy.
     *
     * @param source a name for messages, e.g. the file name
     * @throws InvalidPolicyException listing every problem found
     */
    public static Policy parse(String yaml, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException(
                    source, List.of("not valid YAML: " + e.getOriginalMessage().split("\n", -1)[0]));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPolicyException(
                    source, List.of("the policy must be a YAML mapping" + " with at least 'audience' and 'sources'"));
        }
        return new PolicyParser().read(root, source);
    }

    private Policy read(JsonNode root, String source) {
        keys(root, "", TOP);
        String audience = text(root, "audience", true);
        if (audience != null && !AUDIENCE.matcher(audience).matches()) {
            error("audience " + Echo.quote(audience) + " must be 1 to 63 characters of a-z, 0-9"
                    + " and '-', starting with a letter or digit");
        }
        String title = text(root, "title", false);
        String description = text(root, "description", false);
        List<String> members = list(root, "members", false);
        List<String> sources = list(root, "sources", true);
        if (sources != null && sources.isEmpty()) {
            error("'sources' must name at least one source collection");
        }

        Set<String> types = new LinkedHashSet<>();
        Optional<Tlp> ceiling = Optional.empty();
        JsonNode admit = root.get("admit");
        if (admit != null) {
            if (!admit.isObject()) {
                error("'admit' must be a mapping with 'types' and/or 'tlp'");
            } else {
                keys(admit, "admit", Set.of("types", "tlp"));
                JsonNode t = admit.get("types");
                if (t != null && !(t.isTextual() && t.asText().equals("all"))) {
                    for (String type : list(admit, "types", "admit.types")) {
                        if (!StixId.isValidTypeName(type)) {
                            error("admit.types: " + Echo.quote(type) + " is not a STIX type name");
                        }
                        types.add(type);
                    }
                    if (types.isEmpty()) {
                        error("admit.types is empty, which would admit nothing; write 'all' or" + " list types");
                    }
                }
                String tlp = text(admit, "tlp", false);
                if (tlp != null) {
                    ceiling = Tlp.ofLabel(tlp);
                    if (ceiling.isEmpty()) {
                        error("admit.tlp " + Echo.quote(tlp) + " is not a TLP level; use clear,"
                                + " green, amber, amber+strict or red");
                    }
                }
            }
        }

        Map<String, Policy.MarkingRule> rules = markings(root.get("markings"));
        Action unmarked = action(root, "unmarked", Action.WITHHOLD);
        Action unlisted = action(root, "unlisted", Action.WITHHOLD);

        Map<String, Generalisation> generalise = new LinkedHashMap<>();
        Optional<Generalisation.ToPlace> place = Optional.empty();
        JsonNode g = root.get("generalise");
        if (g != null) {
            if (!g.isObject()) {
                error("'generalise' must map property names to rules");
            } else {
                Iterator<Map.Entry<String, JsonNode>> it = g.properties().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Generalisation rule = rule(e.getKey(), e.getValue());
                    if (rule instanceof Generalisation.ToPlace p) {
                        place = Optional.of(p);
                    } else if (rule != null) {
                        generalise.put(e.getKey(), rule);
                    }
                }
            }
        }
        Policy.Ids ids = choice(root, "ids", Policy.Ids.class, Policy.Ids.DERIVED);
        Policy.Notice notice = choice(root, "withheld-notice", Policy.Notice.class, Policy.Notice.GENERIC);
        Policy.Takeback takeback = choice(root, "takeback", Policy.Takeback.class, Policy.Takeback.KEEP);
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(source, errors);
        }
        return new Policy(
                audience,
                title,
                description,
                members == null ? List.of() : members,
                sources,
                types,
                ceiling,
                rules,
                unmarked,
                unlisted,
                generalise,
                place,
                ids,
                notice,
                takeback);
    }

    private Map<String, Policy.MarkingRule> markings(JsonNode node) {
        Map<String, Policy.MarkingRule> rules = new HashMap<>();
        if (node == null) {
            return rules;
        }
        if (!node.isObject()) {
            error("'markings' must map marking names to actions");
            return rules;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey().trim().toLowerCase(Locale.ROOT);
            Set<String> ids;
            if (name.startsWith("marking-definition--")) {
                if (!StixId.isValid(name)) {
                    error("markings: " + Echo.quote(e.getKey()) + " is not a valid" + " marking-definition id");
                    continue;
                }
                ids = Set.of(name);
            } else {
                Optional<Set<String>> known = Markings.idsOf(name);
                if (known.isEmpty()) {
                    error("markings: unknown marking " + Echo.quote(e.getKey()) + "; use one of "
                            + String.join(", ", Markings.names())
                            + ", or a marking-definition id");
                    continue;
                }
                ids = known.get();
            }
            Optional<Action> action =
                    e.getValue().isTextual() ? Action.ofLabel(e.getValue().asText()) : Optional.empty();
            if (action.isEmpty()) {
                error("markings." + e.getKey() + ": " + Echo.quote(e.getValue().asText())
                        + " is not an action; use release, redact, generalise or withhold");
                continue;
            }
            for (String id : ids) {
                Policy.MarkingRule previous = rules.get(id);
                if (previous != null && previous.action() != action.get()) {
                    error("markings: '" + previous.name() + "' ("
                            + previous.action().label()
                            + ") and '" + e.getKey() + "' (" + action.get().label()
                            + ") are the same marking with different actions");
                }
                rules.put(id, new Policy.MarkingRule(e.getKey(), action.get()));
            }
        }
        return rules;
    }

    private Generalisation rule(String property, JsonNode spec) {
        String where = "generalise." + property;
        boolean location = property.equals("location");
        if (!location && !PROPERTY.matcher(property).matches()) {
            error(where + ": " + Echo.quote(property) + " is not a STIX property name");
            return null;
        }
        if (!spec.isObject() || spec.size() != 1) {
            error(where + " must have exactly one of " + (location ? "place" : "timestamp, number or phrase"));
            return null;
        }
        String kind = spec.fieldNames().next();
        JsonNode v = spec.get(kind);
        if (location != kind.equals("place")) {
            error(where + ": "
                    + (location
                            ? "location objects are generalised with" + " 'place: city|region|country'"
                            : "'place' applies only to the 'location'" + " rule"));
            return null;
        }
        switch (kind) {
            case "timestamp" -> {
                try {
                    return new Generalisation.ToTime(
                            Generalisation.ToTime.Unit.valueOf(v.asText().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    error(where + ".timestamp must be hour, day or month, was " + Echo.quote(v.asText()));
                }
            }
            case "number" -> {
                if (v.isIntegralNumber() && v.asLong() >= 1) {
                    return new Generalisation.ToRange(v.asLong());
                }
                error(where + ".number must be a whole number of at least 1 (the width of the" + " range), was "
                        + Echo.quote(v.asText()));
            }
            case "phrase" -> {
                if (v.isTextual() && !v.asText().isBlank() && v.asText().length() <= MAX_TEXT) {
                    return new Generalisation.ToPhrase(v.asText());
                }
                error(where + ".phrase must be text of 1 to " + MAX_TEXT + " characters");
            }
            case "place" -> {
                try {
                    return new Generalisation.ToPlace(
                            Generalisation.ToPlace.Level.valueOf(v.asText().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    error(where + ".place must be city, region or country, was " + Echo.quote(v.asText()));
                }
            }
            default -> error(where + ": unknown rule " + Echo.quote(kind) + "; use timestamp, number or phrase");
        }
        return null;
    }

    private void keys(JsonNode node, String where, Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                error("unknown key " + Echo.quote(n) + (where.isEmpty() ? " at the top level" : " in '" + where + "'")
                        + "; known keys: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private String text(JsonNode node, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                error("'" + key + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            error("'" + key + "' must be text");
            return null;
        }
        if (v.asText().length() > MAX_TEXT) {
            error("'" + key + "' is longer than " + MAX_TEXT + " characters");
            return null;
        }
        return v.asText();
    }

    private List<String> list(JsonNode node, String key, boolean required) {
        if (node.get(key) == null) {
            if (required) {
                error("'" + key + "' is required");
            }
            return required ? null : List.of();
        }
        return list(node, key, key);
    }

    private List<String> list(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        List<String> out = new ArrayList<>();
        if (v == null || !v.isArray()) {
            error("'" + where + "' must be a list");
            return out;
        }
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) {
                error("'" + where + "' must list non-empty names");
            } else if (out.contains(item.asText())) {
                error("'" + where + "' lists " + Echo.quote(item.asText()) + " twice");
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    private Action action(JsonNode node, String key, Action fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        Optional<Action> a = v.isTextual() ? Action.ofLabel(v.asText()) : Optional.empty();
        if (a.isEmpty()) {
            error("'" + key + "' must be release, redact, generalise or withhold");
            return fallback;
        }
        return a.get();
    }

    private <E extends Enum<E>> E choice(JsonNode node, String key, Class<E> type, E fallback) {
        JsonNode v = node.get(key);
        if (v == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (v.isTextual() && e.name().equalsIgnoreCase(v.asText().trim())) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        error("'" + key + "' must be " + String.join(" or ", names) + ", was " + Echo.quote(v.asText()));
        return fallback;
    }

    private void error(String message) {
        errors.add(message);
    }
}
