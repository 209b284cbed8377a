package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Draft;
import org.tearline.error.ConflictException;

/**
 * The contract of {@link Drafts}: documents taken in, kept and reviewed apart from every
 * collection, on every database the store runs on.
 */
abstract class DraftsContract extends RepositoryContract {

    private static Draft draft(String id, int minutes) {
        return new Draft(
                id,
                Draft.State.DRAFT,
                "Advisory " + id,
                "text/plain",
                "ab".repeat(32),
                T0.minusSeconds(3_600),
                true,
                "U.S. Embassy",
                "https://example.org/alert",
                "ann",
                T0.plusSeconds(60L * minutes),
                List.of("page one \u00e9 <b>", "page two\nwith a line"),
                "{\"type\":\"report\"}",
                "[{\"id\":\"c1\"}]",
                1,
                null,
                null,
                null,
                null);
    }

    @Test
    void aKeptDraftIsFoundAsItWasKept() {
        Draft d = draft("draft--1", 0);
        write(tx -> {
            tx.drafts().createDraft(d);
            return null;
        });

        Optional<Draft> found = read(tx -> tx.drafts().findDraft("draft--1"));
        Optional<Draft> missing = read(tx -> tx.drafts().findDraft("draft--2"));

        assertThat(found).contains(d);
        assertThat(missing).isEmpty();
    }

    @Test
    void aDraftIdIsKeptOnce() {
        write(tx -> {
            tx.drafts().createDraft(draft("draft--1", 0));
            return null;
        });

        assertThatThrownBy(() -> write(tx -> {
                    tx.drafts().createDraft(draft("draft--1", 1));
                    return null;
                }))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("draft--1");
    }

    @Test
    void summariesListTheNewestFirstWithoutText() {
        write(tx -> {
            tx.drafts().createDraft(draft("draft--old", 0));
            tx.drafts().createDraft(draft("draft--new", 5));
            return null;
        });

        List<Draft.Summary> all = read(tx -> tx.drafts().draftSummaries());

        assertThat(all).extracting(Draft.Summary::id).containsExactly("draft--new", "draft--old");
        assertThat(all.get(0)).isEqualTo(draft("draft--new", 5).summary());
    }

    @Test
    void aDraftIsAcceptedOnceIntoItsCollection() {
        String c = collection("source", CollectionKind.SOURCE);
        write(tx -> {
            tx.drafts().createDraft(draft("draft--1", 0));
            return null;
        });

        boolean first = write(tx -> tx.drafts().decideDraft("draft--1", Draft.State.ACCEPTED, "bob", T0, null, c));
        boolean again = write(tx -> tx.drafts().decideDraft("draft--1", Draft.State.REJECTED, "eve", T0, "no", null));

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        Draft d = read(tx -> tx.drafts().findDraft("draft--1")).orElseThrow();
        assertThat(d.state()).isEqualTo(Draft.State.ACCEPTED);
        assertThat(d.decidedBy()).isEqualTo("bob");
        assertThat(d.decidedAt()).isEqualTo(T0);
        assertThat(d.collectionId()).isEqualTo(c);
        assertThat(d.reason()).isNull();
    }

    @Test
    void aRejectedDraftKeepsItsReason() {
        write(tx -> {
            tx.drafts().createDraft(draft("draft--1", 0));
            return null;
        });

        boolean rejected =
                write(tx -> tx.drafts().decideDraft("draft--1", Draft.State.REJECTED, "bob", T0, "a hoax", null));
        boolean none = write(tx -> tx.drafts().decideDraft("draft--none", Draft.State.REJECTED, "bob", T0, "x", null));

        assertThat(rejected).isTrue();
        assertThat(none).isFalse();

        Draft d = read(tx -> tx.drafts().findDraft("draft--1")).orElseThrow();
        assertThat(d.state()).isEqualTo(Draft.State.REJECTED);
        assertThat(d.reason()).isEqualTo("a hoax");
        assertThat(d.collectionId()).isNull();
        List<Draft.Summary> all = read(tx -> tx.drafts().draftSummaries());
        assertThat(all).extracting(Draft.Summary::state).containsExactly(Draft.State.REJECTED);
    }
}
