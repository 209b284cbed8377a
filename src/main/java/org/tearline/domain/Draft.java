package org.tearline.domain;

import java.time.Instant;
import java.util.List;

/**
 * A document taken in, waiting for an analyst: its text, its digest, the STIX report drafted
 * for it and the candidates found in it. A draft belongs to no collection and no audience; only
 * accepting it writes anything into a (source) collection.
 *
 * @param id             the draft's id ({@code draft--UUID})
 * @param state          where it is in review
 * @param title          the document's title (or its file name)
 * @param mediaType      the type it was read as: text/plain, text/html or application/pdf
 * @param sha256         the hex SHA-256 of the document's bytes as received
 * @param published      when the document was published (relative windows are read from it)
 * @param publishedGiven false when no time was given and {@code published} is the intake time
 * @param source         who published it, as given, or null
 * @param url            where it was published, as given, or null
 * @param author         the user who took it in
 * @param created        when it was taken in
 * @param pages          the document's text, page by page, as extraction read it
 * @param report         the drafted STIX report, as JSON
 * @param candidates     the candidates found, as a JSON array
 * @param candidateCount how many candidates {@code candidates} holds
 * @param decidedBy      who accepted or rejected it, or null
 * @param decidedAt      when, or null
 * @param reason         why it was rejected, or null
 * @param collectionId   the source collection it was accepted into, or null
 */
public record Draft(
        String id,
        State state,
        String title,
        String mediaType,
        String sha256,
        Instant published,
        boolean publishedGiven,
        String source,
        String url,
        String author,
        Instant created,
        List<String> pages,
        String report,
        String candidates,
        int candidateCount,
        String decidedBy,
        Instant decidedAt,
        String reason,
        String collectionId) {

    public Draft {
        pages = List.copyOf(pages);
    }

    /** Where a draft is in review. */
    public enum State {
        DRAFT("draft"),
        ACCEPTED("accepted"),
        REJECTED("rejected");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static State ofLabel(String label) {
            for (State s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no draft state '" + label + "'");
        }
    }

    /** What a list of drafts shows of each, without its text or candidates. */
    public record Summary(
            String id, State state, String title, String author, Instant created, int candidateCount, String sha256) {}

    /** The summary of this draft. */
    public Summary summary() {
        return new Summary(id, state, title, author, created, candidateCount, sha256);
    }
}
