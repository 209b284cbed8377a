package org.tearline.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tearline.Tearline;
import org.tearline.domain.ApiToken;
import org.tearline.error.BadRequestException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline token ...}: API tokens. */
@Command(name = "token", description = "Manage API tokens.", mixinStandardHelpOptions = true)
final class TokenCommand {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an API token for a user and print it. It is shown once and"
                    + " only its hash is kept; use it as 'Authorization: Bearer TOKEN'.")
    static final class Create implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME", description = "User the token acts for.")
        String name;

        @Option(names = "--label", paramLabel = "TEXT", description = "A note on what the token is for.")
        String label;

        @ArgGroup(exclusive = true)
        Expiry expiry;

        static final class Expiry {
            @Option(
                    names = "--expires-in",
                    paramLabel = "DURATION",
                    required = true,
                    description = "Stop working after this long: a number with d, h or m"
                            + " (e.g. 90d, 12h), or an ISO-8601 duration (P30D).")
            String in;

            @Option(
                    names = "--expires",
                    paramLabel = "DATE",
                    required = true,
                    description = "Stop working at this time: a date (2027-06-30, midnight"
                            + " UTC) or an instant (2027-06-30T12:00:00Z).")
            String at;
        }

        @Mixin
        DataOptions data;

        Create(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                Instant expires = expiry == null
                        ? null
                        : expiry.in != null ? app.clock().instant().plus(duration(expiry.in)) : instant(expiry.at);
                io.out().println(app.accounts().createToken(name, label, expires));
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List tokens (never their secrets): id, user, label, created," + " expires, state.")
    static final class ListTokens implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME", arity = "0..1", description = "Only this user's tokens.")
        String name;

        @Mixin
        DataOptions data;

        ListTokens(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                Instant now = app.clock().instant();
                io.out().println("ID\tUSER\tLABEL\tCREATED\tEXPIRES\tSTATE");
                for (ApiToken t : app.accounts().tokens(name)) {
                    String state = t.revoked() ? "revoked" : t.usableAt(now) ? "active" : "expired";
                    io.out()
                            .println(t.id() + "\t" + t.account() + "\t"
                                    + (t.label() == null ? "-" : t.label().replaceAll("\\p{Cntrl}", "?"))
                                    + "\t" + t.created() + "\t"
                                    + (t.expires() == null ? "never" : t.expires()) + "\t" + state);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description =
                    "Revoke a token: it is refused from the next request on. Recorded" + " in the disclosure record.")
    static final class Revoke implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "TOKEN-ID", description = "The token's id, as 'token list' shows it.")
        String id;

        @Mixin
        DataOptions data;

        Revoke(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                ApiToken before = app.accounts().revokeToken(id);
                io.out()
                        .println((before.revoked() ? "token " + id + " was already revoked" : "revoked token " + id)
                                + " of user " + before.account());
            }
            return 0;
        }
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})([dhm])");

    static Duration duration(String text) {
        Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
        } else {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new BadRequestException("--expires-in must be a number with d, h or m"
                        + " (e.g. 90d) or an ISO-8601 duration (e.g. P30D), was '" + text + "'");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new BadRequestException("--expires-in must be longer than zero, was '" + text + "'");
        }
        return d;
    }

    static Instant instant(String text) {
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("--expires must be a date (2027-06-30) or an instant"
                    + " (2027-06-30T12:00:00Z), was '" + text + "'");
        }
    }
}
