package org.tearline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.auth.Principal;
import org.tearline.domain.Account;
import org.tearline.domain.CollectionInfo;
import org.tearline.domain.WarningRecord;
import org.tearline.error.BadRequestException;
import org.tearline.error.Echo;
import org.tearline.error.NotFoundException;
import org.tearline.error.PermissionDeniedException;
import org.tearline.stix.StixJson;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline warning ...}: the duty to warn. */
@Command(
        name = "warning",
        description = "Manage warnings: create, decide, approve, extend," + " retire, and follow them.",
        mixinStandardHelpOptions = true)
final class WarningCommand {

    /** The options every warning command shares: the data and who is acting. */
    static final class Actor {
        @Option(
                names = "--as",
                required = true,
                paramLabel = "USER",
                description =
                        "The producer user doing this; decisions and approvals are" + " recorded under this name.")
        String user;

        @Mixin
        DataOptions data;

        Principal principal(Tearline app) {
            Account a = app.accounts()
                    .find(user)
                    .orElseThrow(() -> new NotFoundException("user " + Echo.quote(user) + " does not exist"));
            if (a.role() != Account.Role.PRODUCER || a.disabled()) {
                throw new PermissionDeniedException("user " + Echo.quote(user) + " is not an"
                        + " enabled producer user; only they manage warnings");
            }
            return new Principal(a.name(), a.role());
        }
    }

    static void print(Cli.Io io, JsonNode json) throws IOException {
        io.out().println(StixJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    static void summary(Cli.Io io, WarningRecord w) {
        io.out()
                .println("warning " + w.id() + ": " + w.state().label()
                        + (w.decision() == null
                                ? ""
                                : " (decision: " + w.decision()
                                        + (w.audiences().isEmpty() ? "" : " to " + String.join(", ", w.audiences()))
                                        + (w.waiverReason() == null ? "" : ", " + w.waiverReason()) + ")")
                        + (w.lapsedAt() != null ? "; window lapsed" : "")
                        + (w.state() == WarningRecord.State.DECIDED && w.decisionId() != null
                                ? "; decision id " + w.decisionId()
                                : ""));
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a draft warning from a file holding a STIX report with the"
                    + " Tearline warning extension (see docs/warnings.md). Nothing of it reaches"
                    + " any partner until a decision to warn is approved.")
    static final class Create implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "FILE", description = "The report (JSON).")
        Path file;

        @Option(
                names = "--collection",
                required = true,
                paramLabel = "ID",
                description = "Source collection (id or alias) to keep it in.")
        String collection;

        @Mixin
        Actor actor;

        Create(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode report;
            try {
                report = StixJson.mapper().readTree(Files.readString(file));
            } catch (NoSuchFileException e) {
                throw new NotFoundException("file " + file + " does not exist");
            } catch (JsonProcessingException e) {
                throw new BadRequestException(file + " is not JSON: " + e.getOriginalMessage());
            }
            try (Tearline app = actor.data.open()) {
                CollectionInfo c = app.collections()
                        .find(collection)
                        .orElseThrow(() ->
                                new NotFoundException("collection " + Echo.quote(collection) + " does not exist"));
                summary(io, app.warnings().create(actor.principal(app), c.id(), report));
            }
            return 0;
        }
    }

    /** Warn or waive: exactly one. */
    static final class Decision {
        @Option(names = "--warn", arity = "1..*", paramLabel = "AUDIENCE", description = "Warn these audiences.")
        List<String> warn;

        @Option(
                names = "--waive",
                paramLabel = "REASON",
                description = "Waive the duty to warn: target-already-knows, endangers-sources,"
                        + " endangers-methods, endangers-operations, no-means-to-deliver, other.")
        String waive;
    }

    @Command(
            name = "decide",
            mixinStandardHelpOptions = true,
            description = "Decide a draft warning: --warn AUDIENCE... [--public AUDIENCE], or"
                    + " --waive REASON [--text T]. Takes effect only once a second producer user"
                    + " approves it.")
    static final class Decide implements Callable<Integer> {
        private final Cli.Io io;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The warning (report id).")
        String id;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Decision decision;

        @Option(names = "--public", paramLabel = "AUDIENCE", description = "Also warn this public advisory audience.")
        String publicAudience;

        @Option(
                names = "--text",
                paramLabel = "TEXT",
                description = "The justification in words (required for --waive other).")
        String text;

        @Mixin
        Actor actor;

