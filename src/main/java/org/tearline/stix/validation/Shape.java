package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declared shape of a JSON object: its properties and their types, which of them are
 * required, and rules over several properties. Used for STIX objects, their extensions and the
 * object-valued types (external-reference, kill-chain-phase, ...). Immutable once built.
 */
final class Shape {

    /** What to do with properties the shape does not declare. */
    enum Extra {
        /** Allowed if named as custom properties must be (sections 3.1, 11.1). */
        CUSTOM,
        /** Allowed whatever the name (dictionaries of free-form content). */
        ANY
    }

    private final String name;
    private final Map<String, ValueCheck> properties;
    private final List<String> required;
    private final List<ObjectRule> rules;
    private final Extra extra;

    private Shape(Builder b) {
        this.name = b.name;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.required = List.copyOf(b.required);
        this.rules = List.copyOf(b.rules);
        this.extra = b.extra;
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    String name() {
        return name;
    }

    /** The declared properties, in declaration order. */
    Map<String, ValueCheck> properties() {
        return properties;
    }

    boolean declares(String property) {
        return properties.containsKey(property);
    }

    List<String> required() {
        return required;
    }

    /** A builder that starts as a copy of this shape, to derive variants. */
    Builder toBuilder(String newName) {
        Builder b = new Builder(newName);
        b.properties.putAll(properties);
        b.required.addAll(required);
        b.rules.addAll(rules);
        b.extra = extra;
        return b;
    }

    /** Validates {@code node} against this shape. */
    void validate(ObjectNode node, String path, Report report) {
        for (String r : required) {
            if (!node.has(r)) {
                report.add(Paths.child(path, r), Rules.REQUIRED_PROPERTY, name + " requires property '" + r + "'");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext() && !report.full()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            ValueCheck check = properties.get(key);
            if (check != null) {
                check.check(f.getValue(), Paths.child(path, key), report);
            } else if (extra == Extra.CUSTOM) {
                Checks.customProperty(key, f.getValue(), path, report);
            } else {
                Checks.ANY.check(f.getValue(), Paths.key(path, key), report);
            }
        }
        for (ObjectRule rule : rules) {
            if (report.full()) {
                return;
            }
            rule.check(node, path, report);
        }
    }

    /** Builds a {@link Shape}. */
    static final class Builder {
        private final String name;
        private final Map<String, ValueCheck> properties = new LinkedHashMap<>();
        private final Set<String> required = new LinkedHashSet<>();
        private final List<ObjectRule> rules = new ArrayList<>();
        private Extra extra = Extra.CUSTOM;

        private Builder(String name) {
            this.name = name;
        }

        Builder required(String property, ValueCheck check) {
            properties.put(property, check);
            required.add(property);
            return this;
        }

        Builder optional(String property, ValueCheck check) {
            properties.put(property, check);
            required.remove(property);
            return this;
        }

        Builder remove(String property) {
            properties.remove(property);
            required.remove(property);
            return this;
        }

        Builder rule(ObjectRule rule) {
            rules.add(rule);
            return this;
        }

        Builder extra(Extra e) {
            this.extra = e;
            return this;
        }

        Shape build() {
            return new Shape(this);
        }
    }
}
