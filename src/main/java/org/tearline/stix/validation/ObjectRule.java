package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A rule over several properties of one JSON object (mutual exclusion, ordering, ...). */
@FunctionalInterface
interface ObjectRule {

    /**
     * Checks the object, recording each violation in the report.
     *
     * @param node   the object the rule applies to
     * @param path   the object's own path, empty for a top-level STIX object
     * @param report where violations go
     */
    void check(ObjectNode node, String path, Report report);
}
