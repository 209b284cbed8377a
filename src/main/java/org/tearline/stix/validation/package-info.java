/**
 * STIX 2.1 validation: every object posted or imported is checked here against the MUST-level
 * rules of the specification before anything is stored. A failure names the object, the
 * property and the rule, so the status resource tells the producer exactly what to fix.
 *
 * <p>How it is built: the specification's property tables are data. {@link
 * org.tearline.stix.validation.DomainObjects}, {@link org.tearline.stix.validation.Observables}
 * and {@link org.tearline.stix.validation.MetaObjects} declare, per object type, a
 * {@link org.tearline.stix.validation.Shape} — each property with its STIX data type (a
 * {@link org.tearline.stix.validation.ValueCheck} from
 * {@link org.tearline.stix.validation.Checks}),
 * which are required, and the rules spanning several properties ({@link
 * org.tearline.stix.validation.Constraints}). {@link org.tearline.stix.validation.CommonShapes}
 * adds the common properties of each category. Rules that need more than a table live in small
 * classes of their own: markings and TLP ({@link
 * org.tearline.stix.validation.MarkingDefinitions}), granular marking selectors, extensions,
 * CAPEC/CVE references, indicator patterns. {@link
 * org.tearline.stix.validation.TypeRegistry} assembles everything once; {@link
 * org.tearline.stix.validation.StixValidator} is the entry point.
 */
package org.tearline.stix.validation;
