package org.tearline.stix.validation;

/** The kinds of STIX object, which decide the common properties an object has (section 3.2). */
enum Category {
    /** STIX Domain Object. */
    SDO,
    /** STIX Relationship Object. */
    SRO,
    /** STIX Cyber-observable Object. */
    SCO,
    /** STIX Meta Object: marking-definition, language-content, extension-definition. */
    META
}
