package org.tearline.intake.extract;

import java.util.List;

/** Finds the candidates in a document. Implementations are thread-safe. */
public interface Extraction {

    /** The candidates in the request's text, in document order; never one without offsets. */
    List<Candidate> extract(ExtractionRequest request);
}
