package org.tearline.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Granular-marking selectors (STIX 2.1 section 7.2.3.1) as paths: property names and list
 * indexes, e.g. {@code external_references.[0].source_name} is [external_references, 0,
 * source_name].
 */
final class Selectors {

    private Selectors() {}

    /** The path a selector names, or empty when it is malformed. */
    static Optional<List<Object>> parse(String selector) {
        List<Object> path = new ArrayList<>();
        for (String part : selector.split("\\.", -1)) {
            if (part.isEmpty()) {
                return Optional.empty();
            }
            if (part.startsWith("[") && part.endsWith("]")) {
                try {
                    int index = Integer.parseInt(part.substring(1, part.length() - 1));
                    if (index < 0) {
                        return Optional.empty();
                    }
                    path.add(index);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            } else {
                path.add(part);
            }
        }
        return Optional.of(path);
    }

    /** The selector for a path. */
    static String render(List<Object> path) {
        StringBuilder b = new StringBuilder();
        for (Object step : path) {
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(step instanceof Integer i ? "[" + i + "]" : step.toString());
        }
        return b.toString();
    }
}
