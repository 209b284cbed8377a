package org.tearline.threat;

import java.util.List;

/**
 * A threat as the engine holds it: its id and its reports with how each came to be in it.
 *
 * @param id {@code threat--} and a name-based UUID of the report that founded it
 * @param assignments one per report, in the order they joined
 */
public record Threat(String id, List<Assignment> assignments) {

    public Threat {
        assignments = List.copyOf(assignments);
    }

    /** The ids of its reports, in the order they joined. */
    public List<String> reportIds() {
        return assignments.stream().map(Assignment::reportId).toList();
    }
}
