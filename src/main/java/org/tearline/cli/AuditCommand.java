package org.tearline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tearline.Tearline;
import org.tearline.audit.AuditService;
import org.tearline.audit.SignedHeads;
import org.tearline.audit.SigningKeys;
import org.tearline.audit.Witness;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.AuditEntry;
import org.tearline.domain.AuditKey;
import org.tearline.domain.TreeHead;
import org.tearline.error.BadRequestException;
import org.tearline.error.NotFoundException;
import org.tearline.stix.StixJson;
import org.tearline.stix.StixTimestamp;
import org.tearline.store.AuditQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline audit ...}: the disclosure record. */
@Command(name = "audit", description = "Read, verify and sign the disclosure record.", mixinStandardHelpOptions = true)
final class AuditCommand {

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Check the whole disclosure record: every entry's hash, the chain,"
                    + " the head and the signed checkpoints. Exits 0 when intact; otherwise"
                    + " exits 1 and names the first bad entry.")
    static final class Verify implements Callable<Integer> {
        private final Cli.Io io;

        @Option(
                names = "--trusted-key",
                paramLabel = "PEM",
                description = "Also trust checkpoints signed by this public key (repeatable).")
        List<Path> trusted = List.of();

        @Option(
                names = "--witness",
                paramLabel = "FILE",
                description = "A signed head a partner holds (a file, or a witness directory's"
                        + " heads); the record must still have it (repeatable).")
        List<Path> witnessed = List.of();

        @Mixin
        DataOptions data;

        Verify(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            Map<String, PublicKey> extra = new HashMap<>();
            for (Path p : trusted) {
                PublicKey k = SigningKeys.publicFromPem(Files.readString(p));
                extra.put(SigningKeys.keyId(k), k);
            }
            List<TreeHead> heads = new ArrayList<>();
            for (Path p : witnessed) {
                if (Files.isDirectory(p)) {
                    heads.addAll(new Witness(p).held());
                } else {
                    heads.add(Witness.read(p));
                }
            }
            try (Tearline app = data.open()) {
                AuditService.Verification v = app.audit().verify(extra, heads);
                if (v.intact()) {
                    io.out()
                            .println("disclosure record intact: " + v.entries() + " entries, " + v.checkpoints()
                                    + " signed checkpoints"
                                    + (heads.isEmpty() ? "" : ", " + heads.size() + " witnessed heads match"));
                    return 0;
                }
                io.err().println("disclosure record NOT intact: " + v.problem());
                io.err().println("first bad entry: " + v.firstBadEntry());
                return Cli.FAILED;
            }
        }
    }

    /** Filters shared by show and export. */
    static final class Filters {
        @Option(names = "--audience", paramLabel = "NAME", description = "Only this audience.")
        String audience;

        @Option(
                names = "--object",
                paramLabel = "ID",
                description = "Only entries about this object (original or released id).")
        String object;

        @Option(names = "--since", paramLabel = "TIME", description = "Only entries at or after this RFC 3339 time.")
        String since;

        @Option(
                names = "--kind",
                paramLabel = "KIND",
                description = "Only entries of this kind (release, retrieval, policy, takeback,"
                        + " warning-..., user-created, grant-changed, login-refused, ...).")
        String kind;

        AuditQuery query() {
            Optional<Instant> from = Optional.empty();
            if (since != null) {
                try {
                    from = Optional.of(OffsetDateTime.parse(since).toInstant());
                } catch (DateTimeParseException e) {
                    throw new BadRequestException(
                            "--since '" + since + "' is not an RFC 3339" + " time such as 2026-11-23T00:00:00Z");
                }
            }
            return new AuditQuery(
                    Optional.ofNullable(audience), Optional.ofNullable(object), from, Optional.ofNullable(kind));
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Print disclosure record entries, one per line.")
    static final class Show implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        Filters filters;

        @Mixin
        DataOptions data;

        Show(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                app.audit()
                        .entries(
                                filters.query(),
                                e -> io.out()
                                        .println("#" + e.seq() + " "
                                                + StixTimestamp.formatMicros(e.at()) + " " + e.kind() + " by "
                                                + e.actor() + (e.audience() == null ? "" : " audience=" + e.audience())
                                                + (e.subject() == null ? "" : " subject=" + e.subject()) + " "
                                                + e.detail()));
            }
            return 0;
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write disclosure record entries as JSON lines, with their hashes.")
    static final class Export implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        Filters filters;

        @Mixin
        DataOptions data;

        Export(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                app.audit().entries(filters.query(), e -> io.out().println(line(e)));
            }
            return 0;
        }

        static String line(AuditEntry e) {
            ObjectNode n = StixJson.mapper().createObjectNode();
            n.put("seq", e.seq());
            n.put("at", StixTimestamp.formatMicros(e.at()));
            n.put("kind", e.kind());
            n.put("actor", e.actor());
            n.put("audience", e.audience());
            n.put("subject", e.subject());
            try {
                n.set("detail", StixJson.mapper().readTree(e.detail()));
            } catch (IOException ex) {
                n.put("detail", e.detail());
            }
            n.put("prev_hash", e.prevHash());
            n.put("hash", e.hash());
            return n.toString();
        }
    }

    @Command(
            name = "verify-receipt",
            mixinStandardHelpOptions = true,
            description = "Verify a signed receipt statement offline, against the producer's"
                    + " public key (PEM). Needs no data directory. Exits 0 when the signature"
                    + " holds, 1 otherwise.")
    static final class VerifyReceipt implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "FILE", description = "The statement (JSON).")
        Path file;

        @Option(
                names = "--key",
                required = true,
                paramLabel = "PUBKEY",
                description = "The producer's public key, PEM.")
        Path key;

        VerifyReceipt(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode statement;
            PublicKey pub;
            try {
                statement = StixJson.mapper().readTree(Files.readString(file));
                pub = SigningKeys.publicFromPem(Files.readString(key));
            } catch (NoSuchFileException e) {
                throw new NotFoundException("file " + e.getFile() + " does not exist");
            } catch (JsonProcessingException e) {
                throw new BadRequestException(file + " is not JSON");
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(key + ": " + e.getMessage());
            }
            Optional<String> problem = AuditService.verifyStatement(statement, pub);
            if (problem.isPresent()) {
                io.err().println("receipt NOT valid: " + problem.get());
                return Cli.FAILED;
            }
            io.out()
                    .println("receipt valid: " + statement.path("items").size() + " items"
                            + " retrieved by " + statement.path("account").asText() + " from "
                            + statement.path("from").asText() + " to "
                            + statement.path("to").asText()
                            + ", signed by " + statement.path("issuer").asText() + " (key "
                            + statement.path("key_id").asText() + ")");
            return 0;
        }
    }

    @Command(
            name = "keys",
            mixinStandardHelpOptions = true,
            description = "Print the public keys that verify checkpoints and receipts (PEM),"
                    + " the current one first. Give them to partners.")
    static final class Keys implements Callable<Integer> {
        private final Cli.Io io;

        @Option(names = "--current", description = "Only the current key, PEM alone.")
        boolean current;

        @Mixin
        DataOptions data;

        Keys(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                if (current) {
                    io.out().print(app.audit().key().publicPem());
                    return 0;
                }
                for (AuditKey k : app.audit().keys()) {
                    io.out()
                            .println("# key " + k.keyId()
                                    + (k.retired() == null ? " (current)" : " (retired " + k.retired() + ")"));
                    io.out().print(k.publicKey());
                }
            }
            return 0;
        }
    }

    @Command(
            name = "rotate-key",
            mixinStandardHelpOptions = true,
            description = "Replace the signing key. The old public key is kept (retired) so"
                    + " old checkpoints and receipts still verify.")
    static final class RotateKey implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        DataOptions data;

        @Option(
                names = "--key-lost",
                description = "The current key is"
                        + " lost for good (no node has its file): retire it in the record and start a"
                        + " new one. Its checkpoints then verify only with its public key given to"
                        + " 'audit verify --trusted-key'.")
        boolean keyLost;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        RotateKey(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            if (keyLost) {
                TearlineConfig c = data.config();
                Path file = Tearline.signingKeyFile(c, data.data);
                if (Files.exists(file)) {
                    throw new picocli.CommandLine.ParameterException(
                            spec.commandLine(), "--key-lost, but " + file + " exists: rotate without --key-lost");
                }
                List<String> retired = Tearline.retireLostSigningKeys(c, data.data, Clock.systemUTC());
                io.out()
                        .println("retired lost signing key(s): "
                                + (retired.isEmpty() ? "none" : String.join(", ", retired)));
                try (Tearline app = data.open(c)) {
                    app.audit().checkpoint();
                    io.out().println("new signing key " + app.audit().key().keyId() + " current");
                }
                return 0;
            }
            try (Tearline app = data.open()) {
                String old = app.audit().key().keyId();
                SigningKeys.Pair fresh = app.audit().rotate();
                app.audit().checkpoint();
                io.out().println("signing key rotated: " + old + " retired, " + fresh.keyId() + " current");
            }
            return 0;
        }
    }

    @Command(
            name = "checkpoint",
            mixinStandardHelpOptions = true,
            description = "Sign the head of the disclosure record now.")
    static final class Checkpoint implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        DataOptions data;

        Checkpoint(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (Tearline app = data.open()) {
                TreeHead h = app.audit().checkpoint();
                io.out()
                        .println("signed the tree head of size " + h.size() + " (root " + h.rootHash() + ") with key "
                                + h.keyId());
            }
            return 0;
        }
    }

    @Command(
            name = "witness",
            mixinStandardHelpOptions = true,
            description = "For a partner: fetch the producer's signed head from URL, check it against the"
                    + " last head held (a consistency proof) and keep it, in DIR/witness. Exits 1, naming both"
                    + " heads and keeping them as evidence, when the producer's record does not extend the"
                    + " history it showed before.")
    static final class WitnessHeads implements Callable<Integer> {
        private final Cli.Io io;

        @Parameters(index = "0", paramLabel = "URL", description = "The producer's Tearline, e.g. https://host:8443")
        String url;

        @Option(names = "--token", paramLabel = "TOKEN", description = "An API token of this partner's user there.")
        String token;

        @Option(
                names = "--key",
                paramLabel = "PEM",
                description = "The producer's public key; without it, the one kept in DIR/witness, or"
                        + " (first use) the one the producer serves, kept from then on.")
        Path key;

        @Option(
                names = "--compare",
                paramLabel = "FILE",
                description = "Also check a head another partner holds against this one's (repeatable).")
        List<Path> compare = List.of();

        @Mixin
        DataOptions data;

        WitnessHeads(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path dir = data.data.resolve("witness");
            Witness witness = new Witness(dir);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(10))
                    .build();
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            PublicKey producer = producerKey(http, base, dir);
            TreeHead fresh = SignedHeads.fromJson(get(http, base + "/api/record/head"));
            Witness.Proofs proofs = (from, to) -> {
                try {
                    return SignedHeads.hashes(
                            get(http, base + "/api/record/consistency?from=" + from + "&to=" + to)
                                    .path("proof"),
                            "the consistency proof");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            };
            Witness.Outcome o = witness.observe(fresh, producer, proofs, true);
            boolean ok = o.consistent();
            (ok ? io.out() : io.err()).println(o.message());
            for (Path other : compare) {
                Witness.Outcome c = witness.observe(Witness.read(other), producer, proofs, false);
                (c.consistent() ? io.out() : io.err()).println(other + ": " + c.message());
                ok &= c.consistent();
            }
            return ok ? 0 : Cli.FAILED;
        }

        private PublicKey producerKey(HttpClient http, String base, Path dir) throws IOException, InterruptedException {
            Path kept = dir.resolve("producer.pem");
            if (key != null) {
                return SigningKeys.publicFromPem(Files.readString(key));
            }
            if (Files.exists(kept)) {
                return SigningKeys.publicFromPem(Files.readString(kept));
            }
            String pem = get(http, base + "/api/keys")
                    .path("keys")
                    .path(0)
                    .path("public_key")
                    .asText();
            PublicKey k = SigningKeys.publicFromPem(pem);
            Files.createDirectories(dir);
            Files.writeString(kept, pem);
            io.out()
                    .println("first use: keeping the producer's key " + SigningKeys.keyId(k) + " in " + kept
                            + " (compare its id with the one the producer gave you)");
            return k;
        }

        private JsonNode get(HttpClient http, String target) throws IOException, InterruptedException {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target))
                    .timeout(java.time.Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(req.GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(target + " answered " + r.statusCode());
            }
            return StixJson.mapper().readTree(r.body());
        }
    }
}
