package org.tearline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.Tearline;
import org.tearline.audit.SigningKeys;
import org.tearline.config.TearlineConfig;
import org.tearline.domain.Account;
import org.tearline.error.ConfigurationException;
import org.tearline.testing.TestServer;

/**
 * A node signs the disclosure record with the database's key or does not start: a key of its
 * own would make every other node report tampering that never happened. A key lost for good
 * is retired explicitly, and its checkpoints then verify with its public key given by hand.
 */
class SigningKeyCommandTest {

    @TempDir
    Path data;

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

    private Path keyFile() {
        return data.resolve("keys").resolve("audit-signing-key.pem");
    }

    /** Opens once, records something and signs it, so the record has a key and checkpoints. */
    private String seed() {
        try (Tearline app = Tearline.open(TestServer.config(null), data, Clock.systemUTC())) {
            app.accounts().create("analyst", "a long enough password".toCharArray(), Account.Role.PRODUCER);
            app.audit().checkpoint();
            return app.audit().key().keyId();
        }
    }

    @Test
    void refusesToStartWithoutTheDatabasesKeyRatherThanMakeANewOne() throws Exception {
        String keyId = seed();
        Files.delete(keyFile());

        assertThatThrownBy(() -> Tearline.open(TestServer.config(null), data, Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(keyId)
                .hasMessageContaining("has no signing key");
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void refusesAKeyThatIsNotTheDatabases() {
        String keyId = seed();
        Path other = data.resolve("other.pem");
        SigningKeys.loadOrCreate(other, true);
        TearlineConfig c = TestServer.config(null);
        TearlineConfig withOther = c.withAudit(new TearlineConfig.Audit(
                other, c.audit().checkpointSeconds(), c.audit().receiptFlushMillis()));

        assertThatThrownBy(() -> Tearline.open(withOther, data, Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not the one")
                .hasMessageContaining(keyId);
    }

    @Test
    void aLostKeyIsRetiredExplicitlyAndItsCheckpointsVerifyWithItsPublicKey() throws Exception {
        seed();
        Path publicKey = data.resolve("old-public.pem");
        Run keys = run("audit", "keys", "--data", data.toString());
        assertThat(keys.code()).isZero();
        Files.writeString(publicKey, keys.out());
        Files.delete(keyFile());

        Run refused = run("audit", "verify", "--data", data.toString());
        assertThat(refused.code()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).contains("has no signing key");

        Run rotated = run("audit", "rotate-key", "--key-lost", "--data", data.toString());
        assertThat(rotated.code()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("retired lost signing key");
        assertThat(keyFile()).exists();

        // The lost key's checkpoints are not trusted on the database's word alone...
        Run untrusted = run("audit", "verify", "--data", data.toString());
        assertThat(untrusted.code()).isEqualTo(Cli.FAILED);
        // ...but verify with its public key, kept by whoever had it (partners, auditors).
        Run trusted = run("audit", "verify", "--data", data.toString(), "--trusted-key", publicKey.toString());
        assertThat(trusted.code()).as(trusted.out() + trusted.err()).isZero();
        assertThat(trusted.out()).contains("intact");
    }

    @Test
    void keyLostIsRefusedWhileTheKeyFileExists() {
        seed();
        Run r = run("audit", "rotate-key", "--key-lost", "--data", data.toString());
        assertThat(r.code()).isEqualTo(Cli.USAGE);
        assertThat(r.err()).contains("exists");
    }
}
