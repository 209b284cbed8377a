package org.tearline.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tearline.error.NotFoundException;

/**
 * The materialiser's second thread: batches are made off the calling thread, at most one
 * ahead, and consumed on the calling thread in the order they were submitted.
 */
class LookaheadTest {

    @Test
    void consumesBatchesInSubmissionOrderOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        List<Integer> consumed = new ArrayList<>();
        List<Thread> consumers = new ArrayList<>();
        List<String> makers = new ArrayList<>();
        try (Lookahead ahead = new Lookahead("lookahead-test")) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                ahead.submit(
                        () -> {
                            // Uneven work, so a batch that finishes early cannot overtake one before it.
                            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                            return List.of(n, Thread.currentThread().getName());
                        },
                        batch -> {
                            consumed.add((Integer) batch.get(0));
                            makers.add((String) batch.get(1));
                            consumers.add(Thread.currentThread());
                        });
            }
            ahead.drain();
        }
        assertThat(consumed).hasSize(200).isSorted();
        assertThat(consumers).containsOnly(caller);
        assertThat(makers).containsOnly("lookahead-test");
    }

    @Test
    void makesTheNextBatchWhileTheCallerConsumesThePreviousOne() throws Exception {
        CountDownLatch secondStarted = new CountDownLatch(1);
        boolean[] overlapped = {false};
        try (Lookahead ahead = new Lookahead("lookahead-test")) {
            ahead.submit(() -> "first", first -> {
                try {
                    // The first batch is consumed only after the second was submitted, and the
                    // worker is already on it.
                    overlapped[0] = secondStarted.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ahead.submit(
                    () -> {
                        secondStarted.countDown();
                        return "second";
                    },
                    second -> {});
            ahead.drain();
        }
        assertThat(overlapped[0]).isTrue();
    }

    @Test
    void passesOnTheWorkersFailureUnchanged() {
        try (Lookahead ahead = new Lookahead("lookahead-test")) {
            ahead.submit(
                    () -> {
                        throw new NotFoundException("collection 'x' does not exist");
                    },
                    ignored -> {});
            assertThatThrownBy(ahead::drain)
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("collection 'x' does not exist");
        }
    }

    @Test
    void consumesNothingOnceABatchHasFailed() {
        List<String> consumed = new ArrayList<>();
        try (Lookahead ahead = new Lookahead("lookahead-test")) {
            ahead.submit(() -> "a", consumed::add);
            ahead.<String>submit(
                    () -> {
                        throw new IllegalArgumentException("bad batch");
                    },
                    consumed::add);
            assertThatThrownBy(() -> ahead.submit(() -> "c", consumed::add))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bad batch");
        }
        assertThat(consumed).containsExactly("a");
    }
}
