package org.tearline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.auth.Principal;
import org.tearline.domain.Draft;
import org.tearline.error.BadRequestException;
import org.tearline.error.NotFoundException;
import org.tearline.intake.DocumentReader;
import org.tearline.intake.IntakeService;
import org.tearline.intake.extract.Candidate;
import org.tearline.intake.extract.Extraction;
import org.tearline.stix.StixTimestamp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tearline intake FILE ...}: a document becomes a draft; {@code intake list | show |
 * accept | reject} review it. The document's own options are optional here and checked in
 * {@link #call}, so that picocli does not ask for them when a review subcommand is run.
 */
@Command(
        name = "intake",
        mixinStandardHelpOptions = true,
        description = "Take a document (plain text, HTML or PDF) in as a draft: a STIX report and the"
                + " candidates found in it, kept apart from every collection until reviewed with"
                + " 'intake show', 'intake accept' or 'intake reject'.")
final class IntakeCommand implements Callable<Integer> {

    private final Cli.Io io;
    private final Extraction extraction;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The document.")
    Path file;

    @Option(
            names = "--published",
            paramLabel = "TIME",
            description = "When the document was published (RFC 3339); relative windows are read from it."
                    + " Default: now, and the draft says so.")
    String published;

    @Option(names = "--source", paramLabel = "NAME", description = "Who published it.")
    String source;

    @Option(names = "--url", paramLabel = "URL", description = "Where it was published.")
    String url;

    @Option(
            names = "--type",
            paramLabel = "MEDIA-TYPE",
            description = "text/plain, text/html or application/pdf."
                    + " Default: from the file name, else from its first bytes.")
    String type;

    @Option(names = "--as", paramLabel = "USER", description = "The producer user taking it in.")
    String user;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory.")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (YAML).")
    Path config;

    @Option(names = "--db", paramLabel = "URL", description = "Database URL. Default: SQLite in the data directory.")
    String database;

    IntakeCommand(Cli.Io io, Extraction extraction) {
        this.io = io;
        this.extraction = extraction;
    }

    @Override
    public Integer call() throws IOException {
        if (file == null || user == null || data == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "intake needs FILE, --as USER and --data DIR (or a subcommand)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("file " + file + " does not exist");
        }
        DataOptions d = new DataOptions();
        d.data = data;
        d.config = config;
        d.database = database;
        try (Tearline app = Tearline.open(d.config(), data, Clock.systemUTC(), extraction)) {
            WarningCommand.Actor actor = new WarningCommand.Actor();
            actor.user = user;
            actor.data = d;
            Principal who = actor.principal(app);
            Draft draft = app.intake()
                    .take(
                            who,
                            new IntakeService.Document(bytes, type == null ? typeOf(file) : type, name(file)),
                            new IntakeService.About(published == null ? null : time(published), source, url));
            print(io, draft);
        }
        return 0;
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(
                    "--published '" + text + "' is not an RFC 3339 time such as 2024-03-07T19:00:00Z");
        }
    }

    private static String name(Path file) {
        Path n = file.getFileName();
        return n == null ? null : n.toString();
    }

    /** The type a file name says, or null to let the reader look at the bytes. */
    private static String typeOf(Path file) {
        String n = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (n.endsWith(".pdf")) {
            return DocumentReader.PDF;
        }
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return DocumentReader.HTML;
        }
        if (n.endsWith(".txt") || n.endsWith(".md")) {
            return DocumentReader.TEXT;
        }
        return null;
    }

    static void print(Cli.Io io, Draft d) {
        io.out()
                .println("draft " + d.id() + ": " + d.state().label() + ", \u201c" + d.title() + "\u201d ("
                        + d.mediaType() + ", " + d.pages().size() + " page"
                        + (d.pages().size() == 1 ? "" : "s") + ")");
        io.out().println("  sha256    " + d.sha256());
        io.out()
                .println("  published " + StixTimestamp.format(d.published())
                        + (d.publishedGiven() ? "" : " (not given: the intake time is used)"));
        if (d.source() != null) {
            io.out().println("  source    " + d.source());
        }
        if (d.url() != null) {
            io.out().println("  url       " + d.url());
        }
        if (d.decidedBy() != null) {
            io.out()
                    .println("  " + d.state().label() + " by " + d.decidedBy() + " at "
                            + StixTimestamp.format(d.decidedAt())
                            + (d.collectionId() == null ? "" : " into " + d.collectionId())
                            + (d.reason() == null ? "" : ": " + d.reason()));
        }
        List<IntakeService.DraftCandidate> cs = IntakeService.candidates(d);
        io.out().println("  " + cs.size() + " candidate" + (cs.size() == 1 ? "" : "s") + ":");
        for (IntakeService.DraftCandidate dc : cs) {
            Candidate c = dc.candidate();
            io.out()
                    .println("    " + dc.id() + "\t" + c.kind().name().toLowerCase(Locale.ROOT) + "\t" + c.value()
                            + "\tpage " + c.page() + " [" + c.start() + ", " + c.end() + ")\t" + c.rule()
                            + (c.details().isEmpty() ? "" : "\t" + c.details()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List drafts, newest first.")
    static final class ListDrafts implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        WarningCommand.Actor actor;

        ListDrafts(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = actor.data.open()) {
                for (Draft.Summary s : app.intake().list(actor.principal(app))) {
                    io.out()
                            .println(s.id() + "\t" + s.state().label() + "\t" + s.candidateCount() + " candidates\t"
                                    + StixTimestamp.format(s.created()) + "\t" + s.author() + "\t" + s.title());
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a draft and its candidates.")
    static final class Show implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "DRAFT")
        String id;

        @Option(names = "--json", description = "Print the draft as JSON, with its text.")
        boolean json;

        @Mixin
        WarningCommand.Actor actor;

        Show(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            try (Tearline app = actor.data.open()) {
                Draft d = app.intake().find(actor.principal(app), id);
                if (json) {
                    WarningCommand.print(io, IntakeService.describe(d, true));
                } else {
                    print(io, d);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "accept",
            mixinStandardHelpOptions = true,
            description = "Accept a draft: its candidates (or only those named) become STIX objects, and the"
                    + " report refers to them, in a source collection; recorded with the document's hash.")
    static final class Accept implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "DRAFT")
        String id;

        @Option(names = "--into", required = true, paramLabel = "COLLECTION", description = "Source collection.")
        String collection;

        @Option(
                names = "--only",
                split = ",",
                paramLabel = "CANDIDATE",
                description = "Accept only these candidates (c1,c4,...); the others are dropped.")
        List<String> only;

        @Option(
                names = "--correct",
                paramLabel = "CANDIDATE=VALUE",
                description = "Correct a candidate's value before it is accepted, e.g. c2=evil.example.")
        List<String> corrections = List.of();

        @Option(
                names = "--marking",
                paramLabel = "MARKING",
                description = "Mark everything written: tlp:clear, tlp:green, tlp:amber, tlp:amber+strict,"
                        + " tlp:red, source-protected, method-protected, or a marking-definition id.")
        List<String> markings = List.of();

        @Mixin
        WarningCommand.Actor actor;

        Accept(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Map<String, String> fixes = new LinkedHashMap<>();
            for (String c : corrections) {
                int eq = c.indexOf('=');
                if (eq <= 0) {
                    throw new BadRequestException("--correct takes CANDIDATE=VALUE, e.g. c2=evil.example");
                }
                fixes.put(c.substring(0, eq).strip(), c.substring(eq + 1));
            }
            Set<String> chosen = only == null
                    ? null
                    : new LinkedHashSet<>(only.stream().map(String::strip).toList());
            try (Tearline app = actor.data.open()) {
                IntakeService.Accepted a = app.intake()
                        .accept(
                                actor.principal(app),
                                id,
                                new IntakeService.Review(collection, chosen, fixes, markings));
                io.out()
                        .println("accepted " + a.draft().id() + " into "
                                + a.draft().collectionId() + ": report "
                                + a.reportId() + " and " + (a.objectIds().size() - 1) + " object"
                                + (a.objectIds().size() == 2 ? "" : "s"));
                a.objectIds().forEach(x -> io.out().println("  " + x));
            }
            return 0;
        }
    }

    @Command(
            name = "reject",
            mixinStandardHelpOptions = true,
            description = "Reject a draft; nothing of it is written anywhere. Recorded with the reason.")
    static final class Reject implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "DRAFT")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
        String reason;

        @Mixin
        WarningCommand.Actor actor;

        Reject(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = actor.data.open()) {
                Draft d = app.intake().reject(actor.principal(app), id, reason);
                io.out().println("rejected " + d.id() + ": " + d.reason());
            }
            return 0;
        }
    }
}
