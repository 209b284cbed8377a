package org.tearline.api;

import java.util.List;

/** An endpoint of the producer's API and its path parameters, parsed once from the path. */
sealed interface ApiRoute {

    /** {@code /api/queue}. */
    record Queue() implements ApiRoute {}

    /** {@code /api/keys}. */
    record Keys() implements ApiRoute {}

    /** {@code /api/receipts}. */
    record Receipts() implements ApiRoute {}

    /** {@code /api/record/head}, {@code /api/record/consistency}, {@code /api/record/proof}. */
    record RecordProofs(String what) implements ApiRoute {}

    /** {@code /api/warnings}: a new warning. */
    record NewWarning() implements ApiRoute {}

    /** {@code /api/warnings/{id}}. */
    record Warning(String id) implements ApiRoute {}

    /** {@code /api/warnings/{id}/timeline}. */
    record Timeline(String id) implements ApiRoute {}

    /** {@code /api/warnings/{id}/{action}}: decide, approve, extend, retire, or none known. */
    record WarningAction(String id, String action) implements ApiRoute {}

    /** Deeper under {@code /api/warnings}: nothing, though only the producer is told so. */
    record NoWarningPath() implements ApiRoute {}

    /**
     * {@code /api/intake}, {@code /api/intake/{id}}, {@code /api/intake/{id}/{action}}: id and
     * action null where the path stops.
     */
    record Intake(String id, String action) implements ApiRoute {}

    /** {@code /api/provenance/{object-id}}: where each stored version of an object came from. */
    record Provenance(String objectId) implements ApiRoute {}

    /** Anything else under {@code /api}. */
    record Unknown() implements ApiRoute {}

    /** The route a path starting with {@code api} addresses. */
    static ApiRoute parse(List<String> segments) {
        String name = segments.size() > 1 ? segments.get(1) : "";
        return switch (name) {
            case "queue" -> new Queue();
            case "keys" -> new Keys();
            case "receipts" -> new Receipts();
            case "record" -> segments.size() == 3 ? new RecordProofs(segments.get(2)) : new Unknown();
            case "provenance" -> segments.size() == 3 ? new Provenance(segments.get(2)) : new Unknown();
            case "warnings" ->
                switch (segments.size()) {
                    case 2 -> new NewWarning();
                    case 3 -> new Warning(segments.get(2));
                    case 4 ->
                        segments.get(3).equals("timeline")
                                ? new Timeline(segments.get(2))
                                : new WarningAction(segments.get(2), segments.get(3));
                    default -> new NoWarningPath();
                };
            case "intake" ->
                switch (segments.size()) {
                    case 2 -> new Intake(null, null);
                    case 3 -> new Intake(segments.get(2), null);
                    case 4 -> new Intake(segments.get(2), segments.get(3));
                    default -> new Unknown();
                };
            default -> new Unknown();
        };
    }
}
