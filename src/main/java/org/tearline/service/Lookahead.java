package org.tearline.service;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs the pure part of a batch on a second thread while the thread that owns the store
 * transaction consumes the batch before it: a materialisation spends about half its time in
 * the database and most of the rest parsing, assessing and serialising objects, which need no
 * transaction. Batches are consumed in the order they were submitted, on the submitting
 * thread, so what is written, and in which order, is exactly what one thread would write.
 *
 * <p>The work given to {@link #submit} must not touch the transaction or anything the
 * consuming thread changes; what it returns is handed over with the happens-before edge of
 * {@link Future#get()}.
 */
final class Lookahead implements AutoCloseable {

    private final ExecutorService worker;
    private Future<?> pending;
    private Consumer<Object> pendingSink;

    Lookahead(String name) {
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts {@code work} on the second thread, then consumes the batch submitted before it,
     * if any, on this thread; {@code sink} receives this batch's result at the next call of
     * {@code submit} or {@link #drain}.
     */
    @SuppressWarnings("unchecked")
    <T> void submit(Callable<T> work, Consumer<T> sink) {
        Future<T> next = worker.submit(work);
        drain();
        pending = next;
        pendingSink = (Consumer<Object>) sink;
    }

    /** Waits for the last batch submitted and consumes it on this thread. */
    void drain() {
        if (pending == null) {
            return;
        }
        Future<?> f = pending;
        Consumer<Object> sink = pendingSink;
        pending = null;
        pendingSink = null;
        sink.accept(await(f));
    }

    private static Object await(Future<?> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new IllegalStateException("interrupted while materialising a view", e);
        } catch (ExecutionException e) {
            // The work's own exception, unchanged: callers map store and policy failures by
            // their type.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("materialising a view failed", cause);
        }
    }

    /** Abandons whatever is still running: the transaction it was for is rolled back. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
