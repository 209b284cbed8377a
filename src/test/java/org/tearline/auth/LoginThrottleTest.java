package org.tearline.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the throttle counts by, and how its delay grows. */
class LoginThrottleTest {

    @Test
    void anIpv6ClientIsCountedByItsSlash64SoChangingAddressInItDoesNotHelp() {
        assertThat(LoginThrottle.addressSubject("2001:db8:1:2:aaaa::1"))
                .isEqualTo(LoginThrottle.addressSubject("[2001:db8:1:2:ffff:ffff:ffff:ffff]"))
                .isEqualTo("addr:20010db800010002::/64");
        assertThat(LoginThrottle.addressSubject("2001:db8:1:3::1"))
                .isNotEqualTo(LoginThrottle.addressSubject("2001:db8:1:2::1"));
        assertThat(LoginThrottle.addressSubject("::ffff:192.0.2.7")).isEqualTo("addr:192.0.2.7");
        assertThat(LoginThrottle.addressSubject("192.0.2.7")).isEqualTo("addr:192.0.2.7");
    }

    @Test
    void longNamesAreCountedByTheirHashSoRowsStayBounded() {
        String huge = "x".repeat(5_000);
        assertThat(LoginThrottle.userSubject(huge)).startsWith("user-sha256:").hasSize(76);
        assertThat(LoginThrottle.userSubject("alice")).isEqualTo("user:alice");
    }

    @Test
    void theDelayDoublesWithEachFailureUpToTheCap() {
        LoginThrottle t = new LoginThrottle(
                null,
                Clock.systemUTC(),
                new LoginThrottle.Settings(5, 30, Duration.ofSeconds(1), Duration.ofSeconds(900)),
                (tx, r, f) -> {});
        assertThat(t.delay(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(t.delay(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(t.delay(9)).isEqualTo(Duration.ofSeconds(512));
        assertThat(t.delay(10)).isEqualTo(Duration.ofSeconds(900));
        assertThat(t.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(900));
    }
}
