package org.tearline.audit;

import java.util.List;
import org.tearline.store.StoreTx;

/** Where the services record what they disclose and decide. */
@FunctionalInterface
public interface Disclosures {

    /** Appends events to the record, inside the caller's transaction. */
    void record(StoreTx tx, List<AuditEvent> events);

    /**
     * Records nothing. Only for measuring what the record costs (the benchmark); no setting
     * offers it to users.
     */
    Disclosures NONE = (tx, events) -> {};
}
