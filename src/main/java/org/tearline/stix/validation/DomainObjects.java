package org.tearline.stix.validation;

import static org.tearline.stix.validation.Checks.BOOLEAN;
import static org.tearline.stix.validation.Checks.FLOAT;
import static org.tearline.stix.validation.Checks.STRING;
import static org.tearline.stix.validation.Checks.TIMESTAMP;
import static org.tearline.stix.validation.Checks.enumeration;
import static org.tearline.stix.validation.Checks.integer;
import static org.tearline.stix.validation.Checks.list;
import static org.tearline.stix.validation.Checks.number;
import static org.tearline.stix.validation.Checks.ref;
import static org.tearline.stix.validation.Checks.refs;
import static org.tearline.stix.validation.CommonShapes.KILL_CHAIN_PHASES;
import static org.tearline.stix.validation.CommonShapes.sdo;
import static org.tearline.stix.validation.Constraints.order;

import java.util.List;
import org.tearline.stix.vocab.Vocabularies;

/**
 * The property tables of the 19 SDOs (section 4) and 2 SROs (section 5). Open vocabularies are
 * plain strings here: any value is acceptable under the default rules (section 2.14).
 */
final class DomainObjects {

    private static final ValueCheck STRINGS = list(STRING);
    private static final ValueCheck ANY_REFS = refs(RefTypes.ANY);
    private static final ValueCheck SOFTWARE_REF = ref(RefTypes.of("software"));

    private DomainObjects() {}

