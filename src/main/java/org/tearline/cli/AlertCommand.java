package org.tearline.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.alert.AlertService;
import org.tearline.domain.AlertMessage;
import org.tearline.domain.AlertSubscription;
import org.tearline.error.BadRequestException;
import org.tearline.stix.StixTimestamp;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline alert ...}: alert subscriptions, tests, dead letters. */
@Command(
        name = "alert",
        description = "Alerts by e-mail and webhook: subscribe producer users to kinds of event,"
                + " test a subscription, see and replay dead letters (see docs/alerts.md).",
        mixinStandardHelpOptions = true)
final class AlertCommand {

    static void print(Cli.Io io, AlertSubscription s) {
        io.out()
                .println(s.id() + "  " + s.account() + "  " + s.channel() + " " + s.target() + "  "
                        + String.join(",", s.kinds().stream().sorted().toList())
                        + (s.audience() == null ? "" : "  audience=" + s.audience())
                        + (s.urgency() == null ? "" : "  urgency=" + s.urgency())
                        + (s.digestMinutes() == 0 ? "  immediate" : "  digest every " + s.digestMinutes() + " min"));
    }

    /** One channel and its target: exactly one. */
    static final class Target {
        @Option(names = "--email", paramLabel = "ADDRESS", description = "Alert this e-mail address.")
        String email;

        @Option(
                names = "--webhook",
                paramLabel = "NAME",
                description = "Alert this webhook, by its name under alerts.webhooks in tearline.yaml.")
        String webhook;
    }

    @Command(
            name = "subscribe",
            mixinStandardHelpOptions = true,
            description = "Subscribe a producer user to kinds of event on one channel.")
    static final class Subscribe implements Callable<Integer> {
        private final Cli.Io io;

        @Option(names = "--as", required = true, paramLabel = "USER", description = "The producer user alerted.")
        String user;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(
                names = "--kinds",
                required = true,
                split = ",",
                paramLabel = "KIND",
                description =
                        "Kinds of event, comma-separated: new-version, not-retrieved," + " window-lapsed, dismissal.")
        List<String> kinds;

        @Option(names = "--audience", paramLabel = "AUDIENCE", description = "Only events about this audience.")
        String audience;

        @Option(
                names = "--urgency",
                paramLabel = "URGENCY",
                description = "Only warnings of this urgency: immediate, high, moderate, low.")
        String urgency;

        @Option(
                names = "--digest-minutes",
                paramLabel = "N",
                defaultValue = "0",
                description = "Gather alerts into one every N minutes (default 0: each at once).")
        int digestMinutes;

        @Mixin
        DataOptions data;

        Subscribe(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                AlertSubscription s = app.alerts()
                        .subscribe(
                                user,
                                new AlertService.Request(
                                        target.email != null ? "email" : "webhook",
                                        target.email != null ? target.email : target.webhook,
                                        new LinkedHashSet<>(kinds),
                                        audience,
                                        urgency,
                                        digestMinutes));
                print(io, s);
            }
            return 0;
        }
    }

    @Command(name = "unsubscribe", mixinStandardHelpOptions = true, description = "Remove a subscription.")
    static final class Unsubscribe implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "ID", description = "The subscription.")
        String id;

        @Option(names = "--as", paramLabel = "USER", description = "Its user (default: any user's).")
        String user;

        @Mixin
        DataOptions data;

        Unsubscribe(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                app.alerts().unsubscribe(user, id);
                io.out().println("unsubscribed " + id);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List subscriptions.")
    static final class ListSubscriptions implements Callable<Integer> {
        private final Cli.Io io;

        @Option(names = "--as", paramLabel = "USER", description = "Only this user's (default: everyone's).")
        String user;

        @Mixin
        DataOptions data;

        ListSubscriptions(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                List<AlertSubscription> all = app.alerts().subscriptions(user);
                if (all.isEmpty()) {
                    io.out().println("no subscriptions");
                }
                all.forEach(s -> print(io, s));
            }
            return 0;
        }
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = "Send a test alert on a subscription now and say whether it arrived.")
    static final class Test implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "ID", description = "The subscription.")
        String id;

        @Mixin
        DataOptions data;

        Test(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                app.alerts().test(null, id);
                io.out().println("test alert sent on " + id);
            }
            return 0;
        }
    }

    @Command(
            name = "dead-letters",
            mixinStandardHelpOptions = true,
            description = "Alerts given up on after their last attempt, the newest first.")
    static final class DeadLetters implements Callable<Integer> {
        private final Cli.Io io;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N (default 100).")
        int limit;

        @Mixin
        DataOptions data;

        DeadLetters(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            if (limit < 1 || limit > 10_000) {
                throw new BadRequestException("--limit must be between 1 and 10000, was " + limit);
            }
            try (Tearline app = data.open()) {
                List<AlertMessage> dead = app.alerts().deadLetters(limit);
                if (dead.isEmpty()) {
                    io.out().println("no dead letters");
                }
                for (AlertMessage m : dead) {
                    io.out()
                            .println(m.id() + "  " + m.kind() + "  " + (m.subject() == null ? "-" : m.subject())
                                    + "  to " + m.account() + " by " + m.channel() + " " + m.target() + "  "
                                    + m.attempts() + " attempt(s), queued "
                                    + StixTimestamp.format(m.created()) + "  last error: " + m.lastError());
                }
            }
            return 0;
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = "Queue a dead letter again, with all its attempts.")
    static final class Replay implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "ID", description = "The dead letter's id.")
        String id;

        @Mixin
        DataOptions data;

        Replay(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                app.alerts().replay(id);
                io.out().println("queued " + id + " again; a serving node delivers it");
            }
            return 0;
        }
    }
}
