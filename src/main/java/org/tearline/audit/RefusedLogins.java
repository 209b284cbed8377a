package org.tearline.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.tearline.auth.Authenticator;
import org.tearline.auth.LoginThrottle;
import org.tearline.stix.StixJson;
import org.tearline.store.LoginFailures;
import org.tearline.store.StoreTx;

/**
 * Records refused logins in the disclosure record. A client hammering wrong credentials must not
 * be able to flood the record, whatever names it claims: entries are kept per client address,
 * at most one per {@link #MIN_INTERVAL} plus one each time the address or the user name is
 * locked, and attempts refused unchecked during a lock are never an entry of their own. The
 * refusals held back meanwhile are counted, in the store (so a restart does not lose them),
 * into the address's next entry; refusals held when the address's failures are forgotten are
 * written as one entry with their count.
 */
public final class RefusedLogins implements LoginThrottle.Listener {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

    private final Disclosures disclosures;
    private final Clock clock;

    public RefusedLogins(Disclosures disclosures, Clock clock) {
        this.disclosures = disclosures;
        this.clock = clock;
    }

    @Override
    public void refused(StoreTx tx, LoginThrottle.Refusal r, long forgotten) {
        Instant now = clock.instant();
        if (forgotten > 0) {
            ObjectNode detail = StixJson.mapper().createObjectNode();
            detail.put("reason", "refusals held back from earlier entries, whose counts are" + " now forgotten");
            detail.put("refused", forgotten);
            record(tx, null, detail);
        }
        LoginFailures a = r.addressCount();
        boolean due = r.lockedUntil() != null
                || (r.checked() && (a == null || !now.isBefore(a.lastEntry().plus(MIN_INTERVAL))));
        if (!due) {
            return;
        }
        ObjectNode detail = StixJson.mapper().createObjectNode();
        detail.put("user", r.user() == null ? null : Authenticator.printable(r.user()));
        detail.put("address", r.address() == null ? null : Authenticator.printable(r.address()));
        detail.put("reason", r.reason());
        // This refusal and those from the same address not yet in an entry.
        detail.put("refused", a == null ? 1 : a.held());
        if (a != null) {
            detail.put("address_failures_in_a_row", a.failures());
        }
        if (r.userCount() != null) {
            detail.put("user_failures_in_a_row", r.userCount().failures());
        }
        if (r.lockedUntil() != null) {
            detail.put("locked_until", r.lockedUntil().toString());
        }
        record(tx, r.user(), detail);
        if (a != null) {
            tx.signIns().loginRecorded(a.subject(), now);
        }
    }

    private void record(StoreTx tx, String user, ObjectNode detail) {
        disclosures.record(
                tx,
                List.of(new AuditEvent(
                        "login-refused",
                        "(anonymous)",
                        null,
                        user == null ? null : Authenticator.printable(user),
                        detail,
                        Set.of())));
    }
}
