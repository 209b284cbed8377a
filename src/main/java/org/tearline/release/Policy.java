package org.tearline.release;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.stix.Tlp;

/**
 * One audience's release policy, as parsed and validated from its YAML file. Fail-closed
 * defaults: objects without markings and markings the policy does not list are withheld.
 *
 * @param audience     the audience's name, which also names its view collection
 * @param members      TAXII users who read the audience's view
 * @param sources      source collections (ids or aliases) the view draws on
 * @param admitTypes   object types admitted at all; empty means every type
 * @param tlpCeiling   objects marked above this TLP level are withheld
 * @param markingRules action per marking-definition id
 * @param unmarked     action for objects with no object-level marking
 * @param unlisted     action for markings the policy does not list
 * @param generalise   generalise rule per property name
 * @param place        generalise rule for location objects
 */
public record Policy(
        String audience,
        String title,
        String description,
        List<String> members,
        List<String> sources,
        Set<String> admitTypes,
        Optional<Tlp> tlpCeiling,
        Map<String, MarkingRule> markingRules,
        Action unmarked,
        Action unlisted,
        Map<String, Generalisation> generalise,
        Optional<Generalisation.ToPlace> place,
        Ids ids,
        Notice notice,
        Takeback takeback) {

    /** Whether released objects get ids derived per audience or keep their own. */
    public enum Ids {
        DERIVED,
        ORIGINAL
    }

    /** Whether the view says, in a generic note, that something was withheld. */
    public enum Notice {
        GENERIC,
        NONE
    }

    /**
     * What the audience is left with when a change would take back something already
     * disclosed: the last version it received, or a revoked one.
     */
    public enum Takeback {
        KEEP,
        REVOKE
    }

    /** A marking's action and the name the policy gave it, for explanations. */
    public record MarkingRule(String name, Action action) {}

    public Policy {
        members = List.copyOf(members);
        sources = List.copyOf(sources);
        admitTypes = Set.copyOf(admitTypes);
        markingRules = Map.copyOf(markingRules);
        generalise = Map.copyOf(generalise);
    }

    /** The action for a marking and the rule that gave it. */
    public MarkingRule ruleFor(String markingId) {
        MarkingRule r = markingRules.get(markingId);
        return r != null ? r : new MarkingRule(Markings.nameOf(markingId), unlisted);
    }

    /** True when objects of this type may be released at all. */
    public boolean admits(String type) {
        return admitTypes.isEmpty() || admitTypes.contains(type);
    }
}
