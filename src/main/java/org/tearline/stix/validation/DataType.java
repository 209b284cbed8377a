package org.tearline.stix.validation;

import java.util.Set;

/**
 * The STIX data type a {@link ValueCheck} holds a property to, in the words of section 2, so the
 * registry can be read as the specification's property tables (which properties a type has,
 * which it requires, and of what type each is). Read-only; checking is the check's business.
 *
 * @param name   the section 2 type name: string, boolean, integer, float, timestamp, hex,
 *               binary, hashes, identifier, list, dictionary, object, enum; or a name for what
 *               section 2 has no type for (extensions, observable-objects, language-contents,
 *               integer-or-string, any, not-applicable, reserved)
 * @param format for a string, the form it must have (url, language, ...); for a timestamp,
 *               "millis" when millisecond precision is required; otherwise null
 * @param item   the type of a list's items or a dictionary's values; otherwise null
 * @param values a closed enumeration's values; otherwise empty
 * @param shape  an object type's own table; otherwise null
 * @param refs   the types an identifier may refer to; otherwise null
 * @param min    the smallest value a number may take, or null
 * @param max    the largest value a number may take, or null
 */
record DataType(
        String name,
        String format,
        DataType item,
        Set<String> values,
        Shape shape,
        RefTypes refs,
        Number min,
        Number max) {

    /** A check built without a declared type; no check in the registry should have it. */
    static final DataType UNDECLARED = simple("undeclared");

    static DataType simple(String name) {
        return new DataType(name, null, null, Set.of(), null, null, null, null);
    }

    static DataType formatted(String name, String format) {
        return new DataType(name, format, null, Set.of(), null, null, null, null);
    }

    static DataType number(String name, Number min, Number max) {
        return new DataType(name, null, null, Set.of(), null, null, min, max);
    }

    static DataType of(String name, DataType item) {
        return new DataType(name, null, item, Set.of(), null, null, null, null);
    }

    static DataType enumeration(String vocabulary, Set<String> values) {
        return new DataType("enum", vocabulary, null, Set.copyOf(values), null, null, null, null);
    }

    static DataType object(Shape shape) {
        return new DataType("object", shape.name(), null, Set.of(), shape, null, null, null);
    }

    static DataType identifier(RefTypes refs) {
        return new DataType("identifier", null, null, Set.of(), null, refs, null, null);
    }

    /** The type as the specification would write it, e.g. "list of identifier". */
    @Override
    public String toString() {
        if (item != null) {
            return name + " of " + item;
        }
        return format == null ? name : name + " (" + format + ")";
    }
}
