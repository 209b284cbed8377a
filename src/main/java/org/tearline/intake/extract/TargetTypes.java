package org.tearline.intake.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kinds of target named in prose ("concerts", "shopping centres", "the metro"), each as a
 * location description and, where STIX's industry-sector-ov has a fitting value, a sector.
 * Places of worship and crowds have no sector there: they stay descriptions.
 */
final class TargetTypes {

    /** One kind of target: the words that name it, its description and its sector (or ""). */
    private record Type(String description, String sector, Pattern words) {}

    // A phrase in prose may be wrapped: "large\ngatherings" is still one phrase. Unlike an
    // indicator, whose tokens a line break keeps apart, words of a phrase may span one break.
    private static final String BETWEEN_WORDS = "(?:[ \\t]+|[ \\t]*\\R[ \\t]*)";

    private static Type type(String description, String sector, String words) {
        return new Type(
                description,
                sector,
                Pattern.compile("(?i)(?<![a-z])(?:" + words.replace(" ", BETWEEN_WORDS) + ")(?![a-z])"));
    }

    private static final List<Type> TYPES = List.of(
            type("concerts", "entertainment", "concerts?|music festivals?|concert halls?|concert venues?"),
            type(
                    "large gatherings",
                    "",
                    "large gatherings?|mass gatherings?|public gatherings?|crowded places|crowded areas|crowds|large crowds|large events|mass events|public events|festivals?|parades?|rallies|demonstrations|protests|celebrations"),
            type(
                    "sporting events",
                    "entertainment",
                    "sporting events?|sports events?|stadiums?|stadia|sports venues?|arenas?"),
            type(
                    "shopping centres",
                    "retail",
                    "shopping cent(?:re|er)s?|shopping malls?|malls?|markets|marketplaces?|bazaars?|department stores?|shopping areas?"),
            type(
                    "transport",
                    "transportation",
                    "public transport(?:ation)?|mass transit|transit systems?|metro(?: stations?| system)?|subways?(?: stations?)?|underground stations?|railway stations?|rail stations?|train stations?|railways?|trains|airports?|bus stations?|bus terminals?|buses|ports|ferr(?:y|ies)|transport hubs?|transportation hubs?"),
            type(
                    "places of worship",
                    "",
                    "places of worship|religious sites?|religious institutions?|religious gatherings?|religious services|churches|church|mosques?|synagogues?|temples|cathedrals?"),
            type("schools", "education", "schools?|universit(?:y|ies)|colleges?|educational institutions?"),
            type(
                    "government buildings",
                    "government",
                    "government buildings?|government facilities|government offices|ministries|parliaments?|embassies|consulates?|diplomatic (?:facilities|missions?|premises)|police stations?|courthouses?|city halls?"),
            type(
                    "hotels and restaurants",
                    "hospitality-leisure",
                    "hotels?|restaurants?|cafes|caf\u00e9s|bars|nightclubs?|night clubs?|tourist (?:sites|areas|attractions|destinations)|resorts?|theat(?:re|er)s|cinemas?"),
            type("hospitals", "healthcare", "hospitals?|clinics?|medical facilities"),
            type("banks", "financial-services", "banks|financial institutions|bank branches"),
            type(
                    "energy facilities",
                    "energy",
                    "power plants?|power stations?|refiner(?:y|ies)|pipelines?|electrical grid|power grid|substations?"));

    private TargetTypes() {}

    static List<Found> find(String page) {
        List<Found> found = new ArrayList<>();
        Ranges taken = new Ranges();
        for (Type type : TYPES) {
            Matcher m = type.words.matcher(page);
            while (m.find()) {
                if (taken.overlaps(m.start(), m.end())) {
                    continue;
                }
                taken.add(m.start(), m.end());
                Map<String, String> details = new LinkedHashMap<>();
                details.put("description", type.description);
                if (!type.sector.isEmpty()) {
                    details.put("sector", type.sector);
                }
                found.add(new Found(
                        CandidateKind.TARGET_TYPE,
                        type.description,
                        m.start(),
                        m.end(),
                        "target-" + type.description.replace(' ', '-'),
                        details));
            }
        }
        return found;
    }
}
