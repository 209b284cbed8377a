package org.tearline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarningRecordTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aDraftHasNothingDecidedAndStartsAtRevisionZero() {
        WarningRecord w = WarningRecord.draft("report--1", "source", "alice", T0);

        assertThat(w)
                .isEqualTo(new WarningRecord(
                        "report--1",
                        "source",
                        WarningRecord.State.DRAFT,
                        "alice",
                        T0,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        0));
    }

    @Test
    void theWindowAndTheApprovedVersionChangeNeitherStateNorRevision() {
        WarningRecord decided = WarningRecord.draft("report--1", "source", "alice", T0)
                .with(WarningRecord.State.DECIDED, f -> {
                    f.decision = "warn";
                    return f;
                });

        WarningRecord changed = decided.withWindowEnd(T0.plusSeconds(60)).withApprovedVersion("v2");

        assertThat(changed.state()).isEqualTo(WarningRecord.State.DECIDED);
        assertThat(changed.revision()).isEqualTo(1);
        assertThat(changed.windowEnd()).isEqualTo(T0.plusSeconds(60));
        assertThat(changed.approvedVersion()).isEqualTo("v2");
        assertThat(changed.decision()).isEqualTo("warn");
    }

    @Test
    void aTransitionTakesTheNextRevisionAndKeepsWhatItDoesNotChange() {
        WarningRecord draft =
                WarningRecord.draft("report--1", "source", "alice", T0).withWindowEnd(T0.plusSeconds(60));

        WarningRecord decided = draft.with(WarningRecord.State.DECIDED, f -> {
            f.decision = "waive";
            f.waiverReason = "no reason";
            return f;
        });

        assertThat(decided.revision()).isEqualTo(draft.revision() + 1);
        assertThat(decided.state()).isEqualTo(WarningRecord.State.DECIDED);
        assertThat(decided.windowEnd()).isEqualTo(T0.plusSeconds(60));
        assertThat(decided.waiverReason()).isEqualTo("no reason");
        assertThat(decided.author()).isEqualTo("alice");
    }
}
