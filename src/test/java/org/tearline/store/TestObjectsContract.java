package org.tearline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tearline.store.TestObjects.EVERYTHING_ON_ONE_PAGE;
import static org.tearline.store.TestObjects.T0;
import static org.tearline.store.TestObjects.TAXII;
import static org.tearline.store.TestObjects.apiRoot;
import static org.tearline.store.TestObjects.audience;
import static org.tearline.store.TestObjects.collection;
import static org.tearline.store.TestObjects.filter;
import static org.tearline.store.TestObjects.id;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.tearline.domain.AudienceRecord;
import org.tearline.domain.StatusRecord;
import org.tearline.domain.StoredObject;
import org.tearline.domain.VersionRecord;
import org.tearline.error.ConflictException;

/**
 * What the contracts that build their data with {@link TestObjects} share: a test clock
 * ({@link #tick()}) from {@link TestObjects#T0}, so date_added values are known exactly; writes
 * that return nothing; collections in API root {@code api1}; and two nodes racing to write the
 * same thing. Times round-trip at microsecond precision, so tests use instants without
 * sub-microsecond digits.
 */
abstract class TestObjectsContract extends StoreFixture {

    private Instant clock = T0;

    /** The test clock, one second later than last time. */
    Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    /*
     * Lambdas handed straight to assertThat(read(...)) declare (StoreTx tx): with an implicit
     * parameter type javac cannot choose among assertThat's overloads.
     */
    <T> T read(Function<StoreTx, T> work) {
        return store.read(work);
    }

    void write(Consumer<StoreTx> work) {
        store.write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    void ensureApiRoot(String name) {
        write(tx -> {
            if (tx.collections().findApiRoot(name).isEmpty()) {
                tx.collections().putApiRoot(apiRoot(name), T0);
            }
        });
    }

    /** A new empty collection in API root {@code api1}, created at {@link TestObjects#T0}. */
    String newCollection() {
        ensureApiRoot("api1");
        String id = UUID.randomUUID().toString();
        write(tx -> tx.collections().createCollection(collection(id, "api1", null, T0)));
        return id;
    }

    List<AddResult> add(String collectionId, NewObject... objects) {
        return add(collectionId, tick(), objects);
    }

    List<AddResult> add(String collectionId, Instant now, NewObject... objects) {
        return add(store, collectionId, now, List.of(objects));
    }

    static List<AddResult> add(Store node, String collectionId, Instant now, List<NewObject> objects) {
        return node.write(tx -> tx.objects().addObjects(collectionId, objects, now, TAXII));
    }

    List<VersionRecord> manifest(String collectionId, ObjectFilter filter) {
        Page<VersionRecord> page = read(tx -> tx.objects().findManifest(collectionId, filter, EVERYTHING_ON_ONE_PAGE));
        assertThat(page.more()).isFalse();
        return page.items();
    }

    List<StoredObject> objects(String collectionId, ObjectFilter filter) {
        Page<StoredObject> page = read(tx -> tx.objects().findObjects(collectionId, filter, EVERYTHING_ON_ONE_PAGE));
        assertThat(page.more()).isFalse();
        return page.items();
    }

    List<VersionRecord> all(String collectionId) {
        return manifest(collectionId, ObjectFilter.EVERYTHING);
    }

    static <T> T await(Future<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("background work failed", e);
        }
    }

    static StatusRecord status(String id, String apiRoot) {
        String a = "indicator--00000000-0000-4000-8000-000000000001";
        return new StatusRecord(
                id,
                apiRoot,
                "c1",
                "analyst-1",
                T0.plusNanos(654_321_000),
                "complete",
                List.of(
                        new StatusRecord.Detail(a, "2024-03-07T08:00:00.000Z", null),
                        new StatusRecord.Detail(a, "2024-03-07T08:30:00.123456Z", "this version is already stored")),
                List.of(
                        new StatusRecord.Detail(
                                "objects[2]", null, "objects[2]: [not-an-object] each item must be a JSON object"),
                        new StatusRecord.Detail(a, "2024-03-07T08:00:00.000Z", "Ошибка: «version-conflict» ☢")),
                List.of(new StatusRecord.Detail(a, "2024-03-07T09:00:00.000Z", "")));
    }

    /** A new audience on policy version 1, created at {@link TestObjects#T0}, with its view. */
    AudienceRecord newAudience(String name) {
        AudienceRecord a = audience(name, newCollection(), T0);
        write(tx -> tx.releaseViews().createAudience(a));
        return a;
    }

    /** Runs {@code work(n)} for n in 0..threads-1 on as many threads, started together. */
    static <T> List<T> runConcurrently(int threads, IntFunction<T> work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int n = 0; n < threads; n++) {
                int thread = n;
                Callable<T> task = () -> {
                    start.await();
                    return work.apply(thread);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            return futures.stream().map(TestObjectsContract::await).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs {@code first} in a write that stays open a moment after it, while {@code second}
     * (another node's write of the same thing) starts; the second must fail with a conflict.
     */
    void assertRacingWriteConflicts(Consumer<StoreTx> first, Runnable second) {
        CountDownLatch firstDone = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> firstWrite = pool.submit(() -> store.write(tx -> {
                first.accept(tx);
                firstDone.countDown();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            try {
                firstDone.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThatThrownBy(second::run).isInstanceOf(ConflictException.class);
            await(firstWrite);
        } finally {
            pool.shutdownNow();
        }
    }
}
