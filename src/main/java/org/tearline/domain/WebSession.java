package org.tearline.domain;

import java.time.Instant;

/**
 * A console session. Only a hash of the session token is kept; the CSRF token is bound to it.
 */
public record WebSession(String tokenHash, String account, String csrf, Instant created, Instant expires) {}
