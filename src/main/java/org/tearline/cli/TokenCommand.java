package org.tearline.cli;

import java.util.concurrent.Callable;
import org.tearline.Tearline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline token ...}: API tokens. */
@Command(name = "token", description = "Manage API tokens.", mixinStandardHelpOptions = true)
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API token for a user and print it. It is shown once and"
                    + " only its hash is kept; use it as 'Authorization: Bearer TOKEN'.")
    static final class Create implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME", description = "User the token acts for.")
        String name;

        @Option(names = "--label", paramLabel = "TEXT",
                description = "A note on what the token is for.")
        String label;

        @Mixin
        DataOptions data;

        Create(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                io.out().println(app.accounts().createToken(name, label));
            }
            return 0;
        }
    }
}
