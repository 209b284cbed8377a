package org.tearline.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.tearline.release.Action;
import org.tearline.release.Markings;
import org.tearline.stix.Tlp;
import org.tearline.testing.CanaryGraphs.Granular;
import org.tearline.testing.CanaryGraphs.Kind;
import org.tearline.testing.CanaryGraphs.ObjectSpec;

/**
 * jqwik generators for leak tests: valid release policies with random actions, defaults,
 * admission, generalise rules and id and notice choices; and object specs for
 * {@link CanaryGraphs}, marked the way producers mark (objects mostly with TLP, their parts
 * mostly with source- and method-protection), every marking occurring everywhere.
 */
public final class LeakArbitraries {

    private LeakArbitraries() {}

    private static final List<String> MARKING_NAMES = List.of(
            "tlp:clear",
            "tlp:green",
            "tlp:amber",
            "tlp:amber+strict",
            "tlp:red",
            "source-protected",
            "method-protected",
            CanaryGraphs.CUSTOM_MARKING);

    private static final List<Tuple.Tuple2<String, LeakPolicy.Rule>> RULES = rules();

    private static List<Tuple.Tuple2<String, LeakPolicy.Rule>> rules() {
        List<Tuple.Tuple2<String, LeakPolicy.Rule>> r = new ArrayList<>();
        for (String p : List.of("first_seen", "last_seen", "valid_from", "published", "start_time", "first_observed")) {
            for (String unit : List.of("hour", "day", "month")) {
                r.add(Tuple.of(p, new LeakPolicy.Rule("timestamp", unit)));
            }
        }
        for (String p : List.of(
                "name",
                "description",
                "content",
                "contact_information",
                "phase_name",
                "labels",
                "aliases",
                "x_remark",
                "city",
                "external_id")) {
            r.add(Tuple.of(p, new LeakPolicy.Rule("phrase", "a well-placed human source")));
        }
        r.add(Tuple.of("confidence", new LeakPolicy.Rule("number", "10")));
        r.add(Tuple.of("count", new LeakPolicy.Rule("number", "100")));
        r.add(Tuple.of("number_observed", new LeakPolicy.Rule("number", "100")));
        r.add(Tuple.of("x_score", new LeakPolicy.Rule("number", "10")));
        // A rule that does not fit the value: the value is redacted instead.
        r.add(Tuple.of("description", new LeakPolicy.Rule("timestamp", "day")));
        return List.copyOf(r);
    }

    /** For unmarked and unlisted: mostly stated, and then mostly lenient. */
    public static Arbitrary<Action> defaults() {
        return Arbitraries.frequency(
                        Tuple.of(4, Action.RELEASE),
                        Tuple.of(1, Action.GENERALISE),
                        Tuple.of(1, Action.REDACT),
                        Tuple.of(1, Action.WITHHOLD))
                .injectNull(0.2);
    }

    public static Arbitrary<LeakPolicy> policies() {
        // TLP levels mostly released, protections mostly generalised or redacted, as in the
        // documented examples; every action occurs for every marking.
        Arbitrary<Action> tlpAction = Arbitraries.frequency(
                        Tuple.of(6, Action.RELEASE),
                        Tuple.of(1, Action.GENERALISE),
                        Tuple.of(1, Action.REDACT),
                        Tuple.of(2, Action.WITHHOLD))
                .injectNull(0.2);
        Arbitrary<Action> protection = Arbitraries.frequency(
                        Tuple.of(2, Action.RELEASE),
                        Tuple.of(3, Action.GENERALISE),
                        Tuple.of(3, Action.REDACT),
                        Tuple.of(1, Action.WITHHOLD))
                .injectNull(0.2);
        Arbitrary<Map<String, Action>> markings = Combinators.combine(
                        tlpAction.list().ofSize(5), protection.list().ofSize(3))
                .as((a, b) -> {
                    List<Action> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                })
                .map(list -> {
                    Map<String, Action> m = new LinkedHashMap<>();
                    for (int i = 0; i < list.size(); i++) {
                        if (list.get(i) != null) {
                            m.put(MARKING_NAMES.get(i), list.get(i));
                        }
                    }
                    return m;
                });
        // All types, or all but a few.
        Arbitrary<Set<String>> types = Arbitraries.frequencyOf(
                Tuple.of(7, Arbitraries.just(Set.<String>of())),
                Tuple.of(
                        3,
                        Arbitraries.of(Kind.values())
                                .set()
                                .ofMinSize(1)
                                .ofMaxSize(4)
                                .map(excluded -> {
                                    Set<String> admitted = new TreeSet<>();
                                    for (Kind k : Kind.values()) {
                                        if (!excluded.contains(k)) {
                                            admitted.add(k.type);
                                        }
                                    }
                                    return admitted;
                                })));
        Arbitrary<Map<String, LeakPolicy.Rule>> rules = Arbitraries.of(RULES)
                .set()
                .ofMaxSize(10)
                .map(set -> {
                    Map<String, LeakPolicy.Rule> m = new HashMap<>();
                    RULES.stream().filter(set::contains).forEach(t -> m.putIfAbsent(t.get1(), t.get2()));
                    return m;
                });
        Arbitrary<Optional<String>> place =
                Arbitraries.of("city", "region", "country").optional(0.6);
        Arbitrary<Optional<Tlp>> ceiling = Arbitraries.frequency(
                        Tuple.of(1, Tlp.CLEAR),
                        Tuple.of(2, Tlp.GREEN),
                        Tuple.of(3, Tlp.AMBER),
                        Tuple.of(3, Tlp.AMBER_STRICT),
                        Tuple.of(2, Tlp.RED))
                .optional(0.5);
        return Combinators.combine(
                        markings,
                        defaults(),
                        defaults(),
                        ceiling,
                        types,
                        rules,
                        place,
                        Arbitraries.integers().between(0, 7))
                .as((m, unmarked, unlisted, tlp, admit, g, loc, flags) -> new LeakPolicy(
                        "partner",
                        List.of("p"),
                        List.of("intel"),
                        m,
                        unmarked,
                        unlisted,
                        tlp,
                        admit,
                        g,
                        loc,
                        (flags & 3) != 0,
                        (flags & 4) == 0,
                        false));
    }

