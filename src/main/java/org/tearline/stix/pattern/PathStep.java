package org.tearline.stix.pattern;

import java.util.Objects;

/**
 * One step of an object path after the object type (STIX 2.1 section 9.7): a property name or
 * dictionary key, a list index, or the any-index {@code [*]}.
 */
public sealed interface PathStep {

    /**
     * This step as pattern text, without the dot that separates a property from the step before
     * it: {@code name}, {@code 'SHA-256'}, {@code [0]} or {@code [*]}.
     */
    default String render() {
        return Renderer.step(this);
    }

    /**
     * A property name or dictionary key, written {@code name} or, when it is not a plain
     * identifier, quoted as {@code 'SHA-256'}.
     *
     * @param name the name with quotes and escapes removed; never empty
     */
    record Property(String name) implements PathStep {

        /** Checks that the name is not empty. */
        public Property {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a property name cannot be empty");
            }
        }
    }

    /**
     * A list index, {@code [0]}.
     *
     * @param index zero-based, at most {@link Constant#MAX_INTEGER}
     */
    record Index(long index) implements PathStep {

        /** Checks the range. */
        public Index {
            if (index < 0 || index > Constant.MAX_INTEGER) {
                throw new IllegalArgumentException("list index out of range");
            }
        }
    }

    /** Every item of a list, {@code [*]}. */
    record AnyIndex() implements PathStep {}
}
