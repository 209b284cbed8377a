package org.tearline.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tearline.auth.Principal;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.CollectionKind;
import org.tearline.domain.Draft;
import org.tearline.intake.IntakeService;
import org.tearline.intake.extract.Candidate;
import org.tearline.service.CollectionService;

/**
 * The intake pages' content: the list of drafts with the upload form, and one draft with its
 * document cut into plain runs and candidate runs, so the template highlights each candidate in
 * place while escaping every character of the (hostile) document as text.
 */
public final class IntakePages {

    /** Markings a reviewer may apply from the page, by the name the service takes. */
    static final List<String> MARKINGS = List.of(
            "tlp:clear",
            "tlp:green",
            "tlp:amber",
            "tlp:amber+strict",
            "tlp:red",
            "source-protected",
            "method-protected");

    private final IntakeService intake;
    private final CollectionService collections;

    IntakePages(IntakeService intake, CollectionService collections) {
        this.intake = intake;
        this.collections = collections;
    }

    IntakeService service() {
        return intake;
    }

    /** A draft in the list. */
    public record DraftRow(String id, String title, String state, int candidates, String created, String author) {}

    /** The list page. */
    public record ListPage(List<DraftRow> rows, int maxBytes) {}

    /** A run of a page's text: plain, or a candidate's. */
    public record Run(String text, String candidateId, String kind, String title) {}

    /** One page of the document. */
    public record PageText(int number, List<Run> runs) {}

    /** A candidate's row in the review form. */
    public record CandidateRow(
            String id, String kind, String value, String where, String snippet, String rule, String details) {}

    /** A source collection to accept into. */
    public record Target(String id, String title) {}

    /** The draft page. */
    public record DraftPage(
            String id,
            String title,
            String state,
            boolean open,
            String mediaType,
            String sha256,
            String published,
            boolean publishedGiven,
            String source,
            String url,
            String author,
            String decided,
            List<PageText> pages,
            List<CandidateRow> candidates,
            List<Target> targets,
            List<String> markings) {}

    ListPage list(Principal who) {
        List<DraftRow> rows = new ArrayList<>();
        for (Draft.Summary s : intake.list(who)) {
            rows.add(new DraftRow(
                    s.id(), s.title(), s.state().label(), s.candidateCount(), Pages.time(s.created()), s.author()));
        }
        return new ListPage(rows, intake.reader().limits().maxBytes());
    }

    DraftPage draft(Principal who, String id) {
        Draft d = intake.find(who, id);
        List<IntakeService.DraftCandidate> cs = IntakeService.candidates(d);
        List<PageText> pages = new ArrayList<>();
        for (int p = 0; p < d.pages().size(); p++) {
            pages.add(new PageText(p + 1, runs(d.pages().get(p), p + 1, cs)));
        }
        List<CandidateRow> rows = new ArrayList<>();
        for (IntakeService.DraftCandidate dc : cs) {
            Candidate c = dc.candidate();
            rows.add(new CandidateRow(
                    dc.id(),
                    kind(c),
                    c.value(),
                    "page " + c.page() + ", " + c.start() + "\u2013" + c.end(),
                    c.snippet(),
                    c.rule(),
                    details(c.details())));
        }
        List<Target> targets = collections.all().stream()
                .filter(c -> c.kind() == CollectionKind.SOURCE)
                .sorted(Comparator.comparing(CollectionInfo::title))
                .map(c -> new Target(c.id(), c.title() + (c.alias() == null ? "" : " (" + c.alias() + ")")))
                .toList();
        String decided = d.decidedBy() == null
                ? null
                : d.state().label() + " by " + d.decidedBy() + " at " + Pages.time(d.decidedAt())
                        + (d.collectionId() == null ? "" : " into " + d.collectionId())
                        + (d.reason() == null ? "" : ": " + d.reason());
        return new DraftPage(
                d.id(),
                d.title(),
                d.state().label(),
                d.state() == Draft.State.DRAFT,
                d.mediaType(),
                d.sha256(),
                Pages.time(d.published()),
                d.publishedGiven(),
                d.source(),
                d.url(),
                d.author(),
                decided,
                pages,
                rows,
                targets,
                MARKINGS);
    }

    /**
     * A page's text cut at its candidates' offsets. A candidate overlapping one already shown is
     * listed in the form but not highlighted again, so every character appears exactly once.
     */
    static List<Run> runs(String text, int page, List<IntakeService.DraftCandidate> cs) {
        List<IntakeService.DraftCandidate> here = cs.stream()
                .filter(c -> c.candidate().page() == page)
                .sorted(Comparator.comparingInt((IntakeService.DraftCandidate c) ->
                                c.candidate().start())
                        .thenComparingInt(c -> -c.candidate().end()))
                .toList();
        List<Run> out = new ArrayList<>();
        int at = 0;
        for (IntakeService.DraftCandidate dc : here) {
            Candidate c = dc.candidate();
            if (c.start() < at || c.end() > text.length()) {
                continue;
            }
            if (c.start() > at) {
                out.add(new Run(text.substring(at, c.start()), null, null, null));
            }
            out.add(new Run(
                    text.substring(c.start(), c.end()),
                    dc.id(),
                    kind(c),
                    dc.id() + ": " + kind(c) + " " + c.value() + " (" + c.rule() + ")"));
            at = c.end();
        }
        if (at < text.length()) {
            out.add(new Run(text.substring(at), null, null, null));
        }
        return out;
    }

    private static String kind(Candidate c) {
        return c.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String details(Map<String, String> details) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(details)
                .forEach((k, v) -> b.append(b.length() == 0 ? "" : "; ")
                        .append(k)
                        .append(": ")
                        .append(v));
        return b.toString();
    }
}
