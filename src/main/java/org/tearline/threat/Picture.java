package org.tearline.threat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tearline.threat.ThreatReport.Dismissal;

/**
 * A threat's fused picture at one moment: every report's window on one axis, the earliest start,
 * the latest end and where they all overlap, the confidences in the threat and in its timing kept
 * apart, the state, every retirement and dismissal, and, when a report's window lapsed while
 * independent warnings are still active, a sentence that says so. A lapsed window is never read
 * as a false warning; only a producer's stated reason retires one.
 *
 * @param threatId the threat
 * @param at the moment the picture is of
 * @param reports one line per report, the earliest published first
 * @param earliestStart the earliest window start (or end, for a window given only by its end)
 * @param latestEnd the latest window end
 * @param overlap the span inside every report's window, if they all share one
 * @param threatConfidence the range of the threat confidences stated
 * @param timingConfidence the range of the timing confidences stated, apart from the threat's
 * @param state active, window lapsed or retired
 * @param independentSources how many independent roots
 * @param producers every producer, roots first
 * @param dismissals every dismissal of a report of the threat
 * @param notes sentences an analyst must not miss
 */
public record Picture(
        String threatId,
        Instant at,
        List<ReportLine> reports,
        Optional<Instant> earliestStart,
        Optional<Instant> latestEnd,
        Optional<ThreatReport.Window> overlap,
        Optional<Range> threatConfidence,
        Optional<Range> timingConfidence,
        State state,
        int independentSources,
        List<String> producers,
        List<DismissalLine> dismissals,
        List<String> notes) {

    public Picture {
        reports = List.copyOf(reports);
        producers = List.copyOf(producers);
        dismissals = List.copyOf(dismissals);
        notes = List.copyOf(notes);
    }

    /** A threat's or a report's state. Never "false". */
    public enum State {
        ACTIVE,
        /** The window ended and the threat is still considered current until a producer retires it. */
        WINDOW_LAPSED,
        /** Retired by its producer, with a stated reason. */
        RETIRED
    }

    /**
     * One report on the axis.
     *
     * @param reportId the report
     * @param producer its producer
     * @param root the independent root of its group (itself when it is a root)
     * @param window its window, if any
     * @param threatConfidence its threat confidence, if stated
     * @param timingConfidence its timing confidence, if stated
     * @param state its state at the picture's moment
     * @param retirementReason the producer's reason, when retired
     * @param reached the audiences or peers it reached
     */
    public record ReportLine(
            String reportId,
            String producer,
            String root,
            Optional<ThreatReport.Window> window,
            Optional<Integer> threatConfidence,
            Optional<Integer> timingConfidence,
            State state,
            String retirementReason,
            List<String> reached) {}

    /** A dismissal and the report it dismissed. */
    public record DismissalLine(String reportId, Dismissal dismissal) {}

    /** The lowest and highest of the values stated, and how many reports stated one. */
    public record Range(int min, int max, int count) {}

    /** True with two independent roots or more. */
    public boolean confirmedByIndependentSources() {
        return independentSources >= 2;
    }

    static Picture of(String threatId, List<ThreatReport> members, Grouping grouping, Instant now) {
        List<ThreatReport> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(ThreatReport::published).thenComparing(ThreatReport::id));
        List<ReportLine> lines = new ArrayList<>();
        Instant earliest = null;
        Instant latest = null;
        Instant overlapStart = null;
        Instant overlapEnd = null;
        boolean allWindowed = true;
        List<Integer> threat = new ArrayList<>();
        List<Integer> timing = new ArrayList<>();
        List<DismissalLine> dismissals = new ArrayList<>();
        for (ThreatReport r : sorted) {
            State s = stateOf(r, now);
            lines.add(new ReportLine(
                    r.id(),
                    r.producer(),
                    grouping.rootOf(r.id()),
                    r.window(),
                    r.threatConfidence(),
                    r.timingConfidence(),
                    s,
                    r.state().retired() ? r.state().reason() : null,
                    r.reached()));
            if (r.window().isPresent()) {
                Instant f = r.window().get().from();
                Instant t = r.window().get().to();
                earliest = earliest == null || f.isBefore(earliest) ? f : earliest;
                latest = latest == null || t.isAfter(latest) ? t : latest;
                overlapStart = overlapStart == null || f.isAfter(overlapStart) ? f : overlapStart;
                overlapEnd = overlapEnd == null || t.isBefore(overlapEnd) ? t : overlapEnd;
            } else {
                allWindowed = false;
            }
            r.threatConfidence().ifPresent(threat::add);
            r.timingConfidence().ifPresent(timing::add);
            r.dismissals().forEach(d -> dismissals.add(new DismissalLine(r.id(), d)));
        }
        Optional<ThreatReport.Window> overlap = allWindowed && overlapStart != null && overlapEnd.isAfter(overlapStart)
                ? Optional.of(new ThreatReport.Window(overlapStart, overlapEnd))
                : Optional.empty();
        State state = State.RETIRED;
        for (ReportLine l : lines) {
            if (l.state() == State.ACTIVE) {
                state = State.ACTIVE;
                break;
            }
            if (l.state() == State.WINDOW_LAPSED) {
                state = State.WINDOW_LAPSED;
            }
        }
        return new Picture(
                threatId,
                now,
                lines,
                Optional.ofNullable(earliest),
                Optional.ofNullable(latest),
                overlap,
                range(threat),
                range(timing),
                state,
                grouping.independentSources(),
                grouping.producers(),
                dismissals,
                notes(lines));
    }

    static State stateOf(ThreatReport r, Instant now) {
        if (r.state().retired()) {
            return State.RETIRED;
        }
        if (r.window().isPresent()
                && r.window().get().end() != null
                && !r.window().get().end().isAfter(now)) {
            return State.WINDOW_LAPSED;
        }
        return State.ACTIVE;
    }

    private static Optional<Range> range(List<Integer> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        int min = values.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = values.stream().mapToInt(Integer::intValue).max().orElseThrow();
        return Optional.of(new Range(min, max, values.size()));
    }

    /** For each lapsed report: the independent groups other than its own that are still active. */
    private static List<String> notes(List<ReportLine> lines) {
        Map<String, Set<String>> activeByRoot = new LinkedHashMap<>();
        for (ReportLine l : lines) {
            if (l.state() == State.ACTIVE) {
                activeByRoot
                        .computeIfAbsent(l.root(), k -> new LinkedHashSet<>())
                        .add(l.producer());
            }
        }
        List<String> out = new ArrayList<>();
        for (ReportLine l : lines) {
            if (l.state() != State.WINDOW_LAPSED) {
                continue;
            }
            List<String> others = new ArrayList<>();
            activeByRoot.forEach((root, producers) -> {
                if (!root.equals(l.root())) {
                    others.add(String.join(" and ", producers));
                }
            });
            if (!others.isEmpty()) {
                out.add("The window of " + l.reportId() + " (" + l.producer() + ") lapsed on "
                        + l.window().get().end() + ", but " + others.size() + " independent "
                        + (others.size() == 1 ? "warning is" : "warnings are") + " still active ("
                        + String.join("; ", others) + "). A lapsed window does not make a warning false.");
            }
        }
        return out;
    }

    /** The picture in plain words, for a newcomer. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append("Threat ")
                .append(threatId)
                .append(": ")
                .append(reports.size())
                .append(reports.size() == 1 ? " report" : " reports")
                .append(" from ")
                .append(producers.size())
                .append(producers.size() == 1 ? " producer" : " producers")
                .append(" (")
                .append(String.join(", ", producers))
                .append("), ")
                .append(independentSources)
                .append(independentSources == 1 ? " independent source" : " independent sources")
                .append(
                        confirmedByIndependentSources()
                                ? ": confirmed by independent sources.\n"
                                : ": not confirmed by independent sources.\n");
        b.append("State: ")
                .append(
                        switch (state) {
                            case ACTIVE -> "active";
                            case WINDOW_LAPSED ->
                                "window lapsed (still considered current until a producer retires it)";
                            case RETIRED -> "retired by its producers";
                        })
                .append(".\n");
        if (earliestStart.isPresent()) {
            b.append("Windows: from ")
                    .append(earliestStart.get())
                    .append(" to ")
                    .append(latestEnd.get());
            b.append(overlap.map(o -> "; all overlap from " + o.start() + " to " + o.end())
                            .orElse("; no span common to all"))
                    .append(".\n");
        } else {
            b.append("No report names a window.\n");
        }
        b.append("Confidence in the threat: ")
                .append(threatConfidence.map(Picture::words).orElse("not stated"))
                .append("; in its timing: ")
                .append(timingConfidence.map(Picture::words).orElse("not stated"))
                .append(".\n");
        for (ReportLine l : reports) {
            if (l.state() == State.RETIRED) {
                b.append(l.reportId())
                        .append(" retired by ")
                        .append(l.producer())
                        .append(": ")
                        .append(l.retirementReason())
                        .append(".\n");
            }
        }
        for (DismissalLine d : dismissals) {
            b.append(d.reportId())
                    .append(" dismissed by ")
                    .append(d.dismissal().by())
                    .append(" (")
                    .append(d.dismissal().kind())
                    .append(") at ")
                    .append(d.dismissal().at())
                    .append(".\n");
        }
        notes.forEach(n -> b.append(n).append('\n'));
        return b.toString();
    }

    private static String words(Range r) {
        return r.min() == r.max()
                ? r.min() + " (" + r.count() + " stated)"
                : r.min() + " to " + r.max() + " (" + r.count() + " stated)";
    }
}
