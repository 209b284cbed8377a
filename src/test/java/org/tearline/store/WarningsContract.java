package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.FeedbackRecord;
import org.tearline.domain.WarningRecord;
import org.tearline.error.ConflictException;

/**
 * The contract of {@link Warnings}: warnings in their life cycle, the audiences they are
 * released to and partners' feedback, on every database the store runs on.
 */
abstract class WarningsContract extends RepositoryContract {

    private static WarningRecord draft(String id, String collection, int minutes) {
        return WarningRecord.draft(id, collection, "alice", T0.plusSeconds(60L * minutes));
    }

    /** A record with every field set, so that each must come back as it went in. */
    private static WarningRecord everyFieldSet(String id, String collection) {
        return new WarningRecord(
                id,
                collection,
                WarningRecord.State.RETIRED,
                "alice",
                T0,
                "warn",
                List.of("partners", "public"),
                "public",
                "no reason",
                "a waiver's text",
                "bob",
                T0.plusSeconds(1),
                "carol",
                T0.plusSeconds(2),
                T0.plusSeconds(3),
                T0.plusSeconds(4),
                "averted",
                "dave",
                T0.plusSeconds(5),
                "20260101000000000000000",
                "decision-1",
                "erin",
                7);
    }

    @Test
    void aCreatedWarningIsFoundAsItWasCreated() {
        String c = collection("source", CollectionKind.SOURCE);
        WarningRecord full = everyFieldSet("report--1", c);
        WarningRecord bare = draft("report--2", c, 0);

        write((StoreTx tx) -> {
            tx.warnings().createWarning(full);
            tx.warnings().createWarning(bare);
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.warnings().findWarning("report--1"))).contains(full);
        assertThat(read((StoreTx tx) -> tx.warnings().findWarning("report--2"))).contains(bare);
        assertThat(read((StoreTx tx) -> tx.warnings().findWarning("report--3"))).isEmpty();
    }

    @Test
    void creatingAWarningTwiceIsAConflict() {
        String c = collection("source", CollectionKind.SOURCE);
        write((StoreTx tx) -> {
            tx.warnings().createWarning(draft("report--1", c, 0));
            return null;
        });

        assertThatThrownBy(() -> write((StoreTx tx) -> {
                    tx.warnings().createWarning(draft("report--1", c, 5));
                    return null;
                }))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("report--1");
        assertThat(read((StoreTx tx) -> tx.warnings().findWarning("report--1")))
                .get()
                .extracting(WarningRecord::created)
                .isEqualTo(T0);
    }

    @Test
    void findWarningsKeepsOnlyTheIdsThatAreWarnings() {
        String c = collection("source", CollectionKind.SOURCE);
        write((StoreTx tx) -> {
            tx.warnings().createWarning(draft("report--1", c, 0));
            tx.warnings().createWarning(draft("report--2", c, 1));
            return null;
        });

        assertThat(read((StoreTx tx) ->
                        tx.warnings().findWarnings(List.of("report--2", "indicator--9", "report--1", "report--2"))))
                .containsOnlyKeys("report--1", "report--2")
                .hasEntrySatisfying("report--2", w -> assertThat(w.id()).isEqualTo("report--2"));
        assertThat(read((StoreTx tx) -> tx.warnings().findWarnings(List.of()))).isEmpty();
    }

