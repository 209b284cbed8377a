package org.tearline.threat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A report as the threat engine sees it: what it says about a threat (targets, window, actors,
 * indicators, techniques, text), where it came from (producer, provenance, references,
 * relationships) and what became of it (state, dismissals, who it reached). Built by a service
 * from a stored STIX report ({@link ThreatReports#fromStix}) or by hand in tests; every list is
 * copied and never null.
 *
 * @param id the report's id (a STIX id where there is one)
 * @param producer the identity that issued it (id or name); reports with the same producer are
 *     never independent of each other
 * @param published when it was issued
 * @param window the threat window it names, if any
 * @param threatConfidence 0-100, how sure the producer is that the threat is real, if stated
 * @param timingConfidence 0-100, how sure it is of the window, if stated; kept apart on purpose
 * @param places the places it names as targets
 * @param targets the identities or sectors it names as targets
 * @param actors the actors it names
 * @param indicators its indicators
 * @param attackIds ATT&amp;CK technique ids (e.g. {@code T1190})
 * @param text its name and description
 * @param references its external references (URLs, document hashes)
 * @param relations ids of reports it is derived from or a duplicate of
 * @param provenance where it came from, when it arrived through others
 * @param state active or retired (a lapsed window is computed from the window, not stated)
 * @param dismissals dismissals of it (disagreeing opinions, retirements as not credible)
 * @param reached the audiences or peers it reached
 */
public record ThreatReport(
        String id,
        String producer,
        Instant published,
        Optional<Window> window,
        Optional<Integer> threatConfidence,
        Optional<Integer> timingConfidence,
        List<Place> places,
        List<Target> targets,
        List<Actor> actors,
        List<Indicator> indicators,
        List<String> attackIds,
        String text,
        List<Reference> references,
        List<Relation> relations,
        Optional<Provenance> provenance,
        State state,
        List<Dismissal> dismissals,
        List<String> reached) {

    public ThreatReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(window, "window");
        threatConfidence = checkConfidence("threat confidence", threatConfidence);
        timingConfidence = checkConfidence("timing confidence", timingConfidence);
        places = List.copyOf(places);
        targets = List.copyOf(targets);
        actors = List.copyOf(actors);
        indicators = List.copyOf(indicators);
        attackIds = List.copyOf(attackIds);
        text = text == null ? "" : text;
        references = List.copyOf(references);
        relations = List.copyOf(relations);
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(state, "state");
        dismissals = List.copyOf(dismissals);
        reached = List.copyOf(reached);
    }

    private static Optional<Integer> checkConfidence(String what, Optional<Integer> value) {
        Objects.requireNonNull(value, what);
        value.ifPresent(v -> {
            if (v < 0 || v > 100) {
                throw new IllegalArgumentException(what + " must be from 0 to 100, not " + v);
            }
        });
        return value;
    }

    /** A report with only an id, a producer and a publication time; fill it with the withers. */
    public static ThreatReport of(String id, String producer, Instant published) {
        return new ThreatReport(
                id,
                producer,
                published,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "",
                List.of(),
                List.of(),
                Optional.empty(),
                State.ACTIVE,
                List.of(),
                List.of());
    }

    /**
     * The producer the report originally came from: the provenance's origin when it was
     * relayed, its own producer otherwise.
     */
    public String origin() {
        return provenance.map(Provenance::origin).orElse(producer);
    }

    public ThreatReport withWindow(Instant start, Instant end) {
        return copy(p -> p.window = Optional.of(new Window(start, end)));
    }

    public ThreatReport withConfidences(Integer threat, Integer timing) {
        return copy(p -> {
            p.threatConfidence = Optional.ofNullable(threat);
            p.timingConfidence = Optional.ofNullable(timing);
        });
    }

    public ThreatReport withPlaces(List<Place> value) {
        return copy(p -> p.places = value);
    }

    public ThreatReport withTargets(List<Target> value) {
        return copy(p -> p.targets = value);
    }

    public ThreatReport withActors(List<Actor> value) {
        return copy(p -> p.actors = value);
    }

    public ThreatReport withIndicators(List<Indicator> value) {
        return copy(p -> p.indicators = value);
    }

    public ThreatReport withAttackIds(List<String> value) {
        return copy(p -> p.attackIds = value);
    }

    public ThreatReport withText(String value) {
        return copy(p -> p.text = value);
    }

    public ThreatReport withReferences(List<Reference> value) {
        return copy(p -> p.references = value);
    }

    public ThreatReport withRelations(List<Relation> value) {
        return copy(p -> p.relations = value);
    }

    public ThreatReport withProvenance(Provenance value) {
        return copy(p -> p.provenance = Optional.ofNullable(value));
    }

    public ThreatReport withState(State value) {
        return copy(p -> p.state = value);
    }

    public ThreatReport withDismissals(List<Dismissal> value) {
        return copy(p -> p.dismissals = value);
    }

    public ThreatReport withReached(List<String> value) {
        return copy(p -> p.reached = value);
    }

    /** This report with the parts {@code change} sets; every wither is one such change. */
    private ThreatReport copy(Consumer<Parts> change) {
        Parts p = new Parts(this);
        change.accept(p);
        return p.build();
    }

    /** A report's components, mutable for the moment of one change. */
    private static final class Parts {
        String id;
        String producer;
        Instant published;
        Optional<Window> window;
        Optional<Integer> threatConfidence;
        Optional<Integer> timingConfidence;
        List<Place> places;
        List<Target> targets;
        List<Actor> actors;
        List<Indicator> indicators;
        List<String> attackIds;
        String text;
        List<Reference> references;
        List<Relation> relations;
        Optional<Provenance> provenance;
        State state;
        List<Dismissal> dismissals;
        List<String> reached;

        Parts(ThreatReport r) {
            this.id = r.id;
            this.producer = r.producer;
            this.published = r.published;
            this.window = r.window;
            this.threatConfidence = r.threatConfidence;
            this.timingConfidence = r.timingConfidence;
            this.places = r.places;
            this.targets = r.targets;
            this.actors = r.actors;
            this.indicators = r.indicators;
            this.attackIds = r.attackIds;
            this.text = r.text;
            this.references = r.references;
            this.relations = r.relations;
            this.provenance = r.provenance;
            this.state = r.state;
            this.dismissals = r.dismissals;
            this.reached = r.reached;
        }

        ThreatReport build() {
            return new ThreatReport(
                    id,
                    producer,
                    published,
                    window,
                    threatConfidence,
                    timingConfidence,
                    places,
                    targets,
                    actors,
                    indicators,
                    attackIds,
                    text,
                    references,
                    relations,
                    provenance,
                    state,
                    dismissals,
                    reached);
        }
    }

    /** A threat window; either end may be open. */
    public record Window(Instant start, Instant end) {
        public Window {
            if (start == null && end == null) {
                throw new IllegalArgumentException("a window needs a start or an end");
            }
            if (start != null && end != null && end.isBefore(start)) {
                throw new IllegalArgumentException("a window's end " + end + " is before its start " + start);
            }
        }

        /** The start, or the end where only the end is known. */
        public Instant from() {
            return start != null ? start : end;
        }

        /** The end, or the start where only the start is known. */
        public Instant to() {
            return end != null ? end : start;
        }
    }

    /**
     * A target place, from the widest level to the narrowest given: a venue inside a city inside
     * a region inside a country. Names are kept as written; the engine normalises them ({@link
     * PlaceNames}).
     *
     * @param country ISO 3166-1 alpha-2 code, or a country name, or null
     * @param region region, province, oblast, state, or null
     * @param city city or town, or null
     * @param venue a building, site or event place, or null
     */
    public record Place(String country, String region, String city, String venue) {
        public Place {
            if (country == null && region == null && city == null && venue == null) {
                throw new IllegalArgumentException("a place needs at least one level");
            }
        }

        /** The narrowest name given. */
        public String name() {
            return venue != null ? venue : city != null ? city : region != null ? region : country;
        }
    }

    /**
     * A target identity or sector.
     *
     * @param id the identity's id, or null
     * @param name its name, or null
     * @param sectors sectors (STIX industry-sector vocabulary or free words)
     */
    public record Target(String id, String name, List<String> sectors) {
        public Target {
            sectors = List.copyOf(sectors);
        }
    }

    /**
     * An actor (threat actor or intrusion set).
     *
     * @param id its object id, or null
     * @param name its name
     * @param aliases other names for it
     */
    public record Actor(String id, String name, List<String> aliases) {
        public Actor {
            aliases = List.copyOf(aliases);
        }
    }

    /**
     * An indicator value with its type, e.g. {@code ipv4-addr} {@code 198.51.100.0/24}, {@code
     * domain-name} {@code example.org}, {@code file:hashes.SHA-256} {@code ab12...}.
     */
    public record Indicator(String type, String value) {
        public Indicator {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    /** An external reference: a URL, a document hash (algorithm and value), or both. */
    public record Reference(String url, String hash) {}

    /** A relationship from this report to another: {@code derived-from} or {@code duplicate-of}. */
    public record Relation(String type, String targetId) {}

    /**
     * How a report reached us through others.
     *
     * @param origin the producer it originally came from
     * @param originReportId the report's id at the origin, if known
     * @param hops the relays it passed through, from the origin onwards
     */
    public record Provenance(String origin, String originReportId, List<String> hops) {
        public Provenance {
            Objects.requireNonNull(origin, "origin");
            hops = List.copyOf(hops);
        }
    }

    /**
     * Active or retired. A lapsed window is not a state a report is put in: it is computed from
     * the window and the time, and a lapsed report stays active.
     *
     * @param retired whether its producer retired it
     * @param reason the producer's stated reason (occurred, averted, no-longer-credible,
     *     superseded), required when retired
     */
    public record State(boolean retired, String reason) {
        public static final State ACTIVE = new State(false, null);

        public State {
            if (retired && (reason == null || reason.isBlank())) {
                throw new IllegalArgumentException("a report is retired only with its producer's stated reason");
            }
        }

        public static State retired(String reason) {
            return new State(true, reason);
        }
    }

    /**
     * A dismissal: an opinion of disagree or strongly-disagree, or a retirement as no longer
     * credible.
     *
     * @param by who dismissed it
     * @param at when
     * @param kind e.g. {@code strongly-disagree}, {@code no-longer-credible}
     * @param text what they said, if anything
     */
    public record Dismissal(String by, Instant at, String kind, String text) {}
}
