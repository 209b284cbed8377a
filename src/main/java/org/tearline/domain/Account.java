package org.tearline.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A user account. Producer users write intelligence and run the exchange; partner users read
 * what is released to them.
 *
 * @param passwordHash the encoded password hash, or null when the account uses tokens only
 */
public record Account(String name, String passwordHash, Role role, Instant created, boolean disabled) {

    /** What an account is for. */
    public enum Role {
        /** Someone of the organisation running this instance. */
        PRODUCER,
        /** Someone of a partner organisation; reads its audience's views over TAXII only. */
        PARTNER
    }

    /** The password hash, when the account has a password. */
    public Optional<String> password() {
        return Optional.ofNullable(passwordHash);
    }
}
