package org.tearline.intake.extract;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What extraction reads.
 *
 * @param text            the document's text
 * @param published       when the document was published: relative windows ("within the
 *                        next 48 hours") are read from it
 * @param publisherDomain the publisher's own domain, kept out of the indicators, when known
 * @param knownActors     the threat actors and intrusion sets the store holds
 * @param extraBenign     values the operator keeps out of the indicators, beyond the built-in
 *                        list (documentation ranges, example domains)
 */
public record ExtractionRequest(
        DocumentText text,
        Instant published,
        Optional<String> publisherDomain,
        List<KnownActor> knownActors,
        Set<String> extraBenign) {

    public ExtractionRequest {
        knownActors = List.copyOf(knownActors);
        extraBenign = Set.copyOf(extraBenign);
    }
}
