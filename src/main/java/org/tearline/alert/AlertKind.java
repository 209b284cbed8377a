package org.tearline.alert;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of event a user can subscribe to, by the names subscriptions and alerts use. A new
 * source of events (an incoming warning from a peer, a threat gaining an independent root, a
 * peer failing, an inconsistent signed head) adds its value here and calls
 * {@link AlertEvents#raise} where its event is committed; nothing else changes.
 */
public enum AlertKind {
    /** A version of a warning written other than by its own steps: it must be decided again. */
    NEW_VERSION("new-version"),
    /** An audience has not retrieved a warning within the deadline after approval. */
    NOT_RETRIEVED("not-retrieved"),
    /** A warning's threat window ended without it being retired. */
    WINDOW_LAPSED("window-lapsed"),
    /** A partner answered a warning with disagree or strongly-disagree. */
    DISMISSAL("dismissal"),
    /** A test the user asked for; not subscribable. */
    TEST("test");

    private final String label;

    AlertKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<AlertKind> of(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
    }
}
