package org.tearline.intake.extract;

import java.util.List;

/**
 * A document's text as extraction reads it: its pages in order, each as plain text. Offsets in
 * a {@link Candidate} are character offsets into one page's string; a document without pages
 * (plain text, HTML) is one page.
 *
 * @param pages the pages' text, at least one
 */
public record DocumentText(List<String> pages) {

    public DocumentText {
        pages = List.copyOf(pages);
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("a document's text needs at least one page");
        }
    }

    /** A document of one page. */
    public static DocumentText of(String text) {
        return new DocumentText(List.of(text));
    }
}
