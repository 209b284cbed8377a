package org.tearline.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.domain.Account;
import org.tearline.error.BadRequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline user ...}: accounts. */
@Command(name = "user", description = "Manage user accounts.", mixinStandardHelpOptions = true)
final class UserCommand {

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Create a user. The password is read from standard input (one line),"
                    + " or asked for twice on a terminal.")
    static final class Add implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
        String name;

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                defaultValue = "partner",
                description = "producer (the organisation running Tearline) or partner"
                        + " (reads what is released to it). Default: ${DEFAULT-VALUE}.")
        String role;

        @Mixin
        DataOptions data;

        Add(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            Account.Role r = parseRole(role);
            char[] password = readPassword(io);
            try (Tearline app = data.open()) {
                app.accounts().create(name, password, r);
            } finally {
                Arrays.fill(password, '\0');
            }
            io.out().println("created " + r.name().toLowerCase(Locale.ROOT) + " user " + name);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListUsers implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        DataOptions data;

        ListUsers(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                for (Account a : app.accounts().accounts()) {
                    io.out()
                            .println(a.name() + "\t" + a.role().name().toLowerCase(Locale.ROOT)
                                    + (a.disabled() ? "\tdisabled" : ""));
                }
            }
            return 0;
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Disable a user: its password, tokens and console sessions are all"
                    + " refused from the next request on, and its console sessions end."
                    + " Recorded in the disclosure record.")
    static final class Disable implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
        String name;

        @Mixin
        DataOptions data;

        Disable(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                io.out()
                        .println(
                                app.accounts().setDisabled(name, true)
                                        ? "disabled user " + name
                                        : "user " + name + " was already disabled");
            }
            return 0;
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Enable a disabled user again: its password and unrevoked, unexpired"
                    + " tokens work again. Recorded in the disclosure record.")
    static final class Enable implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
        String name;

        @Mixin
        DataOptions data;

        Enable(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                io.out()
                        .println(
                                app.accounts().setDisabled(name, false)
                                        ? "enabled user " + name
                                        : "user " + name + " was not disabled");
            }
            return 0;
        }
    }

    @Command(
            name = "password",
            mixinStandardHelpOptions = true,
            description = "Set a user's password, read from standard input (one line) or asked"
                    + " for twice on a terminal. The old password stops working and every"
                    + " console session of the user ends. Recorded in the disclosure record.")
    static final class Password implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
        String name;

        @Mixin
        DataOptions data;

        Password(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            char[] password = readPassword(io);
            int ended;
            try (Tearline app = data.open()) {
                ended = app.accounts().setPassword(name, password);
            } finally {
                Arrays.fill(password, '\0');
            }
            io.out().println("changed the password of user " + name + "; ended " + ended + " console session(s)");
            return 0;
        }
    }

    static Account.Role parseRole(String role) {
        try {
            return Account.Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("--role must be 'producer' or 'partner', was '" + role + "'");
        }
    }

    /** A password from the terminal (asked twice) or the first line of standard input. */
    // Java 17, which Tearline targets, gives no Console without a terminal, so null is the
    // test for one (Console.isTerminal arrived in 22). The '%s' is the shell's printf in a
    // message, not a format string.
    @SuppressWarnings({"SystemConsoleNull", "OrphanedFormatString"})
    static char[] readPassword(Cli.Io io) throws IOException {
        Console console = System.console();
        if (console != null && io.in() == System.in) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Repeat password: ");
            if (first == null || !Arrays.equals(first, second)) {
                throw new BadRequestException("the passwords do not match");
            }
            Arrays.fill(second, '\0');
            return first;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || line.isEmpty()) {
            throw new BadRequestException("no password on standard input; pipe it in, e.g."
                    + " printf '%s\\n' \"$PASSWORD\" | tearline user add NAME --data DIR");
        }
        return line.toCharArray();
    }
}
