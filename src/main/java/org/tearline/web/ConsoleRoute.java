package org.tearline.web;

import java.util.List;

/**
 * An address under {@code /console} and its path parameters, parsed once. Whether it is a page
 * (GET) or an action (POST) is the method's to say: an address that is neither is refused.
 */
sealed interface ConsoleRoute {

    /** {@code /console/}: the queue. */
    record Home() implements ConsoleRoute {}

    /** {@code /console/static/{file}}; the file is null when the address has more parts. */
    record Static(String file) implements ConsoleRoute {}

    /** {@code /console/login}. */
    record Login() implements ConsoleRoute {}

    /** {@code /console/logout}. */
    record Logout() implements ConsoleRoute {}

    /** {@code /console/warnings}. */
    record Warnings() implements ConsoleRoute {}

    /** {@code /console/warnings/{id}}. */
    record Warning(String id) implements ConsoleRoute {}

    /** {@code /console/warnings/{id}/{action}}. */
    record WarningStep(String id, String action) implements ConsoleRoute {}

    /** {@code /console/objects/{id}}. */
    record ObjectPage(String id) implements ConsoleRoute {}

    /** {@code /console/audiences}. */
    record Audiences() implements ConsoleRoute {}

    /** {@code /console/audiences/{name}}. */
    record Audience(String name) implements ConsoleRoute {}

    /** {@code /console/audiences/{name}/{step}}: preview or apply. */
    record AudienceStep(String name, String step) implements ConsoleRoute {}

    /** {@code /console/record}. */
    record RecordOverview() implements ConsoleRoute {}

    /** {@code /console/record/verify}. */
    record RecordVerify() implements ConsoleRoute {}

    /** {@code /console/intake}: the drafts and the upload form. */
    record Intake() implements ConsoleRoute {}

    /** {@code /console/intake/{id}}: one draft. */
    record IntakeDraft(String id) implements ConsoleRoute {}

    /** {@code /console/intake/{id}/{action}}: accept or reject. */
    record IntakeStep(String id, String action) implements ConsoleRoute {}

    /** Any other address under a console section. */
    record Unknown() implements ConsoleRoute {}

    /** The route of a path under {@code /console} (the segments after it). */
    static ConsoleRoute parse(List<String> path) {
        if (path.isEmpty()) {
            return new Home();
        }
        int n = path.size();
        return switch (path.get(0)) {
            case "static" -> new Static(n == 2 ? path.get(1) : null);
            case "login" -> new Login();
            case "logout" -> n == 1 ? new Logout() : new Unknown();
            case "warnings" ->
                n == 1
                        ? new Warnings()
                        : n == 2
                                ? new Warning(path.get(1))
                                : n == 3 ? new WarningStep(path.get(1), path.get(2)) : new Unknown();
            case "objects" -> n == 2 ? new ObjectPage(path.get(1)) : new Unknown();
            case "audiences" ->
                n == 1
                        ? new Audiences()
                        : n == 2
                                ? new Audience(path.get(1))
                                : n == 3 ? new AudienceStep(path.get(1), path.get(2)) : new Unknown();
            case "record" ->
                n == 1
                        ? new RecordOverview()
                        : n == 2 && path.get(1).equals("verify") ? new RecordVerify() : new Unknown();
            case "intake" ->
                n == 1
                        ? new Intake()
                        : n == 2
                                ? new IntakeDraft(path.get(1))
                                : n == 3 ? new IntakeStep(path.get(1), path.get(2)) : new Unknown();
            default -> new Unknown();
        };
    }
}
