package org.tearline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tearline.error.ConfigurationException;

/** The sign-in lockout settings under {@code auth:}, validated at start-up. */
class LockoutConfigTest {

    @TempDir
    Path dir;

    private TearlineConfig load(String yaml) throws Exception {
        Path file = dir.resolve("tearline.yaml");
        Files.writeString(file, yaml);
        return TearlineConfig.load(file);
    }

    @Test
    void defaultsLockAfterFiveFailuresPerUserAndThirtyPerAddressForUpToFifteenMinutes() {
        TearlineConfig.Auth a = TearlineConfig.defaults().auth();
        assertThat(a.lockoutUserFailures()).isEqualTo(5);
        assertThat(a.lockoutAddressFailures()).isEqualTo(30);
        assertThat(a.lockoutFirstDelaySeconds()).isEqualTo(1);
        assertThat(a.lockoutMaxDelaySeconds()).isEqualTo(900);
    }

    @Test
    void readsTheLockoutSettings() throws Exception {
        TearlineConfig.Auth a = load("auth:\n  lockout-user-failures: 3\n"
                        + "  lockout-address-failures: 100\n  lockout-first-delay-seconds: 5\n"
                        + "  lockout-max-delay-seconds: 600\n")
                .auth();
        assertThat(a).isEqualTo(new TearlineConfig.Auth(600, 19_456, 2, 3, 100, 5, 600));
    }

    @Test
    void refusesAFirstDelayLongerThanTheCapAndValuesOutOfRange() {
        assertThatThrownBy(
                        () -> load("auth:\n  lockout-first-delay-seconds: 60\n" + "  lockout-max-delay-seconds: 30\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("auth.lockout-first-delay-seconds (60)")
                .hasMessageContaining("auth.lockout-max-delay-seconds (30)");
        assertThatThrownBy(() -> load("auth:\n  lockout-user-failures: 0\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("auth.lockout-user-failures must be between 1 and 1000," + " was 0");
        assertThatThrownBy(() -> load("auth:\n  lockout-after: 5\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("auth.lockout-after");
    }
}
