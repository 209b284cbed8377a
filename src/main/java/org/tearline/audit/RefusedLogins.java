package org.tearline.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.auth.Authenticator;
import org.tearline.stix.StixJson;
import org.tearline.store.Store;

/**
 * Records refused logins in the disclosure record. A client hammering wrong passwords must not
 * be able to flood the record: each claimed user name gets at most one entry per
 * {@link #MIN_INTERVAL}, and the refusals held back meanwhile are counted into the next entry.
 */
public final class RefusedLogins implements Authenticator.RefusalListener {

    private static final Logger LOG = LoggerFactory.getLogger(RefusedLogins.class);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    private static final int MAX_TRACKED = 10_000;

    private final Store store;
    private final Disclosures disclosures;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> lastRecorded = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> heldBack = new ConcurrentHashMap<>();

    public RefusedLogins(Store store, Disclosures disclosures, Clock clock) {
        this.store = store;
        this.disclosures = disclosures;
        this.clock = clock;
    }

    @Override
    public void refused(String user, String reason) {
        String key = user == null ? "" : user;
        Instant now = clock.instant();
        Instant last = lastRecorded.get(key);
        if (last != null && now.isBefore(last.plus(MIN_INTERVAL))) {
            heldBack.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return;
        }
        if (lastRecorded.size() > MAX_TRACKED) {
            lastRecorded.clear();
        }
        lastRecorded.put(key, now);
        AtomicInteger held = heldBack.remove(key);
        ObjectNode detail = StixJson.mapper().createObjectNode();
        detail.put("user", user == null ? null : Authenticator.printable(user));
        detail.put("reason", reason);
        detail.put("also_refused_since_last_entry", held == null ? 0 : held.get());
        try {
            store.write(tx -> {
                disclosures.record(tx, List.of(new AuditEvent("login-refused", "(anonymous)",
                        null, user == null ? null : Authenticator.printable(user), detail,
                        Set.of())));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record a refused login: {}", e.getMessage());
        }
    }
}
