/**
 * The STIX patterning language (STIX 2.1 section 9): a parser that turns an indicator's pattern
 * into a syntax tree or a precise error with its position.
 *
 * <p>{@link org.tearline.stix.pattern.StixPattern#parse(String)} is the entry point. The tree is
 * made of immutable records: an {@link org.tearline.stix.pattern.ObservationExpression} at the
 * top, {@link org.tearline.stix.pattern.ComparisonExpression}s inside the brackets, and
 * {@link org.tearline.stix.pattern.ObjectPath}s and {@link org.tearline.stix.pattern.Constant}s
 * inside the comparisons. Every node prints itself back as canonical pattern text.
 *
 * <p>The parser follows the normative prose of section 9 where it is explicit and the OASIS ANTLR
 * grammar where the prose is silent. Semantic checks beyond the grammar (whether an object type or
 * property exists, whether a CIDR or regular expression is well formed) are left to validation.
 */
package org.tearline.stix.pattern;
