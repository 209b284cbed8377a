package org.tearline.stix.validation;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks one property value against its STIX type, recording what is wrong in the report. */
@FunctionalInterface
interface ValueCheck {

    /**
     * Checks the value, recording each violation in the report.
     *
     * @param value  the value, never null (a JSON null arrives as a NullNode)
     * @param path   the property path of the value, e.g. {@code external_references[0].url}
     * @param report where violations go
     */
    void check(JsonNode value, String path, Report report);

    /** The STIX data type this check holds values to; see {@link Checks#typed}. */
    default DataType dataType() {
        return DataType.UNDECLARED;
    }
}
