package org.tearline.release;

import java.util.Locale;
import java.util.Optional;

/** What a policy does with marked content, from least to most restrictive. */
public enum Action {
    /** Passed on as it is. */
    RELEASE,
    /** Replaced by a coarser value, per the policy's generalise rules; redacted without one. */
    GENERALISE,
    /** Dropped (a property or a list item). */
    REDACT,
    /** The whole object is kept back. */
    WITHHOLD;

    /** The more restrictive of two actions. */
    public Action and(Action other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The name used in policy files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action a policy file names ("generalize" is accepted for "generalise"). */
    public static Optional<Action> ofLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String l = label.trim().toLowerCase(Locale.ROOT);
        if (l.equals("generalize")) {
            return Optional.of(GENERALISE);
        }
        for (Action a : values()) {
            if (a.label().equals(l)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
