package org.tearline.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tearline.domain.StoredObject;
import org.tearline.release.ReleaseEngine;

/**
 * The first pass of a full recompute, over the pages of the sources the materialiser reads:
 * what the closure needs of each source object (its node and droppable targets) and, while
 * the memory budget lasts, its assessment, kept compactly so that the second pass need not
 * read, parse and assess it again. Past the budget it keeps none, and the second pass reads
 * the rest from where the kept pages end.
 *
 * <p>Most of each page is assessed on the lookahead's second thread while this one reads the
 * next; the parts are consumed in the page's order, so what is learnt is what one thread
 * would learn.
 */
final class FirstPass {

    /** The reading thread assesses one part in this many of each page. */
    private static final int OWN_SHARE = 4;

    private final Lookahead ahead;
    private final Function<StoredObject, ReleaseEngine.Assessment> assess;
    private final Map<String, ReleaseEngine.Node> nodes = new HashMap<>();
    // Objects that drop references when what they point at is withheld: only these can turn
    // invalid at the last step, so only these are checked before writing.
    private final Map<String, Set<String>> droppable = new HashMap<>();
    // Objects finish may withhold without dropping anything (see
    // ReleaseEngine.mayWithholdAtFinish): checked before writing too.
    private final Set<String> finishAnyway = new HashSet<>();
    private final Predicate<ReleaseEngine.Assessment> mayWithholdAtFinish;
    private final List<Kept> kept = new ArrayList<>();
    private final Consumer<List<Learnt>> sink = this::accept;
    private long room;
    private ViewMaterializer.Start resume = ViewMaterializer.Start.BEGINNING;

    FirstPass(
            Lookahead ahead,
            long budget,
            Function<StoredObject, ReleaseEngine.Assessment> assess,
            Predicate<ReleaseEngine.Assessment> mayWithholdAtFinish) {
        this.ahead = ahead;
        this.room = budget;
        this.assess = assess;
        this.mayWithholdAtFinish = mayWithholdAtFinish;
    }

    /** Assesses a page of the source versions the pass takes; {@code next} is where it ends. */
    void page(String collection, List<StoredObject> chosen, ViewMaterializer.Start next) {
        boolean keep = room > 0;
        // Assessing a page takes about twice as long as reading it (2026-12-07 timings in
        // docs/benchmarks.md), so this thread assesses the first part of each page itself
        // while the second assesses the rest; the parts are consumed in the page's order.
        int split = chosen.size() / OWN_SHARE;
        List<StoredObject> theirs = chosen.subList(split, chosen.size());
        ahead.submit(() -> learn(collection, theirs, keep), sink);
        accept(learn(collection, chosen.subList(0, split), keep));
        if (keep) {
            resume = next;
        }
    }

    /** Each object's node in the closure, once the last page is consumed. */
    Map<String, ReleaseEngine.Node> nodes() {
        return nodes;
    }

    /** The objects finish may withhold though they drop nothing; each is in {@link #droppable}. */
    Set<String> finishAnyway() {
        return finishAnyway;
    }

    /** Each object's droppable targets, for those that have any or are to be finished anyway. */
    Map<String, Set<String>> droppable() {
        return droppable;
    }

    /** The assessments kept, in the order of the sources; the caller clears it when done. */
    List<Kept> kept() {
        return kept;
    }

    /** Where the second pass goes on reading after the kept assessments. */
    ViewMaterializer.Start resume() {
        return resume;
    }

    private void accept(List<Learnt> page) {
        for (Learnt f : page) {
            nodes.put(f.id(), f.node());
            if (f.finishAnyway()) {
                finishAnyway.add(f.id());
            } else {
                finishAnyway.remove(f.id());
            }
            if (f.droppable().isEmpty() && !f.finishAnyway()) {
                droppable.remove(f.id());
            } else {
                droppable.put(f.id(), f.droppable());
            }
            if (f.kept() != null) {
                kept.add(f.kept());
                room -= f.kept().footprint();
            }
        }
    }

    /** The first pass's assessments of part of a page, on either thread. */
    private List<Learnt> learn(String collection, List<StoredObject> objects, boolean keep) {
        List<Learnt> page = new ArrayList<>(objects.size());
        for (StoredObject o : objects) {
            ReleaseEngine.Assessment a = assess.apply(o);
            page.add(new Learnt(
                    a.id(),
                    new ReleaseEngine.Node(a.admitted(), a.requirements()),
                    ReleaseEngine.droppableTargets(a),
                    mayWithholdAtFinish.test(a),
                    keep ? Kept.of(collection + "@" + o.record().versionKey(), a) : null));
        }
        return page;
    }

    /** What the first pass learns of one source object. */
    private record Learnt(String id, ReleaseEngine.Node node, Set<String> droppable, boolean finishAnyway, Kept kept) {}

    /**
     * An assessment kept from the first pass: its transformed object as JSON text, a fraction
     * of the memory of the tree, parsed again when the second pass needs it.
     */
    record Kept(String winnerKey, ReleaseEngine.Assessment assessment, String transformed) {

        static Kept of(String winnerKey, ReleaseEngine.Assessment a) {
            if (!a.admitted()) {
                return new Kept(winnerKey, a, null);
            }
            return new Kept(
                    winnerKey,
                    new ReleaseEngine.Assessment(
                            a.id(),
                            a.type(),
                            null,
                            a.decisions(),
                            a.reduced(),
                            a.withheld(),
                            a.refs(),
                            a.requirements()),
                    a.transformed().toString());
        }

        ReleaseEngine.Assessment restore() {
            ReleaseEngine.Assessment a = assessment;
            return transformed == null
                    ? a
                    : new ReleaseEngine.Assessment(
                            a.id(),
                            a.type(),
                            ViewMaterializer.parse(transformed),
                            a.decisions(),
                            a.reduced(),
                            a.withheld(),
                            a.refs(),
                            a.requirements());
        }

        /** Roughly what it holds on the heap, in bytes: the text, the records and lists. */
        long footprint() {
            return 200L
                    + (transformed == null ? 0 : transformed.length())
                    + 150L * assessment.refs().size()
                    + 120L * assessment.decisions().size();
        }
    }
}
