package org.tearline.intake.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The threat actors the store knows, found by name or alias, in any case, as whole words. */
final class Actors {

    private final Pattern pattern;
    private final Map<String, KnownActor> byName;

    private Actors(Pattern pattern, Map<String, KnownActor> byName) {
        this.pattern = pattern;
        this.byName = byName;
    }

    static Actors of(List<KnownActor> actors) {
        Map<String, KnownActor> byName = new HashMap<>();
        for (KnownActor actor : actors) {
            byName.putIfAbsent(actor.name().strip().toLowerCase(Locale.ROOT), actor);
            for (String alias : actor.aliases()) {
                byName.putIfAbsent(alias.strip().toLowerCase(Locale.ROOT), actor);
            }
        }
        byName.remove("");
        if (byName.isEmpty()) {
            return new Actors(null, byName);
        }
        List<String> names = new ArrayList<>(byName.keySet());
        // Longest first, so "Sandworm Team" wins over "Sandworm".
        names.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        StringBuilder alternation = new StringBuilder();
        for (String name : names) {
            if (alternation.length() > 0) {
                alternation.append('|');
            }
            alternation.append(Pattern.quote(name).replace(" ", "\\E\\s+\\Q"));
        }
        Pattern pattern = Pattern.compile(
                "(?<![\\p{L}\\p{N}_])(?:" + alternation + ")(?![\\p{L}\\p{N}_])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return new Actors(pattern, byName);
    }

    List<Found> find(String page) {
        List<Found> found = new ArrayList<>();
        if (pattern == null) {
            return found;
        }
        Matcher m = pattern.matcher(page);
        while (m.find()) {
            String said = m.group().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            KnownActor actor = byName.get(said);
            if (actor == null) {
                continue;
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("id", actor.id());
            details.put("matched", m.group());
            found.add(new Found(
                    CandidateKind.THREAT_ACTOR,
                    actor.name(),
                    m.start(),
                    m.end(),
                    said.equals(actor.name().toLowerCase(Locale.ROOT)) ? "actor-name" : "actor-alias",
                    details));
        }
        return found;
    }
}
