package org.tearline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.domain.Account;
import org.tearline.testing.TestServer;

/**
 * Partners witnessing a producer's record with {@code audit witness}: heads kept and checked for
 * consistency, a producer that shows two histories (a forked record, signed with its own key)
 * caught by a partner's next check and by comparing two partners' heads, and a producer's record
 * checked against a partner's heads with {@code audit verify --witness}.
 */
class WitnessCommandTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run witness(TestServer producer, String token, Path partner, String... more) {
        String[] base = {"audit", "witness", producer.base().toString(), "--data", partner.toString(), "--token", token
        };
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return run(args);
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void aForkedHistoryIsCaughtByTheWitnessesAndByTheProducersOwnVerification() throws IOException {
        Path producerDir = tmp.resolve("producer");
        Path partnerA = tmp.resolve("partner-a");
        Path partnerB = tmp.resolve("partner-b");
        String tokenA;
        String tokenB;
        try (TestServer p = TestServer.start(producerDir)) {
            p.user("analyst", Account.Role.PRODUCER);
            p.user("partner-a", Account.Role.PARTNER);
            p.user("partner-b", Account.Role.PARTNER);
            tokenA = p.token("partner-a");
            tokenB = p.token("partner-b");
            Run first = witness(p, tokenA, partnerA);
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).contains("first use").contains("first head held");
            p.user("someone", Account.Role.PRODUCER);
            // What the server's timer does every interval.
            p.app().audit().checkpoint();
            Run second = witness(p, tokenA, partnerA);
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.out()).contains("consistent with the head held");
        }
        // The producer keeps a copy of its record as it is now, goes on, and shows partner-a
        // the history that follows.
        Path fork = tmp.resolve("producer-fork");
        copy(producerDir, fork);
        try (TestServer p = TestServer.start(producerDir)) {
            p.user("told-to-a", Account.Role.PARTNER);
            p.app().audit().checkpoint();
            assertThat(witness(p, tokenA, partnerA).code()).isZero();
        }
        // Then it serves the copy with another history, which partner-b sees first.
        try (TestServer p = TestServer.start(fork)) {
            p.user("told-to-b", Account.Role.PARTNER);
            p.user("and-more", Account.Role.PARTNER);
            p.app().audit().checkpoint();
            Run b = witness(p, tokenB, partnerB);
            assertThat(b.code()).as(b.err()).isZero();
            Path headOfB;
            try (Stream<Path> heads = Files.list(partnerB.resolve("witness").resolve("heads"))) {
                headOfB = heads.findFirst().orElseThrow();
            }

            Run a = witness(p, tokenA, partnerA);
            assertThat(a.code()).isEqualTo(Cli.FAILED);
            assertThat(a.err())
                    .contains("INCONSISTENT")
                    .contains("head held (size")
                    .contains("head now served");
            try (Stream<Path> evidence = Files.walk(partnerA.resolve("witness").resolve("evidence"))) {
                assertThat(evidence.filter(f -> f.toString().endsWith(".json")).count())
                        .isEqualTo(2);
            }

            Run compared = witness(p, tokenA, partnerA, "--compare", headOfB.toString());
            assertThat(compared.code()).isEqualTo(Cli.FAILED);
            assertThat(compared.err()).contains(headOfB.toString()).contains("INCONSISTENT");
        }
        Run verify = run(
                "audit",
                "verify",
                "--data",
                fork.toString(),
                "--witness",
                partnerA.resolve("witness").toString());
        assertThat(verify.code()).isEqualTo(Cli.FAILED);
        assertThat(verify.err()).contains("after a partner saw it");
        Run own = run(
                "audit",
                "verify",
                "--data",
                producerDir.toString(),
                "--witness",
                partnerA.resolve("witness").toString());
        assertThat(own.code()).as(own.err()).isZero();
        assertThat(own.out()).contains("witnessed heads match");
    }
}
