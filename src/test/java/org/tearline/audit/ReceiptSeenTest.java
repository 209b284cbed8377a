package org.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiptSeenTest {

    static final String A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String B = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    static final String C = "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13";

    @Test
    void queuesAVersionOncePerReader() {
        ReceiptRecorder.Seen seen = new ReceiptRecorder.Seen(10);
        assertThat(seen.firstTime("alice\nview", A)).isTrue();
        assertThat(seen.firstTime("alice\nview", A)).isFalse();
        assertThat(seen.firstTime("bob\nview", A)).as("another reader").isTrue();
        assertThat(seen.firstTime("alice\nother-view", A))
                .as("another collection")
                .isTrue();
        assertThat(seen.firstTime("alice\nview", B)).as("another version").isTrue();
    }

    @Test
    void forgetsTheLeastRecentlyUsedPastItsLimit() {
        ReceiptRecorder.Seen seen = new ReceiptRecorder.Seen(2);
        seen.firstTime("r", A);
        seen.firstTime("r", B);
        seen.firstTime("r", A); // A is now the more recent
        seen.firstTime("r", C); // B goes
        assertThat(seen.firstTime("r", A)).isFalse();
        assertThat(seen.firstTime("r", B)).as("forgotten, so queued again").isTrue();
    }

    @Test
    void alwaysQueuesWhatItCannotKey() {
        ReceiptRecorder.Seen seen = new ReceiptRecorder.Seen(10);
        assertThat(seen.firstTime("r", null)).isTrue();
        assertThat(seen.firstTime("r", null)).isTrue();
        assertThat(seen.firstTime("r", "not-hex-not-hex-not-hex-not-hex-not")).isTrue();
        assertThat(seen.firstTime("r", "not-hex-not-hex-not-hex-not-hex-not")).isTrue();
    }
}