        Decide(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            if (decision.waive != null && publicAudience != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--public goes with --warn, not with --waive");
            }
            try (Tearline app = actor.data.open()) {
                Principal who = actor.principal(app);
                WarningRecord w = decision.warn != null
                        ? app.warnings().decideWarn(who, id, decision.warn, publicAudience)
                        : app.warnings().decideWaive(who, id, decision.waive, text);
                summary(io, w);
                io.out().println("  awaiting approval by a second producer user");
            }
            return 0;
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = "Approve a warning's pending decision. The decision's author cannot"
                    + " approve it. Approving a decision to warn releases the warning. Without"
                    + " --decision, shows the current decision and approves that one.")
    static final class Approve implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "ID", description = "The warning.")
        String id;

        @Option(
                names = "--decision",
                paramLabel = "DECISION_ID",
                description = "The decision approved (its id, as 'warning show' and 'warning"
                        + " decide' print it); refused if the decision changed since.")
        String decision;

        @Mixin
        Actor actor;

        Approve(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = actor.data.open()) {
                String approved = decision;
                if (approved == null) {
                    WarningRecord current = app.warnings().find(id);
                    approved = current.decisionId();
                    io.out()
                            .println("approving decision " + approved + ": " + current.decision()
                                    + (current.audiences().isEmpty()
                                            ? ""
                                            : " to " + String.join(", ", current.audiences()))
                                    + (current.waiverReason() == null ? "" : ", " + current.waiverReason())
                                    + ", decided by "
                                    + current.decidedBy());
                }
                summary(io, app.warnings().approve(actor.principal(app), id, approved));
            }
            return 0;
        }
    }

    @Command(
            name = "extend",
            mixinStandardHelpOptions = true,
            description = "Move the end of a warning's threat window; a lapsed warning is" + " active again.")
    static final class Extend implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "ID", description = "The warning.")
        String id;

        @Option(
                names = "--until",
                required = true,
                paramLabel = "TIMESTAMP",
                description = "The new end of the window (RFC 3339).")
        String until;

        @Mixin
        Actor actor;

        Extend(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Instant end;
            try {
                end = OffsetDateTime.parse(until).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadRequestException(
                        "--until '" + until + "' is not an RFC 3339 time" + " such as 2026-11-25T18:00:00Z");
            }
            try (Tearline app = actor.data.open()) {
                summary(io, app.warnings().extend(actor.principal(app), id, end));
            }
            return 0;
        }
    }

    @Command(
            name = "retire",
            mixinStandardHelpOptions = true,
            description = "Retire a warning: occurred, averted, no-longer-credible or"
                    + " superseded. Audiences that had it see that it is retired and why.")
    static final class Retire implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "ID", description = "The warning.")
        String id;

        @Option(
                names = "--reason",
                required = true,
                paramLabel = "REASON",
                description = "occurred, averted, no-longer-credible or superseded.")
        String reason;

        @Mixin
        Actor actor;

        Retire(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = actor.data.open()) {
                summary(io, app.warnings().retire(actor.principal(app), id, reason));
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Print a warning as JSON: its state, its report, and per audience"
                    + " what was released, who retrieved it when, and the feedback.")
    static final class Show implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "ID", description = "The warning.")
        String id;

        @Mixin
        Actor actor;

        Show(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            try (Tearline app = actor.data.open()) {
                actor.principal(app);
                print(io, app.warnings().show(id));
            }
            return 0;
        }
    }

    @Command(
            name = "queue",
            mixinStandardHelpOptions = true,
            description = "Print, as JSON, what needs a person: drafts awaiting a decision,"
                    + " decisions awaiting approval, warnings not retrieved in time,"
                    + " dismissals, lapsed windows.")
    static final class Queue implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        Actor actor;

        Queue(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            try (Tearline app = actor.data.open()) {
                actor.principal(app);
                app.warnings().checkWindows();
                print(io, app.warnings().queue());
            }
            return 0;
        }
    }

    @Command(
            name = "timeline",
            mixinStandardHelpOptions = true,
            description =
                    "Print every step of a warning, with time and actor, as JSON, from" + " the disclosure record.")
    static final class Timeline implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "ID", description = "The warning.")
        String id;

        @Mixin
        Actor actor;

        Timeline(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            try (Tearline app = actor.data.open()) {
                actor.principal(app);
                print(io, app.warnings().timeline(id));
            }
            return 0;
        }
    }
}
