package org.tearline.cli;

import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.domain.CollectionInfo;
import org.tearline.error.NotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline grant USER COLLECTION}: what a user may do with a collection. */
@Command(
        name = "grant",
        mixinStandardHelpOptions = true,
        description = "Set what a user may do with a collection: read, write, both, or nothing"
                + " (--revoke). The grant replaces any earlier one.")
final class GrantCommand implements Callable<Integer> {

    private final Cli.Io io;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", description = "User name.")
    String user;

    @Parameters(index = "1", paramLabel = "COLLECTION", description = "Collection id or alias.")
    String collection;

    @Option(names = "--read", description = "May read the collection.")
    boolean read;

    @Option(names = "--write", description = "May add objects to the collection.")
    boolean write;

    @Option(names = "--revoke", description = "May do nothing with the collection.")
    boolean revoke;

    @Mixin
    DataOptions data;

    GrantCommand(Cli.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (revoke == (read || write)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give --read, --write or both, or --revoke alone");
        }
        try (Tearline app = data.open()) {
            CollectionInfo c = app.collections()
                    .find(collection)
                    .orElseThrow(() -> new NotFoundException("collection '" + collection + "' does not exist"));
            app.accounts().grant(user, c.id(), read, write);
            io.out()
                    .println(user + " on " + c.id() + (c.alias() == null ? "" : " (" + c.alias() + ")") + ": read="
                            + read + " write=" + write);
        }
        return 0;
    }
}
