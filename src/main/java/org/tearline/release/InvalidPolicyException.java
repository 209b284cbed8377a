package org.tearline.release;

import java.util.List;
import org.tearline.error.TearlineException;

/** A release policy breaks the rules of the policy format; lists every problem found. */
public final class InvalidPolicyException extends TearlineException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidPolicyException(String source, List<String> problems) {
        super(422, "Unprocessable Content", "policy " + source + " is invalid: " + String.join("; ", problems), null);
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one per entry. */
    public List<String> problems() {
        return problems;
    }
}
