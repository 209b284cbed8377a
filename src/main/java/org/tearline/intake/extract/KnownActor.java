package org.tearline.intake.extract;

import java.util.List;

/**
 * A threat actor (or intrusion set) the store already holds, for matching by name and alias.
 *
 * @param id      its STIX id
 * @param name    its name
 * @param aliases its aliases
 */
public record KnownActor(String id, String name, List<String> aliases) {

    public KnownActor {
        aliases = List.copyOf(aliases);
    }
}
