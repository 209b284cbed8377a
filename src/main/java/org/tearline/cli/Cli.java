package org.tearline.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tearline.Tearline;
import org.tearline.error.TearlineException;
import org.tearline.intake.extract.Extraction;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Builds the command tree and runs one command line. */
public final class Cli {

    /** Exit code of a failed operation. */
    public static final int FAILED = 1;
    /** Exit code of wrong usage (picocli's). */
    public static final int USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {}

    /** The streams a command talks through, so tests can drive commands in-process. */
    public record Io(InputStream in, PrintStream out, PrintStream err) {}

    @Command(
            name = "tearline",
            mixinStandardHelpOptions = true,
            version = "Tearline 0.1.0",
            description = "Tearline threat-warning exchange: STIX 2.1 over TAXII 2.1.",
            subcommandsRepeatable = false)
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
        }
    }

    /** The command line, ready to execute. */
    public static CommandLine commandLine(Io io) {
        return commandLine(io, Tearline.standardExtraction());
    }

    /** The command line, with intake running this extraction (tests hand their own). */
    public static CommandLine commandLine(Io io, Extraction extraction) {
        CommandLine cli = new CommandLine(new Root());
        cli.addSubcommand(new ServeCommand(io));
        cli.addSubcommand(new CommandLine(new UserCommand())
                .addSubcommand(new UserCommand.Add(io))
                .addSubcommand(new UserCommand.ListUsers(io))
                .addSubcommand(new UserCommand.Disable(io))
                .addSubcommand(new UserCommand.Enable(io))
                .addSubcommand(new UserCommand.Password(io)));
        cli.addSubcommand(new CommandLine(new TokenCommand())
                .addSubcommand(new TokenCommand.Create(io))
                .addSubcommand(new TokenCommand.ListTokens(io))
                .addSubcommand(new TokenCommand.Revoke(io)));
        cli.addSubcommand(new CommandLine(new CollectionCommand())
                .addSubcommand(new CollectionCommand.Add(io))
                .addSubcommand(new CollectionCommand.ListCollections(io)));
        cli.addSubcommand(new GrantCommand(io));
        cli.addSubcommand(new ImportCommand(io));
        cli.addSubcommand(new ExportCommand(io));
        cli.addSubcommand(new CommandLine(new AudienceCommand())
                .addSubcommand(new AudienceCommand.Apply(io))
                .addSubcommand(new AudienceCommand.ListAudiences(io))
                .addSubcommand(new AudienceCommand.History(io)));
        cli.addSubcommand(new CommandLine(new ReleaseCommand()).addSubcommand(new ReleaseCommand.Preview(io)));
        cli.addSubcommand(new MarkingsCommand(io));
        cli.addSubcommand(new CommandLine(new WarningCommand())
                .addSubcommand(new WarningCommand.Create(io))
                .addSubcommand(new WarningCommand.Decide(io))
                .addSubcommand(new WarningCommand.Approve(io))
                .addSubcommand(new WarningCommand.Extend(io))
                .addSubcommand(new WarningCommand.Retire(io))
                .addSubcommand(new WarningCommand.Show(io))
                .addSubcommand(new WarningCommand.Queue(io))
                .addSubcommand(new WarningCommand.Timeline(io)));
        cli.addSubcommand(new CommandLine(new AuditCommand())
                .addSubcommand(new AuditCommand.Verify(io))
                .addSubcommand(new AuditCommand.Show(io))
                .addSubcommand(new AuditCommand.Export(io))
                .addSubcommand(new AuditCommand.VerifyReceipt(io))
                .addSubcommand(new AuditCommand.Keys(io))
                .addSubcommand(new AuditCommand.RotateKey(io))
                .addSubcommand(new AuditCommand.Checkpoint(io))
                .addSubcommand(new AuditCommand.WitnessHeads(io)));
        cli.addSubcommand(new CommandLine(new IntakeCommand(io, extraction))
                .addSubcommand(new IntakeCommand.ListDrafts(io))
                .addSubcommand(new IntakeCommand.Show(io))
                .addSubcommand(new IntakeCommand.Accept(io))
                .addSubcommand(new IntakeCommand.Reject(io)));
        cli.addSubcommand(new CommandLine(new PeerCommand())
                .addSubcommand(new PeerCommand.Add(io))
                .addSubcommand(new PeerCommand.ListPeers(io))
                .addSubcommand(new PeerCommand.Remove(io))
                .addSubcommand(new PeerCommand.Test(io))
                .addSubcommand(new PeerCommand.Subscribe(io))
                .addSubcommand(new PeerCommand.Pull(io))
                .addSubcommand(new PeerCommand.Quarantine(io)));
        cli.addSubcommand(new PeerCommand.Provenance(io));
        cli.addSubcommand(new CommandLine(new AlertCommand())
                .addSubcommand(new AlertCommand.Subscribe(io))
                .addSubcommand(new AlertCommand.Unsubscribe(io))
                .addSubcommand(new AlertCommand.ListSubscriptions(io))
                .addSubcommand(new AlertCommand.Test(io))
                .addSubcommand(new AlertCommand.DeadLetters(io))
                .addSubcommand(new AlertCommand.Replay(io)));
        cli.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof TearlineException t) {
                cmd.getErr().println("error: " + t.getMessage());
            } else {
                LOG.error("command failed", e);
                cmd.getErr().println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            return FAILED;
        });
        return cli;
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return commandLine(new Io(in, out, err)).execute(args);
    }
}