    public static Arbitrary<ObjectSpec> objectSpecs() {
        return objectSpecs(
                Arbitraries.frequency(
                        Tuple.of(2, Kind.IDENTITY),
                        Tuple.of(2, Kind.THREAT_ACTOR),
                        Tuple.of(2, Kind.INDICATOR),
                        Tuple.of(2, Kind.LOCATION),
                        Tuple.of(1, Kind.MALWARE),
                        Tuple.of(1, Kind.ATTACK_PATTERN),
                        Tuple.of(4, Kind.RELATIONSHIP),
                        Tuple.of(1, Kind.SIGHTING),
                        Tuple.of(2, Kind.REPORT),
                        Tuple.of(1, Kind.GROUPING),
                        Tuple.of(1, Kind.NOTE),
                        Tuple.of(1, Kind.OBSERVED_DATA),
                        Tuple.of(1, Kind.FILE),
                        Tuple.of(1, Kind.IPV4),
                        Tuple.of(1, Kind.LANGUAGE_CONTENT),
                        Tuple.of(1, Kind.EXTENSION_DEFINITION)),
                3);
    }

    public static Arbitrary<ObjectSpec> objectSpecs(Arbitrary<Kind> kind, int granularMarkings) {
        // Objects are mostly marked with TLP, their parts mostly with source- and
        // method-protection, as producers do; every marking occurs in both places.
        List<String> all = CanaryGraphs.MARKINGS;
        int sp = all.indexOf(Markings.SOURCE_PROTECTED_ID);
        int mp = all.indexOf(Markings.METHOD_PROTECTED_ID);
        Arbitrary<Integer> anyMarking = Arbitraries.integers().between(0, all.size() - 1);
        Arbitrary<Integer> tlpMarking = Arbitraries.integers()
                .between(0, all.size() - 1)
                .filter(i -> Tlp.ofMarkingId(all.get(i)).isPresent());
        Arbitrary<Integer> objectMarking = Arbitraries.frequencyOf(
                Tuple.of(5, tlpMarking), Tuple.of(1, Arbitraries.of(sp, mp)), Tuple.of(1, anyMarking));
        Arbitrary<Integer> partMarking =
                Arbitraries.frequencyOf(Tuple.of(2, anyMarking), Tuple.of(3, Arbitraries.of(sp, mp)));
        Arbitrary<Granular> granular = Combinators.combine(
                        partMarking, Arbitraries.integers().between(0, 63))
                .as(Granular::new);
        return Combinators.combine(
                        kind,
                        objectMarking.list().ofMaxSize(2),
                        granular.list().ofMaxSize(granularMarkings),
                        Arbitraries.integers().between(0, 999).list().ofMaxSize(4),
                        Arbitraries.integers().between(-1, 999),
                        Arbitraries.integers().between(0, (1 << 11) - 1))
                .as(ObjectSpec::new);
    }
}
