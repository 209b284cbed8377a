package org.tearline.stix.validation;

import java.util.Map;
import java.util.Set;

/**
 * What the specification says about one object type: its category, the shape of its properties
 * (common ones included), its predefined extensions and, for SCOs, its ID contributing
 * properties.
 *
 * @param name           the type name
 * @param category       SDO, SRO, SCO or META
 * @param shape          every property of the type, with the type's multi-property rules
 * @param extensions     predefined extensions by key (section 3.10), empty for most types
 * @param idContributing the SCO's ID contributing properties (section 3.4); empty otherwise
 */
record ObjectType(
        String name, Category category, Shape shape, Map<String, Shape> extensions, Set<String> idContributing) {}
