/**
 * The intake workflow: a document (plain text, HTML, PDF) becomes a draft an analyst reviews.
 * {@link org.tearline.intake.DocumentReader} turns bytes into page text within size, page and
 * time limits; {@link org.tearline.intake.IntakeService} runs the extraction engine
 * ({@code intake.extract}, injected as an {@code Extraction}), keeps the draft apart from every
 * collection, and on review writes the accepted candidates as STIX objects into a source
 * collection through the object service, recording the decision with the document's hash. A
 * service: edges call it, it owns its transactions.
 */
package org.tearline.intake;
