package org.tearline.stix.pattern;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An object path, {@code <object-type>:<property>(.<property> | [<index>] | [*])*} (STIX 2.1
 * section 9.7), e.g. {@code file:extensions.'windows-pebinary-ext'.sections[*].entropy}.
 *
 * <p>The parser checks only the grammar: whether the object type is a well-formed STIX type name
 * and whether the properties exist on that type is for a validator to decide.
 *
 * @param objectType the object type as written; an identifier ({@code [A-Za-z_][A-Za-z0-9_-]*})
 *     that is not a keyword of the pattern language
 * @param steps the steps after the colon; the first is always a {@link PathStep.Property}
 */
public record ObjectPath(String objectType, List<PathStep> steps) {

    /** Checks the object type's shape and that the path starts with a property. */
    public ObjectPath {
        Objects.requireNonNull(objectType, "objectType");
        steps = List.copyOf(steps);
        if (!Lexer.isIdentifier(objectType, true) || Keyword.isReserved(objectType)) {
            throw new IllegalArgumentException("object type is not an identifier: " + objectType);
        }
        if (steps.isEmpty() || !(steps.get(0) instanceof PathStep.Property)) {
            throw new IllegalArgumentException("an object path starts with a property name");
        }
    }

    /** Convenience for a path made of property names only, e.g. {@code of("file", "name")}. */
    public static ObjectPath of(String objectType, String... propertyNames) {
        return new ObjectPath(
                objectType,
                Arrays.stream(propertyNames)
                        .<PathStep>map(PathStep.Property::new)
                        .toList());
    }

    /** The first property name after the colon: a property of the object type itself. */
    public String property() {
        return ((PathStep.Property) steps.get(0)).name();
    }

    /** This path as pattern text, quoting names where the grammar requires it. */
    public String render() {
        return Renderer.path(this);
    }
}
