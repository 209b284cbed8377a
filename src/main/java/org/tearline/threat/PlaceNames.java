package org.tearline.threat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tearline.threat.ThreatReport.Place;

/**
 * Place names made comparable: each level folded ({@link Names#fold}), exonyms and local names
 * mapped to one form ("Moskva", "Москва" and "Moscow" are "moscow"; "Moskovskaya oblast" is
 * "moscow oblast"), country names mapped to their ISO code, and a missing region or country
 * filled in for the cities this table knows ("Krasnogorsk" is in Moscow Oblast, Russia).
 *
 * <p>The built-in table is small on purpose: it holds the names the case and the tests need
 * and the common European exonyms. A service with a gazetteer (the intake's) passes a fuller one
 * through {@link #with}; nothing in the matching depends on which names the table holds.
 */
public final class PlaceNames {

    /** A place with every level folded to its one form; null where unknown. */
    record Normal(String country, String region, String city, String venue) {}

    /** Where a city is, for filling the levels a report left out. */
    private record Within(String region, String country) {}

    private final Map<String, String> names;
    private final Map<String, String> countries;
    private final Map<String, Within> cities;

    private PlaceNames(Map<String, String> names, Map<String, String> countries, Map<String, Within> cities) {
        this.names = names;
        this.countries = countries;
        this.cities = cities;
    }

    /** The built-in table. */
    public static PlaceNames builtIn() {
        Map<String, String> names = new HashMap<>();
        alias(names, "moscow", "moskva", "москва", "moskau", "moscou", "mosca", "moskwa");
        alias(
                names,
                "moscow oblast",
                "moskovskaya oblast",
                "московская область",
                "moscow region",
                "moskovskaja oblast",
                "podmoskovye");
        alias(
                names,
                "saint petersburg",
                "sankt peterburg",
                "санкт петербург",
                "st petersburg",
                "st. petersburg",
                "petersburg");
        alias(names, "kyiv", "kiev", "київ", "киев", "kijow");
        alias(names, "vienna", "wien", "vienne");
        alias(names, "munich", "munchen", "münchen", "monaco di baviera");
        alias(names, "cologne", "koln", "köln");
        alias(names, "prague", "praha", "prag");
        alias(names, "warsaw", "warszawa", "varsovie");
        alias(names, "rome", "roma");
        alias(names, "florence", "firenze");
        alias(names, "brussels", "bruxelles", "brussel");
        alias(names, "the hague", "den haag", "s gravenhage", "la haye");
        alias(names, "lisbon", "lisboa");
        alias(names, "copenhagen", "kobenhavn", "københavn");
        alias(names, "athens", "athina", "αθήνα");
        alias(names, "belgrade", "beograd", "београд");
        alias(names, "bucharest", "bucuresti", "bucurești");
        alias(names, "geneva", "geneve", "genève", "genf");
        alias(names, "antwerp", "antwerpen", "anvers");

        Map<String, String> countries = new HashMap<>();
        country(countries, "RU", "russia", "russian federation", "россия", "rossiya");
        country(countries, "UA", "ukraine", "україна", "ukraina");
        country(countries, "US", "united states", "united states of america", "usa");
        country(countries, "GB", "united kingdom", "uk", "great britain", "britain");
        country(countries, "DE", "germany", "deutschland");
        country(countries, "FR", "france");
        country(countries, "AT", "austria", "osterreich", "österreich");
        country(countries, "IT", "italy", "italia");
        country(countries, "BE", "belgium", "belgique", "belgie");
        country(countries, "NL", "netherlands", "nederland", "holland");
        country(countries, "PL", "poland", "polska");
        country(countries, "CZ", "czechia", "czech republic", "cesko");
        country(countries, "PT", "portugal");
        country(countries, "DK", "denmark", "danmark");
        country(countries, "GR", "greece", "ellada");
        country(countries, "RS", "serbia", "srbija");
        country(countries, "RO", "romania");
        country(countries, "CH", "switzerland", "schweiz", "suisse");
        country(countries, "ES", "spain", "espana", "españa");
        country(countries, "SE", "sweden", "sverige");
        country(countries, "TR", "turkey", "turkiye", "türkiye");

        Map<String, Within> cities = new HashMap<>();
        // Moscow is a federal city, not part of the oblast around it; for where an attack may fall
        // the two are one metropolitan area, which is what the region level means here.
        cities.put("moscow", new Within("moscow oblast", "RU"));
        cities.put("krasnogorsk", new Within("moscow oblast", "RU"));
        cities.put("khimki", new Within("moscow oblast", "RU"));
        cities.put("podolsk", new Within("moscow oblast", "RU"));
        cities.put("saint petersburg", new Within("leningrad oblast", "RU"));
        cities.put("kyiv", new Within("kyiv oblast", "UA"));
        cities.put("paris", new Within("ile de france", "FR"));
        cities.put("saint denis", new Within("ile de france", "FR"));
        cities.put("vienna", new Within("vienna", "AT"));
        cities.put("berlin", new Within("berlin", "DE"));
        cities.put("munich", new Within("bavaria", "DE"));
        cities.put("nuremberg", new Within("bavaria", "DE"));
        cities.put("cologne", new Within("north rhine westphalia", "DE"));
        cities.put("dusseldorf", new Within("north rhine westphalia", "DE"));
        cities.put("brussels", new Within("brussels capital", "BE"));
        cities.put("antwerp", new Within("flanders", "BE"));
        cities.put("london", new Within("greater london", "GB"));
        cities.put("manchester", new Within("greater manchester", "GB"));
        cities.put("prague", new Within("prague", "CZ"));
        cities.put("warsaw", new Within("masovia", "PL"));
        cities.put("rome", new Within("lazio", "IT"));
        cities.put("milan", new Within("lombardy", "IT"));
        return new PlaceNames(names, countries, cities);
    }

