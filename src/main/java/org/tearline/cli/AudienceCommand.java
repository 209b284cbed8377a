package org.tearline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.PolicyVersion;
import org.tearline.error.NotFoundException;
import org.tearline.service.ReleaseService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline audience ...}: partner audiences and their release policies. */
@Command(
        name = "audience",
        description = "Manage audiences and their release policies.",
        mixinStandardHelpOptions = true)
final class AudienceCommand {

    @Command(
            name = "apply",
            mixinStandardHelpOptions = true,
            description = "Create or update an audience from its policy file (YAML), keep the"
                    + " policy as a new version, and recompute the audience's view. Prints"
                    + " what changed: objects released, redacted, generalised, withheld and"
                    + " taken back. See docs/policies.md.")
    static final class Apply implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "FILE", description = "The policy file.")
        Path file;

        @Option(
                names = "--as",
                paramLabel = "USER",
                defaultValue = "(operator)",
                description = "Who applies it, for the record. Default: ${DEFAULT-VALUE}.")
        String actor;

        @Mixin
        DataOptions data;

        Apply(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            String yaml;
            try {
                yaml = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new NotFoundException("file " + file + " does not exist");
            }
            try (Tearline app = data.open()) {
                ReleaseService.ApplyResult r =
                        app.releases().apply(yaml, file.getFileName().toString(), actor);
                if (!r.changed()) {
                    io.out()
                            .println("audience " + r.audience() + ": policy unchanged (version " + r.version()
                                    + "); nothing to do");
                    return 0;
                }
                ReleaseService.Summary s = r.summary();
                io.out()
                        .println("audience " + r.audience() + ": policy version " + r.version()
                                + " applied; view collection " + r.viewCollectionId());
                io.out()
                        .println("  released " + s.released() + " objects (" + s.redacted()
                                + " redacted, " + s.generalised() + " generalised), withheld "
                                + s.withheld() + ", " + s.published() + " new view versions published");
                if (s.takenBack().isEmpty()) {
                    io.out().println("  taken back: nothing");
                } else {
                    io.out()
                            .println("  taken back (" + s.takenBack().size() + "), handled as"
                                    + " the policy's 'takeback' says:");
                    s.takenBack().forEach(t -> io.out().println("    " + t));
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List audiences.")
    static final class ListAudiences implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        DataOptions data;

        ListAudiences(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                for (AudienceRecord a : app.releases().audiences()) {
                    io.out()
                            .println(a.name() + "\tpolicy version " + a.policyVersion() + "\tview "
                                    + a.viewCollectionId());
                }
            }
            return 0;
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description =
                    "Show every policy version of an audience: who applied it, when," + " and (with --show) its text.")
    static final class History implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "AUDIENCE", description = "Audience name.")
        String audience;

        @Option(names = "--show", description = "Print each version's policy text too.")
        boolean show;

        @Mixin
        DataOptions data;

        History(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                for (PolicyVersion v : app.releases().history(audience)) {
                    io.out()
                            .println("version " + v.version() + "\t" + v.appliedAt() + "\t" + v.appliedBy()
                                    + "\tsha256:" + v.digest());
                    if (show) {
                        io.out().println(v.policy().strip().indent(4));
                    }
                }
            }
            return 0;
        }
    }
}
