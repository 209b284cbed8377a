/**
 * The STIX 2.1 model: identifiers, timestamps, the object types of the specification and the
 * JSON settings every part of Tearline reads STIX with. Pure code: no I/O, no clock, no HTTP.
 * Objects are kept as Jackson trees ({@link com.fasterxml.jackson.databind.node.ObjectNode})
 * rather than bound to classes, because STIX is open-ended (custom properties, extensions) and
 * the exact bytes a partner receives matter more than a typed view of them. Tearline's own
 * warning extension is defined here, beside the specification's vocabulary, so that the release
 * services can read it without depending on the warning package built on them.
 */
package org.tearline.stix;