    @Test
    void warningsListsThoseInTheStatesAskedForOldestFirst() {
        String c = collection("source", CollectionKind.SOURCE);
        WarningRecord newer = draft("report--a", c, 10);
        WarningRecord older = draft("report--b", c, 0);
        WarningRecord decided = draft("report--c", c, 5).with(WarningRecord.State.DECIDED, f -> f);
        write((StoreTx tx) -> {
            tx.warnings().createWarning(newer);
            tx.warnings().createWarning(older);
            tx.warnings().createWarning(decided);
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.warnings().warnings(Set.of(WarningRecord.State.DRAFT))))
                .containsExactly(older, newer);
        assertThat(read((StoreTx tx) ->
                        tx.warnings().warnings(Set.of(WarningRecord.State.DRAFT, WarningRecord.State.DECIDED))))
                .containsExactly(older, decided, newer);
        assertThat(read((StoreTx tx) -> tx.warnings().warnings(Set.of(WarningRecord.State.WARNED))))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.warnings().warnings(Set.of()))).isEmpty();
    }

    @Test
    void updateWarningReplacesTheRecordOnlyAtTheRevisionExpected() {
        String c = collection("source", CollectionKind.SOURCE);
        WarningRecord first = draft("report--1", c, 0);
        write((StoreTx tx) -> {
            tx.warnings().createWarning(first);
            return null;
        });
        WarningRecord decided = first.with(WarningRecord.State.DECIDED, f -> {
            f.decision = "warn";
            f.decidedBy = "alice";
            f.decidedAt = T0.plusSeconds(9);
            f.audiences = List.of("partners");
            return f;
        });
        WarningRecord waived = first.with(WarningRecord.State.DECIDED, f -> {
            f.decision = "waive";
            return f;
        });

        assertThat(write((StoreTx tx) -> tx.warnings().updateWarning(decided, 0)))
                .isTrue();
        assertThat(write((StoreTx tx) -> tx.warnings().updateWarning(waived, 0)))
                .as("another transition got there first")
                .isFalse();
        assertThat(read((StoreTx tx) -> tx.warnings().findWarning("report--1"))).contains(decided);
        assertThat(write((StoreTx tx) -> tx.warnings().updateWarning(draft("report--9", c, 0), 0)))
                .as("no such warning")
                .isFalse();
    }

    @Test
    void approvedWarningsAreThoseReleasedToTheAudience() {
        String c = collection("source", CollectionKind.SOURCE);
        String partners = audience("partners");
        String others = audience("others");
        write((StoreTx tx) -> {
            tx.warnings().createWarning(draft("report--1", c, 0));
            tx.warnings().createWarning(draft("report--2", c, 1));
            tx.warnings().setWarningAudiences("report--1", List.of(partners, others));
            tx.warnings().setWarningAudiences("report--2", List.of(partners));
            return null;
        });
        assertThat(read((StoreTx tx) -> tx.warnings().approvedWarnings(partners)))
                .containsExactlyInAnyOrder("report--1", "report--2");
        assertThat(read((StoreTx tx) -> tx.warnings().approvedWarnings(others))).containsExactly("report--1");

        write((StoreTx tx) -> {
            tx.warnings().setWarningAudiences("report--1", List.of(partners));
            tx.warnings().setWarningAudiences("report--2", List.of());
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.warnings().approvedWarnings(partners)))
                .containsExactly("report--1");
        assertThat(read((StoreTx tx) -> tx.warnings().approvedWarnings(others))).isEmpty();
    }

    @Test
    void anAudiencesFeedbackCollectionIsFoundBothWaysAndCanBeReplaced() {
        String partners = audience("partners");
        String first = collection("feedback-1", CollectionKind.FEEDBACK);
        String second = collection("feedback-2", CollectionKind.FEEDBACK);
        write((StoreTx tx) -> {
            tx.warnings().setAudienceFeedback(partners, first);
            return null;
        });
        assertThat(read((StoreTx tx) -> tx.warnings().audienceFeedback(partners)))
                .contains(first);
        assertThat(read((StoreTx tx) -> tx.warnings().audienceOfFeedback(first)))
                .contains(partners);

        write((StoreTx tx) -> {
            tx.warnings().setAudienceFeedback(partners, second);
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.warnings().audienceFeedback(partners)))
                .contains(second);
        assertThat(read((StoreTx tx) -> tx.warnings().audienceOfFeedback(second)))
                .contains(partners);
        assertThat(read((StoreTx tx) -> tx.warnings().audienceOfFeedback(first)))
                .isEmpty();
        assertThat(read((StoreTx tx) -> tx.warnings().audienceFeedback("nobody")))
                .isEmpty();
    }

    @Test
    void feedbackOnAnObjectIsListedOldestFirstAndKeptOnce() {
        FeedbackRecord later = new FeedbackRecord(
                "opinion--1",
                "v1",
                "partners",
                "pat",
                "opinion",
                "disagree",
                "indicator--t",
                "indicator--r",
                T0.plusSeconds(20));
        FeedbackRecord earlier = new FeedbackRecord(
                "note--1", "v1", "partners", "pat", "note", null, "indicator--t", "indicator--t", T0.plusSeconds(10));
        FeedbackRecord elsewhere = new FeedbackRecord(
                "note--2", "v1", "partners", "pat", "note", null, "indicator--u", "indicator--u", T0);
        write((StoreTx tx) -> {
            tx.warnings().addFeedback(List.of(later, elsewhere));
            tx.warnings().addFeedback(List.of(earlier));
            return null;
        });

        write((StoreTx tx) -> {
            tx.warnings()
                    .addFeedback(List.of(new FeedbackRecord(
                            "opinion--1",
                            "v1",
                            "partners",
                            "pat",
                            "opinion",
                            "agree",
                            "indicator--t",
                            "indicator--r",
                            T0)));
            return null;
        });

        assertThat(read((StoreTx tx) -> tx.warnings().feedbackOn("indicator--t")))
                .as("the same feedback version about the same object is kept once, as first" + " mapped")
                .containsExactly(earlier, later);
        assertThat(read((StoreTx tx) -> tx.warnings().feedbackOn("indicator--u")))
                .containsExactly(elsewhere);
        assertThat(read((StoreTx tx) -> tx.warnings().feedbackOn("indicator--none")))
                .isEmpty();
    }
}
