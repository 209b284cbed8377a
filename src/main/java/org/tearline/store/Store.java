package org.tearline.store;

import java.util.function.Function;

/**
 * Everything Tearline keeps. Work happens in transactions: {@link #read} for queries,
 * {@link #write} for changes, so a service can change several things (objects, views, audit
 * entries) atomically. Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {

    /** Runs read-only work in one consistent snapshot. */
    <T> T read(Function<StoreTx, T> work);

    /**
     * Runs work in one read-write transaction, committed when {@code work} returns and rolled
     * back when it throws.
     */
    <T> T write(Function<StoreTx, T> work);

    /** A description for logs and the health endpoint, without credentials. */
    String describe();

    /** True when the store answers a trivial query. */
    boolean isHealthy();

    @Override
    void close();
}