    /**
     * This table with more names: {@code aliases} maps a variant to its one form, {@code
     * cityRegions} a city's one form to {@code region/CC}.
     */
    public PlaceNames with(Map<String, String> aliases, Map<String, String> cityRegions) {
        Map<String, String> n = new HashMap<>(names);
        aliases.forEach((k, v) -> n.put(Names.fold(k), Names.fold(v)));
        Map<String, Within> c = new HashMap<>(cities);
        cityRegions.forEach((k, v) -> {
            int slash = v.lastIndexOf('/');
            c.put(
                    canonical(Names.fold(k)),
                    new Within(
                            Names.fold(v.substring(0, slash)),
                            v.substring(slash + 1).toUpperCase(Locale.ROOT)));
        });
        return new PlaceNames(n, countries, c);
    }

    private static void alias(Map<String, String> names, String canonical, String... variants) {
        String c = Names.fold(canonical);
        names.put(c, c);
        for (String v : variants) {
            names.put(Names.fold(v), c);
        }
    }

    private static void country(Map<String, String> countries, String code, String... variants) {
        countries.put(Names.fold(code), code);
        for (String v : variants) {
            countries.put(Names.fold(v), code);
        }
    }

    /** The one form of a folded name: its table entry, or itself. */
    String canonical(String folded) {
        return names.getOrDefault(folded, folded);
    }

    /** A country as its ISO code when it is one or the table knows its name, else folded. */
    String country(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String f = Names.fold(name);
        String code = countries.get(f);
        if (code != null) {
            return code;
        }
        return f.length() == 2 ? f.toUpperCase(Locale.ROOT) : f;
    }

    /** A place normalised, its missing region and country filled from the table where known. */
    Normal normalise(Place p) {
        String country = country(p.country());
        String region = level(p.region());
        String city = level(p.city());
        String venue = level(p.venue());
        if (city != null) {
            Within w = cities.get(city);
            if (w != null) {
                if (region == null) {
                    region = w.region();
                }
                if (country == null) {
                    country = w.country();
                }
            }
        }
        return new Normal(country, region, city, venue);
    }

    private String level(String name) {
        if (name == null) {
            return null;
        }
        String f = Names.fold(name);
        return f.isEmpty() ? null : canonical(f);
    }
}
