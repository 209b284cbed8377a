package org.tearline.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.domain.Peer;
import org.tearline.domain.PeerSubscription;
import org.tearline.domain.QuarantinedObject;
import org.tearline.error.BadRequestException;
import org.tearline.peer.PeerService;
import org.tearline.stix.StixTimestamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline peer ...}: other organisations' TAXII servers this instance pulls from. */
@Command(
        name = "peer",
        description = "Manage peers: other organisations' TAXII 2.1 servers to pull from.",
        mixinStandardHelpOptions = true)
final class PeerCommand {

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Register a peer. Its password (with --user) or token (without) is read from"
                    + " standard input (one line), or asked for on a terminal; it is stored encrypted and"
                    + " never shown. TLS certificates are verified against the JDK's trust store, or only"
                    + " against --ca-file.")
    static final class Add implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME", description = "A name for the peer (a-z, 0-9, - and _).")
        String name;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "The peer's discovery URL.")
        String url;

        @Option(
                names = "--user",
                paramLabel = "U",
                description = "User name for HTTP Basic; without it the" + " secret is sent as a bearer token.")
        String user;

        @Option(
                names = "--api-root",
                paramLabel = "URL",
                description = "The API root to use. Default: the discovery's default.")
        String apiRoot;

        @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM certificates to trust for this peer.")
        Path caFile;

        @Mixin
        DataOptions data;

        Add(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            char[] secret = readSecret(io, user != null);
            try (Tearline app = data.open()) {
                app.peers().add(name, url, user, apiRoot, caFile, secret);
            }
            io.out()
                    .println("added peer " + name + " (" + url + ")"
                            + (secret.length == 0 ? ", without credentials" : "")
                            + "; try it with: tearline peer test " + name);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List peers, their state and subscriptions.")
    static final class ListPeers implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        DataOptions data;

        ListPeers(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                for (Peer p : app.peers().peers()) {
                    io.out()
                            .println(p.name() + "\t" + p.discoveryUrl()
                                    + (p.user() == null ? "" : "\tuser " + p.user())
                                    + (p.caFile() == null ? "" : "\tca " + p.caFile())
                                    + "\t" + state(p));
                    for (PeerSubscription s : app.peers().subscriptions(p.name())) {
                        io.out().println("  " + subscription(s));
                    }
                }
            }
            return 0;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove a peer and its" + " subscriptions; what it sent stays, with its provenance.")
    static final class Remove implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        DataOptions data;

        Remove(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                app.peers().remove(name);
            }
            io.out().println("removed peer " + name);
            return 0;
        }
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = "Try a peer: discovery, API roots, the collections we may read and write, round trip."
                    + " A failure (TLS, credentials, unreachable) is named and kept as the peer's state.")
    static final class Test implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        DataOptions data;

        Test(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                PeerService.TestReport r = app.peers().test(name);
                io.out().println("peer " + name + ": " + (r.title().isEmpty() ? "(untitled)" : r.title()));
                io.out().println("round trip: " + r.roundTrip().toMillis() + " ms");
                io.out().println("API roots: " + String.join(", ", r.apiRoots()));
                io.out().println("using API root: " + r.apiRoot());
                for (PeerService.RemoteCollection c : r.collections()) {
                    io.out()
                            .println("  " + c.id() + (c.alias() == null ? "" : " (" + c.alias() + ")") + "\t"
                                    + (c.canRead() ? "read" : "-") + "/" + (c.canWrite() ? "write" : "-") + "\t"
                                    + c.title());
                }
            }
            return 0;
        }
    }

    @Command(
            name = "subscribe",
            mixinStandardHelpOptions = true,
            description = "Pull a peer's collection into a local inbound collection (made when missing)."
                    + " The running server pulls it on schedule; partners see it only if a release policy"
                    + " names it.")
    static final class Subscribe implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(
                names = "--collection",
                required = true,
                paramLabel = "REMOTE",
                description = "The peer's" + " collection, by id or alias.")
        String remote;

        @Option(
                names = "--into",
                required = true,
                paramLabel = "LOCAL",
                description = "The local inbound" + " collection, by id or alias; made (with that alias) when missing.")
        String into;

        @Option(
                names = "--every",
                paramLabel = "DURATION",
                defaultValue = "60s",
                description = "Pull interval," + " e.g. 30s, 5m, 1h. Default: ${DEFAULT-VALUE}.")
        String every;

        @Mixin
        DataOptions data;

        Subscribe(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Duration interval = duration(every);
            try (Tearline app = data.open()) {
                PeerSubscription s = app.peers().subscribe(name, remote, into, interval);
                io.out()
                        .println("subscribed to " + name + " collection " + s.remoteCollection() + " into inbound"
                                + " collection " + s.localCollection() + ", every " + s.every() + "s");
            }
            return 0;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Pull a peer's subscriptions now.")
    static final class Pull implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        DataOptions data;

        Pull(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            int failed = 0;
            try (Tearline app = data.open()) {
                for (PeerService.PullReport r : app.peers().pull(name)) {
                    if (r.error() != null) {
                        failed++;
                        io.out().println(r.subscription().remoteCollection() + ": failed: " + r.error());
                    } else {
                        io.out()
                                .println(r.subscription().remoteCollection() + ": "
                                        + r.result().stored()
                                        + " stored, " + r.result().duplicates() + " already held, "
                                        + r.result().quarantined() + " quarantined");
                    }
                }
            }
            return failed == 0 ? 0 : Cli.FAILED;
        }
    }

    @Command(
            name = "quarantine",
            mixinStandardHelpOptions = true,
            description = "List what a peer sent that was refused, with the reasons.")
    static final class Quarantine implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100")
        int limit;

        @Option(names = "--bodies", description = "Print each object as received too.")
        boolean bodies;

        @Mixin
        DataOptions data;

        Quarantine(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                List<QuarantinedObject> kept = app.peers().quarantine(name, limit);
                io.out().println(app.peers().quarantined(name) + " object(s) in quarantine from peer " + name);
                for (QuarantinedObject q : kept) {
                    io.out()
                            .println(StixTimestamp.formatMicros(q.received()) + "\t" + q.remoteCollection() + "\t"
                                    + (q.objectId() == null ? "(no id)" : q.objectId()) + "\t" + q.reasons());
                    if (bodies) {
                        io.out().println("  " + q.body());
                    }
                }
            }
            return 0;
        }
    }

    @Command(
            name = "provenance",
            mixinStandardHelpOptions = true,
            description = "Show where every stored version of an object came from: this producer's"
                    + " analysts (channel taxii, import, warning), a release, or a peer (its name, remote"
                    + " collection, remote date_added, time received).")
    static final class Provenance implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "OBJECT-ID")
        String objectId;

        @Mixin
        DataOptions data;

        Provenance(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                io.out().println(app.peers().provenanceJson(objectId).toPrettyString());
            }
            return 0;
        }
    }

    private static String state(Peer p) {
        if (p.failing()) {
            return "FAILING since " + StixTimestamp.formatMicros(p.failingSince()) + ": " + p.lastError();
        }
        return p.lastOk() == null ? "not contacted yet" : "ok at " + StixTimestamp.formatMicros(p.lastOk());
    }

    private static String subscription(PeerSubscription s) {
        return s.remoteCollection() + " -> " + s.localCollection() + " every " + s.every() + "s: "
                + s.received() + " received, " + s.quarantined() + " quarantined, " + s.errors() + " failed pulls"
                + (s.newestAdded() == null ? "" : ", newest date_added " + StixTimestamp.formatMicros(s.newestAdded()))
                + (s.lastError() == null ? "" : "; last error: " + s.lastError());
    }

    /** 30s, 5m, 2h, 1d, or a number of seconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("\\d{1,9}")) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            if (t.matches("\\d{1,9}[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new BadRequestException("--every '" + text + "' is not a duration such as 30s, 5m or 1h");
    }

    /** The secret from the terminal (not echoed) or the first line of standard input; may be empty. */
    // Java 17 gives no Console without a terminal, so null is the test for one. The '%s' is
    // the shell's printf in a message, not a format string.
    @SuppressWarnings({"SystemConsoleNull", "OrphanedFormatString"})
    static char[] readSecret(Cli.Io io, boolean required) throws IOException {
        Console console = System.console();
        if (console != null && io.in() == System.in) {
            char[] s = console.readPassword(required ? "Password: " : "Token (empty for none): ");
            return s == null ? new char[0] : s;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        if ((line == null || line.isEmpty()) && required) {
            throw new BadRequestException("no password on standard input for --user; pipe it in, e.g."
                    + " printf '%s\\n' \"$PASSWORD\" | tearline peer add NAME --url URL --user U --data DIR");
        }
        return line == null ? new char[0] : line.toCharArray();
    }
}