    /** The SDO shapes, each with the SDO common properties. */
    static List<Shape> sdos() {
        return List.of(
                sdo("attack-pattern")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .optional("aliases", STRINGS)
                        .optional("kill_chain_phases", KILL_CHAIN_PHASES)
                        .rule(ExternalIds.CAPEC)
                        .build(),
                sdo("campaign")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .optional("aliases", STRINGS)
                        .optional("first_seen", TIMESTAMP)
                        .optional("last_seen", TIMESTAMP)
                        .optional("objective", STRING)
                        .rule(order("first_seen", "last_seen", false))
                        .build(),
                sdo("course-of-action")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .optional("action", Checks.RESERVED_NAME)
                        .build(),
                sdo("grouping")
                        .optional("name", STRING)
                        .optional("description", STRING)
                        .required("context", STRING)
                        .required("object_refs", ANY_REFS)
                        .build(),
                sdo("identity")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .optional("roles", STRINGS)
                        .optional("identity_class", STRING)
                        .optional("sectors", STRINGS)
                        .optional("contact_information", STRING)
                        .build(),
                sdo("incident")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .build(),
                sdo("indicator")
                        .optional("name", STRING)
                        .optional("description", STRING)
                        .optional("indicator_types", STRINGS)
                        .required("pattern", STRING)
                        .required("pattern_type", STRING)
                        .optional("pattern_version", STRING)
                        .required("valid_from", TIMESTAMP)
                        .optional("valid_until", TIMESTAMP)
                        .optional("kill_chain_phases", KILL_CHAIN_PHASES)
                        .rule(order("valid_from", "valid_until", true))
                        .rule(Patterns.RULE)
                        .build(),
                sdo("infrastructure")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .optional("infrastructure_types", STRINGS)
                        .optional("aliases", STRINGS)
                        .optional("kill_chain_phases", KILL_CHAIN_PHASES)
                        .optional("first_seen", TIMESTAMP)
                        .optional("last_seen", TIMESTAMP)
                        .rule(order("first_seen", "last_seen", false))
                        .build(),
                sdo("intrusion-set")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .optional("aliases", STRINGS)
                        .optional("first_seen", TIMESTAMP)
                        .optional("last_seen", TIMESTAMP)
                        .optional("goals", STRINGS)
                        .optional("resource_level", STRING)
                        .optional("primary_motivation", STRING)
                        .optional("secondary_motivations", STRINGS)
                        .rule(order("first_seen", "last_seen", false))
                        .build(),
                sdo("location")
                        .optional("name", STRING)
                        .optional("description", STRING)
                        .optional("latitude", number(-90.0, 90.0))
                        .optional("longitude", number(-180.0, 180.0))
                        .optional("precision", FLOAT)
                        .optional("region", STRING)
                        .optional("country", STRING)
                        .optional("administrative_area", STRING)
                        .optional("city", STRING)
                        .optional("street_address", STRING)
                        .optional("postal_code", STRING)
                        .rule(Constraints.requires("latitude", "longitude"))
                        .rule(Constraints.requires("longitude", "latitude"))
                        .rule(Constraints.requires("precision", "latitude"))
                        .rule(Constraints.requires("precision", "longitude"))
                        .rule((node, path, r) -> {
                            // Section 4.10: region, country, or latitude and longitude.
                            if (!node.has("region")
                                    && !node.has("country")
                                    && !(node.has("latitude") && node.has("longitude"))) {
                                r.add(
                                        path,
                                        Rules.AT_LEAST_ONE_OF,
                                        "a location needs at least "
                                                + "one of 'region', 'country', or 'latitude' and "
                                                + "'longitude'");
                            }
                        })
                        .build(),
                sdo("malware")
                        .optional("name", STRING)
                        .optional("description", STRING)
                        .optional("malware_types", STRINGS)
                        .required("is_family", BOOLEAN)
                        .optional("aliases", STRINGS)
                        .optional("kill_chain_phases", KILL_CHAIN_PHASES)
                        .optional("first_seen", TIMESTAMP)
                        .optional("last_seen", TIMESTAMP)
                        .optional("operating_system_refs", refs(RefTypes.of("software")))
                        .optional("architecture_execution_envs", STRINGS)
                        .optional("implementation_languages", STRINGS)
                        .optional("capabilities", STRINGS)
                        .optional("sample_refs", refs(RefTypes.of("file", "artifact")))
                        .rule(order("first_seen", "last_seen", false))
                        .rule((node, path, r) -> {
                            // Section 4.11.1: "For a malware family the name MUST be defined."
                            if (Constraints.isTrue(node, "is_family") && !node.has("name")) {
                                r.add(
                                        Paths.child(path, "name"),
                                        Rules.REQUIRED_PROPERTY,
                                        "a malware family (is_family true) requires 'name'");
                            }
                        })
                        .build(),
                sdo("malware-analysis")
                        .required("product", STRING)
                        .optional("version", STRING)
                        .optional("host_vm_ref", SOFTWARE_REF)
                        .optional("operating_system_ref", SOFTWARE_REF)
                        .optional("installed_software_refs", refs(RefTypes.of("software")))
                        .optional("configuration_version", STRING)
                        .optional("modules", STRINGS)
                        .optional("analysis_engine_version", STRING)
                        .optional("analysis_definition_version", STRING)
                        .optional("submitted", TIMESTAMP)
                        .optional("analysis_started", TIMESTAMP)
                        .optional("analysis_ended", TIMESTAMP)
                        .optional("result_name", STRING)
                        .optional("result", STRING)
                        .optional("analysis_sco_refs", ANY_REFS)
                        .optional("sample_ref", ref(RefTypes.of("file", "network-traffic", "artifact")))
                        .rule(Constraints.atLeastOneOf("result", "analysis_sco_refs"))
                        .build(),
                sdo("note")
                        .optional("abstract", STRING)
                        .required("content", STRING)
                        .optional("authors", STRINGS)
                        .required("object_refs", ANY_REFS)
                        .build(),
                sdo("observed-data")
                        .required("first_observed", TIMESTAMP)
                        .required("last_observed", TIMESTAMP)
                        .required("number_observed", integer(1, 999_999_999))
                        .optional("objects", ObservableContainer.CHECK)
                        .optional("object_refs", refs(RefTypes.SCO_OR_SRO))
                        .rule(order("first_observed", "last_observed", false))
                        .rule(Constraints.atLeastOneOf("objects", "object_refs"))
                        .rule(Constraints.mutuallyExclusive("objects", "object_refs"))
                        .build(),
                sdo("opinion")
                        .optional("explanation", STRING)
                        .optional("authors", STRINGS)
                        .required("opinion", enumeration("opinion-enum", Vocabularies.OPINION))
                        .required("object_refs", ANY_REFS)
                        .build(),
                sdo("report")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .optional("report_types", STRINGS)
                        .required("published", TIMESTAMP)
                        .required("object_refs", ANY_REFS)
                        .build(),
                sdo("threat-actor")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .optional("threat_actor_types", STRINGS)
                        .optional("aliases", STRINGS)
                        .optional("first_seen", TIMESTAMP)
                        .optional("last_seen", TIMESTAMP)
                        .optional("roles", STRINGS)
                        .optional("goals", STRINGS)
                        .optional("sophistication", STRING)
                        .optional("resource_level", STRING)
                        .optional("primary_motivation", STRING)
                        .optional("secondary_motivations", STRINGS)
                        .optional("personal_motivations", STRINGS)
                        .rule(order("first_seen", "last_seen", false))
                        .build(),
                sdo("tool")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .optional("tool_types", STRINGS)
                        .optional("aliases", STRINGS)
                        .optional("kill_chain_phases", KILL_CHAIN_PHASES)
                        .optional("tool_version", STRING)
                        .build(),
                sdo("vulnerability")
                        .required("name", STRING)
                        .optional("description", STRING)
                        .rule(ExternalIds.CVE)
                        .build());
    }

    /** The SRO shapes, each with the SRO common properties. */
    static List<Shape> sros() {
        return List.of(
                sdo("relationship")
                        .required(
                                "relationship_type",
                                Checks.format(
                                        "relationship-type",
                                        Formats::relationshipType,
                                        "a relationship type of ASCII a-z, 0-9 and '-' (section 5.1.2)"))
                        .optional("description", STRING)
                        .required("source_ref", ref(RefTypes.SDO_OR_SCO))
                        .required("target_ref", ref(RefTypes.SDO_OR_SCO))
                        .optional("start_time", TIMESTAMP)
                        .optional("stop_time", TIMESTAMP)
                        .rule(order("start_time", "stop_time", true))
                        .build(),
                sdo("sighting")
                        .optional("description", STRING)
                        .optional("first_seen", TIMESTAMP)
                        .optional("last_seen", TIMESTAMP)
                        .optional("count", integer(0, 999_999_999))
                        .required("sighting_of_ref", ref(RefTypes.SDO))
                        .optional("observed_data_refs", refs(RefTypes.of("observed-data")))
                        .optional("where_sighted_refs", refs(RefTypes.of("identity", "location")))
                        .optional("summary", BOOLEAN)
                        .rule(order("first_seen", "last_seen", false))
                        .build());
    }
}
