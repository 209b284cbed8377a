package org.tearline.auth;

import org.tearline.domain.Account;

/** An authenticated user, for the duration of one request. */
public record Principal(String name, Account.Role role) {

    /** True for the producer's own users. */
    public boolean isProducer() {
        return role == Account.Role.PRODUCER;
    }
}
