package org.tearline.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.release.Action;
import org.tearline.release.Markings;
import org.tearline.stix.Tlp;

/**
 * A release policy as data, for leak tests: rendered to the YAML a producer writes (and the
 * engine parses), and read directly by {@link LeakOracle} to decide, independently of the
 * engine, what the policy protects.
 *
 * @param markings   action per marking name ({@code tlp:amber}, {@code source-protected},
 *                   {@code method-protected}) or marking-definition id
 * @param unmarked   action for objects without object-level markings; null leaves the default
 * @param unlisted   action for markings not listed; null leaves the default
 * @param admitTypes types admitted; empty means all
 * @param generalise rule per property name, e.g. {@code first_seen -> Rule("timestamp", "day")}
 * @param place      the location rule (city, region, country), if any
 */
public record LeakPolicy(
        String audience,
        List<String> members,
        List<String> sources,
        Map<String, Action> markings,
        Action unmarked,
        Action unlisted,
        Optional<Tlp> ceiling,
        Set<String> admitTypes,
        Map<String, Rule> generalise,
        Optional<String> place,
        boolean derivedIds,
        boolean genericNotice,
        boolean revoke) {

    /** One generalise rule: its kind (timestamp, number, phrase) and value. */
    public record Rule(String kind, String value) {

        String yaml() {
            return "{" + kind + ": " + (kind.equals("phrase") ? "\"" + value + "\"" : value) + "}";
        }
    }

    public LeakPolicy {
        markings = Map.copyOf(markings);
        admitTypes = Set.copyOf(admitTypes);
        generalise = Map.copyOf(generalise);
        members = List.copyOf(members);
        sources = List.copyOf(sources);
    }

    /** The same policy for another audience (and members). */
    public LeakPolicy forAudience(String name, List<String> newMembers) {
        return new LeakPolicy(
                name,
                newMembers,
                sources,
                markings,
                unmarked,
                unlisted,
                ceiling,
                admitTypes,
                generalise,
                place,
                derivedIds,
                genericNotice,
                revoke);
    }

    /** The same policy drawing on other sources. */
    public LeakPolicy withSources(List<String> newSources) {
        return new LeakPolicy(
                audience,
                members,
                newSources,
                markings,
                unmarked,
                unlisted,
                ceiling,
                admitTypes,
                generalise,
                place,
                derivedIds,
                genericNotice,
                revoke);
    }

    /** The same policy with takebacks revoked (or kept). */
    public LeakPolicy withRevoke(boolean newRevoke) {
        return new LeakPolicy(
                audience,
                members,
                sources,
                markings,
                unmarked,
                unlisted,
                ceiling,
                admitTypes,
                generalise,
                place,
                derivedIds,
                genericNotice,
                newRevoke);
    }

    /** The same policy with (or without) the generic notice. */
    public LeakPolicy withNotice(boolean generic) {
        return new LeakPolicy(
                audience,
                members,
                sources,
                markings,
                unmarked,
                unlisted,
                ceiling,
                admitTypes,
                generalise,
                place,
                derivedIds,
                generic,
                revoke);
    }

    /** The same policy with derived (or original) ids. */
    public LeakPolicy withDerivedIds(boolean derived) {
        return new LeakPolicy(
                audience,
                members,
                sources,
                markings,
                unmarked,
                unlisted,
                ceiling,
                admitTypes,
                generalise,
                place,
                derived,
                genericNotice,
                revoke);
    }

    /** The action the policy gives a marking, as the policy file states it (oracle side). */
    public Action actionOf(String markingId) {
        Action a = markings.get(nameOf(markingId));
        if (a == null) {
            a = markings.get(markingId);
        }
        if (a != null) {
            return a;
        }
        return unlisted == null ? Action.WITHHOLD : unlisted;
    }

    /** Unmarked objects' action, with the documented fail-closed default. */
    public Action unmarkedAction() {
        return unmarked == null ? Action.WITHHOLD : unmarked;
    }

    /** True when a marking is a TLP level above the ceiling. */
    public boolean aboveCeiling(String markingId) {
        Optional<Tlp> level = Tlp.ofMarkingId(markingId);
        return ceiling.isPresent()
                && level.isPresent()
                && level.get().ordinal() > ceiling.get().ordinal();
    }

    /** True when the policy admits objects of a type. */
    public boolean admits(String type) {
        return admitTypes.isEmpty() || admitTypes.contains(type);
    }

    /** The policy-file name of a marking id (TLP 1.0 and 2.0 ids share their level's name). */
    public static String nameOf(String markingId) {
        if (markingId.equals(Markings.SOURCE_PROTECTED_ID)) {
            return "source-protected";
        }
        if (markingId.equals(Markings.METHOD_PROTECTED_ID)) {
            return "method-protected";
        }
        return Tlp.ofMarkingId(markingId).map(t -> "tlp:" + t.label()).orElse(markingId);
    }

    /** The policy as a YAML file. */
    public String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("audience: ").append(audience).append('\n');
        y.append("members: [").append(String.join(", ", members)).append("]\n");
        y.append("sources: [").append(String.join(", ", sources)).append("]\n");
        if (!admitTypes.isEmpty() || ceiling.isPresent()) {
            y.append("admit:\n");
            y.append("  types: ")
                    .append(
                            admitTypes.isEmpty()
                                    ? "all"
                                    : "["
                                            + String.join(
                                                    ", ",
                                                    admitTypes.stream().sorted().toList()) + "]")
                    .append('\n');
            ceiling.ifPresent(t -> y.append("  tlp: ").append(t.label()).append('\n'));
        }
        if (!markings.isEmpty()) {
            y.append("markings:\n");
            new java.util.TreeMap<>(markings)
                    .forEach((name, action) -> y.append("  ")
                            .append(name)
                            .append(": ")
                            .append(action.label())
                            .append('\n'));
        }
        if (unmarked != null) {
            y.append("unmarked: ").append(unmarked.label()).append('\n');
        }
        if (unlisted != null) {
            y.append("unlisted: ").append(unlisted.label()).append('\n');
        }
        if (!generalise.isEmpty() || place.isPresent()) {
            y.append("generalise:\n");
            new java.util.TreeMap<>(generalise)
                    .forEach((property, rule) -> y.append("  ")
                            .append(property)
                            .append(": ")
                            .append(rule.yaml())
                            .append('\n'));
            place.ifPresent(p -> y.append("  location: {place: ").append(p).append("}\n"));
        }
        y.append("ids: ").append(derivedIds ? "derived" : "original").append('\n');
        y.append("withheld-notice: ").append(genericNotice ? "generic" : "none").append('\n');
        if (revoke) {
            y.append("takeback: revoke\n");
        }
        return y.toString();
    }

    @Override
    public String toString() {
        return yaml();
    }

    /** A builder-style start: an audience with no rules (everything withheld). */
    public static LeakPolicy of(String audience, List<String> members, List<String> sources) {
        return new LeakPolicy(
                audience,
                members,
                sources,
                Map.of(),
                null,
                null,
                Optional.empty(),
                Set.of(),
                Map.of(),
                Optional.empty(),
                true,
                true,
                false);
    }

    /** A copy with one more marking rule. */
    public LeakPolicy marking(String name, Action action) {
        Map<String, Action> m = new LinkedHashMap<>(markings);
        m.put(name, action);
        return new LeakPolicy(
                audience,
                members,
                sources,
                m,
                unmarked,
                unlisted,
                ceiling,
                admitTypes,
                generalise,
                place,
                derivedIds,
                genericNotice,
                revoke);
    }

    /** A copy with one more generalise rule. */
    public LeakPolicy rule(String property, String kind, String value) {
        Map<String, Rule> g = new LinkedHashMap<>(generalise);
        g.put(property, new Rule(kind, value));
        return new LeakPolicy(
                audience,
                members,
                sources,
                markings,
                unmarked,
                unlisted,
                ceiling,
                admitTypes,
                g,
                place,
                derivedIds,
                genericNotice,
                revoke);
    }

    /** A copy with other admission, unmarked, unlisted and location settings. */
    public LeakPolicy with(
            Optional<Tlp> newCeiling,
            Set<String> types,
            Action newUnmarked,
            Action newUnlisted,
            Optional<String> newPlace,
            boolean newRevoke) {
        return new LeakPolicy(
                audience,
                members,
                sources,
                markings,
                newUnmarked,
                newUnlisted,
                newCeiling,
                types,
                generalise,
                newPlace,
                derivedIds,
                genericNotice,
                newRevoke);
    }
}
