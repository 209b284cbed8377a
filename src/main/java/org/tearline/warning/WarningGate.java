package org.tearline.warning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.tearline.release.ReleaseGate;
import org.tearline.store.StoreTx;

/**
 * Holds every warning back from an audience until a decision to warn that audience has been
 * approved: nothing of a warning reaches a partner before approval, whatever its markings.
 */
public final class WarningGate implements ReleaseGate {

    private final Set<String> approved;

    public WarningGate(Set<String> approved) {
        this.approved = Set.copyOf(approved);
    }

    /** The gate for one audience, from the approvals in the store. */
    public static WarningGate forAudience(StoreTx tx, String audience) {
        return new WarningGate(tx.approvedWarnings(audience));
    }

    @Override
    public Optional<String> holds(ObjectNode source) {
        if (WarningExtension.isWarning(source)
                && !approved.contains(source.path("id").asText())) {
            return Optional.of("a warning reaches only the audiences an approved decision names,"
                    + " and this one names no approved decision for this audience");
        }
        return Optional.empty();
    }
}
