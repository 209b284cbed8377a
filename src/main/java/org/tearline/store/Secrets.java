package org.tearline.store;

import java.time.Instant;

/**
 * Server secrets and the values kept with them, shared by every node of one store.
 * Part of one {@link StoreTx}.
 */
public interface Secrets {

    /**
     * Returns the named secret, creating it from {@code candidate} when absent. Every node that
     * shares the store gets the same value.
     */
    String secret(String name, String candidate, Instant now);

    /** Replaces a stored value kept with the secrets (the releasing identity, say). */
    void replaceSecret(String name, String value);
}
