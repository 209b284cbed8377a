package org.tearline.stix.validation;

import static org.tearline.stix.validation.Checks.BOOLEAN;
import static org.tearline.stix.validation.Checks.LANGUAGE;
import static org.tearline.stix.validation.Checks.STRING;
import static org.tearline.stix.validation.Checks.TIMESTAMP_MILLIS;
import static org.tearline.stix.validation.Checks.list;
import static org.tearline.stix.validation.Checks.notApplicable;
import static org.tearline.stix.validation.Checks.object;
import static org.tearline.stix.validation.Checks.ref;
import static org.tearline.stix.validation.Checks.refs;

/**
 * The object-valued types of section 2 and 7.2.3 (external-reference, kill-chain-phase,
 * granular-marking) and the common properties of section 3.2 for each kind of object.
 */
final class CommonShapes {

    private CommonShapes() {}

    /** Section 2.5. */
    static final Shape EXTERNAL_REFERENCE = Shape.builder("external-reference")
            .required("source_name", STRING)
            .optional("description", STRING)
            .optional("url", STRING)
            .optional("hashes", Checks.HASHES)
            .optional("external_id", STRING)
            .rule(Constraints.atLeastOneOf("description", "url", "external_id"))
            .build();

    /** Section 2.11. */
    static final Shape KILL_CHAIN_PHASE = Shape.builder("kill-chain-phase")
            .required("kill_chain_name", STRING)
            .required("phase_name", STRING)
            .build();

    /** Section 7.2.3; whether selectors resolve is checked on the whole object. */
    static final Shape GRANULAR_MARKING = Shape.builder("granular-marking")
            .optional("lang", LANGUAGE)
            .optional("marking_ref", ref(RefTypes.of("marking-definition")))
            .required("selectors", list(STRING))
            .rule(Constraints.atLeastOneOf("marking_ref", "lang"))
            .rule(Constraints.mutuallyExclusive("marking_ref", "lang"))
            .build();

    static final ValueCheck EXTERNAL_REFERENCES = list(object(EXTERNAL_REFERENCE));
    static final ValueCheck KILL_CHAIN_PHASES = list(object(KILL_CHAIN_PHASE));
    static final ValueCheck OBJECT_MARKING_REFS = refs(RefTypes.of("marking-definition"));
    static final ValueCheck GRANULAR_MARKINGS = list(object(GRANULAR_MARKING));
    static final ValueCheck CREATED_BY_REF = ref(RefTypes.of("identity"));

    /**
     * An object's own id: an identifier, whose form and type prefix {@link StixValidator}
     * checks against the object's type, so the shape checks only that it is a string.
     */
    static final ValueCheck ID = Checks.typed(DataType.identifier(RefTypes.ANY), STRING);

    /** Section 3.2: defanged "MUST NOT be used on any STIX Objects other than SCOs". */
    private static final ValueCheck DEFANGED_NOT_APPLICABLE = notApplicable("defanged is only for SCOs (section 3.2)");

    /** Common properties of SDOs and SROs (section 3.2). */
    static Shape.Builder sdo(String name) {
        return common(Shape.builder(name))
                .required("type", STRING)
                .required("spec_version", STRING)
                .required("id", ID)
                .required("created", TIMESTAMP_MILLIS)
                .required("modified", TIMESTAMP_MILLIS)
                .optional("defanged", DEFANGED_NOT_APPLICABLE);
    }

    /**
     * Common properties of SCOs (section 3.2). The table marks the versioning and descriptive
     * common properties "not applicable" to SCOs without forbidding them, so where present
     * they are held to their common definitions rather than refused.
     */
    static Shape.Builder sco(String name) {
        return common(Shape.builder(name))
                .required("type", STRING)
                .optional("spec_version", STRING)
                .required("id", ID)
                .optional("defanged", BOOLEAN);
    }

    /** Every common property with its section 3.2 type, all optional. */
    private static Shape.Builder common(Shape.Builder b) {
        return b.optional("created_by_ref", CREATED_BY_REF)
                .optional("created", TIMESTAMP_MILLIS)
                .optional("modified", TIMESTAMP_MILLIS)
                .optional("revoked", BOOLEAN)
                .optional("labels", list(STRING))
                .optional("confidence", Checks.integer(0, 100))
                .optional("lang", LANGUAGE)
                .optional("external_references", EXTERNAL_REFERENCES)
                .optional("object_marking_refs", OBJECT_MARKING_REFS)
                .optional("granular_markings", GRANULAR_MARKINGS)
                .rule(Constraints.order("created", "modified", false));
    }

    /** Common properties of language-content (section 7.1.1): those of SDOs. */
    static Shape.Builder languageContent() {
        return sdo("language-content");
    }

    /**
     * Common properties of marking-definition (section 7.2.1): created but not modified is
     * required; the properties the table marks not applicable are held to their common types.
     */
    static Shape.Builder markingDefinition() {
        return common(Shape.builder("marking-definition"))
                .required("type", STRING)
                .required("spec_version", STRING)
                .required("id", ID)
                .required("created", TIMESTAMP_MILLIS)
                .optional("defanged", DEFANGED_NOT_APPLICABLE);
    }

    /** Common properties of extension-definition (section 7.3.1): created_by_ref required. */
    static Shape.Builder extensionDefinition() {
        return sdo("extension-definition").required("created_by_ref", CREATED_BY_REF);
    }
}
