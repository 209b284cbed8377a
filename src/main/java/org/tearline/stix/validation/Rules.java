package org.tearline.stix.validation;

/**
 * The stable names of the rules a {@link Violation} can report. Clients may match on these;
 * the messages that go with them are for people and may change.
 */
public final class Rules {

    /** The input is not a JSON object where a STIX object is expected. */
    public static final String NOT_AN_OBJECT = "not-an-object";
    /** A required property is missing. */
    public static final String REQUIRED_PROPERTY = "required-property";
    /** A value has the wrong JSON type (a string where a list is expected, and so on). */
    public static final String VALUE_TYPE = "value-type";
    /** A string does not have the form its property requires (address, URL, language code...). */
    public static final String VALUE_FORMAT = "value-format";
    /** A closed enumeration (an {@code -enum} vocabulary) does not contain the value. */
    public static final String UNKNOWN_VOCABULARY_VALUE = "unknown-vocabulary-value";
    /** A number is outside the range its property allows. */
    public static final String NUMBER_RANGE = "number-range";
    /** A list is empty; STIX prohibits empty lists (section 2.12). */
    public static final String EMPTY_LIST = "empty-list";
    /** A dictionary is empty; STIX prohibits empty dictionaries (section 2.3). */
    public static final String EMPTY_DICTIONARY = "empty-dictionary";
    /** A dictionary key breaks the key rules of sections 2.3 and 2.7. */
    public static final String DICTIONARY_KEY = "dictionary-key";
    /** A hash value does not have the format of its algorithm (section 10.7). */
    public static final String HASH_FORMAT = "hash-format";
    /** A value is not a valid STIX timestamp (section 2.16). */
    public static final String TIMESTAMP_FORMAT = "timestamp-format";
    /** created or modified has less than millisecond precision (section 3.2). */
    public static final String TIMESTAMP_PRECISION = "timestamp-precision";
    /** Two timestamps are in the wrong order (modified before created, and so on). */
    public static final String TIMESTAMP_ORDER = "timestamp-order";
    /** The type property is not a valid type name, or names a type this rule set refuses. */
    public static final String TYPE_NAME = "type-name";
    /** An identifier is not of the form type--UUID (section 2.9). */
    public static final String IDENTIFIER_FORMAT = "identifier-format";
    /** The type part of the id differs from the object's type. */
    public static final String ID_TYPE_MISMATCH = "id-type-mismatch";
    /** A reference points at a type the property does not allow. */
    public static final String REFERENCE_TYPE = "reference-type";
    /** spec_version is missing where required or is not 2.1. */
    public static final String SPEC_VERSION = "spec-version";
    /** A property that is not applicable to this kind of object is present. */
    public static final String PROPERTY_NOT_APPLICABLE = "property-not-applicable";
    /** A property name the spec reserves (section 3.8) is used. */
    public static final String RESERVED_PROPERTY = "reserved-property";
    /** A property name breaks the naming rules (sections 3.1 and 11.1). */
    public static final String CUSTOM_PROPERTY_NAME = "custom-property-name";
    /** Two properties that must not appear together do. */
    public static final String MUTUALLY_EXCLUSIVE = "mutually-exclusive";
    /** None of a set of properties of which at least one is required is present. */
    public static final String AT_LEAST_ONE_OF = "at-least-one-of";
    /** A property is present without the property it depends on. */
    public static final String DEPENDENT_PROPERTY = "dependent-property";
    /** A property value contradicts another property's value. */
    public static final String INCONSISTENT_VALUES = "inconsistent-values";
    /** The indicator pattern is not valid STIX patterning (section 9). */
    public static final String PATTERN_SYNTAX = "pattern-syntax";
    /** An object path in a pattern names an invalid object type or property (section 9.7). */
    public static final String PATTERN_OBJECT_PATH = "pattern-object-path";
    /** A granular marking selector does not resolve in the object (section 7.2.3). */
    public static final String GRANULAR_SELECTOR = "granular-selector";
    /** An object's markings refer to the marking definition itself. */
    public static final String CIRCULAR_MARKING = "circular-marking";
    /** A TLP marking definition is not one of the published instances. */
    public static final String TLP_DEFINITION = "tlp-definition";
    /** A marking definition lacks a definition, or its definition has the wrong shape. */
    public static final String MARKING_DEFINITION = "marking-definition";
    /** An extension entry breaks the rules of sections 3.2, 3.10, 7.3 or 11.3. */
    public static final String EXTENSION = "extension";
    /** extension_type is missing or not from extension-type-enum. */
    public static final String EXTENSION_TYPE = "extension-type";
    /** An external reference breaks section 2.5 or a type's rule for CVE/CAPEC ids. */
    public static final String EXTERNAL_REFERENCE = "external-reference";
    /** The bundle itself is malformed (section 8). */
    public static final String BUNDLE = "bundle";
    /** More violations were found than are reported. */
    public static final String TOO_MANY_VIOLATIONS = "too-many-violations";

    private Rules() {}
}
