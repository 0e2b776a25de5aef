package dev.parley.memcached.store;

import static dev.parley.memcached.store.StoreTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two threads, like the server's two event loops, hammering one store; totals must add up exactly. */
class ConcurrencyTest {

    private static final int THREADS = 2;
    private static final int ROUNDS = 20_000;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    private void runOnAllThreads(Callable<Void> task) throws Exception {
        List<Future<Void>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(task));
        }
        for (Future<Void> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void incrementsAndCasLoopsFromTwoThreadsLoseNoUpdates() throws Exception {
        ItemStore store = ItemStore.create(StoreOptions.builder().segments(2).build());
        store.set("counter", 0, 0, bytes("0"));
        store.set("cas-counter", 0, 0, bytes("0"));
        CyclicBarrier start = new CyclicBarrier(THREADS);

        runOnAllThreads(() -> {
            start.await(10, TimeUnit.SECONDS);
            for (int i = 0; i < ROUNDS; i++) {
                store.incr("counter", 1);
                StoreResult result;
                do {
                    Item item = store.get("cas-counter");
                    long next = Long.parseLong(StoreTestSupport.text(item)) + 1;
                    result = store.cas("cas-counter", 0, 0, bytes(Long.toString(next)), item.cas());
                } while (result == StoreResult.EXISTS);
                assertEquals(StoreResult.STORED, result);
            }
            return null;
        });

        assertEquals(Long.toString(THREADS * ROUNDS), StoreTestSupport.text(store.get("counter")));
        assertEquals(Long.toString(THREADS * ROUNDS), StoreTestSupport.text(store.get("cas-counter")));
        StoreStats stats = store.stats();
        assertEquals(THREADS * ROUNDS, stats.get(StoreCounter.INCR_HITS));
        assertEquals(THREADS * ROUNDS, stats.get(StoreCounter.CAS_HITS));
        assertEquals(stats.get(StoreCounter.CMD_SET) - 2,
                stats.get(StoreCounter.CAS_HITS) + stats.get(StoreCounter.CAS_BADVAL));
    }

    @Test
    void memoryLimitHoldsUnderConcurrentEviction() throws Exception {
        int itemSize = 100;
        long limit = 200L * itemSize;
        ItemStore store = ItemStore.create(StoreOptions.builder()
                .segments(4).memoryLimit(limit).maxItemSize(10 * itemSize).build());
        CyclicBarrier start = new CyclicBarrier(THREADS);
        AtomicInteger threadIndex = new AtomicInteger();

        runOnAllThreads(() -> {
            String prefix = "t" + threadIndex.getAndIncrement();
            start.await(10, TimeUnit.SECONDS);
            for (int i = 0; i < ROUNDS; i++) {
                String key = prefix + '-' + (i % 1000);
                byte[] value = new byte[itemSize - Item.OVERHEAD - key.length() + (i % 7) * 50];
                StoreResult result = store.set(key, 0, 0, value);
                assertTrue(result == StoreResult.STORED || result == StoreResult.OUT_OF_MEMORY, result::name);
                assertTrue(store.stats().bytes() <= limit);
                store.get(prefix + '-' + (i * 7 % 1000));
            }
            return null;
        });

        StoreStats stats = store.stats();
        assertTrue(stats.bytes() <= limit, stats::toString);
        assertEquals(THREADS * ROUNDS, stats.get(StoreCounter.CMD_SET));
        assertTrue(stats.get(StoreCounter.EVICTIONS) > 0, stats::toString);
        long sum = 0;
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < 1000; i++) {
                Item item = store.get("t" + t + '-' + i);
                if (item != null) {
                    sum += item.size();
                }
            }
        }
        assertEquals(stats.bytes(), sum, "accounted bytes match the items actually held");
    }
}
