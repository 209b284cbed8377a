package org.tearline.stix.vocab;

import java.nio.charset.Charset;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Character set names for the STIX {@code _enc} properties, which must name a character set of
 * the IANA character set registry (STIX 2.1 section 3.9.1). The set is built once from the names
 * and aliases of the character sets the Java platform knows (its canonical names are the IANA
 * names, its aliases include the IANA aliases), leaving out the platform's private {@code x-}
 * names, which IANA does not register. The platform set is a subset of the registry, so a rare
 * registered name may be refused; what is accepted is registered.
 */
public final class CharacterSets {

    private static final Set<String> NAMES = build();

    private CharacterSets() {}

    private static Set<String> build() {
        Set<String> names = new HashSet<>();
        for (Charset c : Charset.availableCharsets().values()) {
            add(names, c.name());
            for (String alias : c.aliases()) {
                add(names, alias);
            }
        }
        return Set.copyOf(names);
    }

    private static void add(Set<String> names, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!n.startsWith("x-")) {
            names.add(n);
        }
    }

    /** True when {@code name} names a registered character set (case-insensitively). */
    public static boolean isRegistered(String name) {
        return name != null && name.length() <= 64 && NAMES.contains(name.toLowerCase(Locale.ROOT));
    }
}
