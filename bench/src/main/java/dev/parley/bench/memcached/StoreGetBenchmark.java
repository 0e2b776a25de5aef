package dev.parley.bench.memcached;

import dev.parley.memcached.store.Item;
import dev.parley.memcached.store.ItemStore;
import dev.parley.memcached.store.KeyPolicy;
import dev.parley.memcached.store.StoreOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * A {@code get} hit in {@link ItemStore} as the server serves it: look the key up, then copy the key and the value
 * out as the reply does. Keys are 64 random characters and values 64 bytes, as memcaslap's; with 320,000 items (what
 * memcaslap's 32 connections keep) the items are far beyond the core's caches and each hit waits on memory, which is
 * what this measures. The keys are visited in a random order fixed in advance, so the hardware cannot guess the next
 * item.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class StoreGetBenchmark {

    private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-";

    /** How many items the store holds. */
    @Param({"1000", "320000"})
    public int items;

    private ItemStore store;
    private String[] order;
    private int next;
    private final byte[] reply = new byte[512];

    @Setup
    public void fill() {
        store = ItemStore.create(StoreOptions.builder().memoryLimit(1L << 30)
                .keyPolicy(KeyPolicy.MEMCACHED_COMPATIBLE).build());
        SplittableRandom random = new SplittableRandom(42);
        String[] keys = new String[items];
        byte[] value = new byte[64];
        for (int i = 0; i < items; i++) {
            char[] key = new char[64];
            for (int c = 0; c < key.length; c++) {
                key[c] = KEY_CHARS.charAt(random.nextInt(KEY_CHARS.length()));
            }
            keys[i] = new String(key);
            random.nextBytes(value);
            store.set(keys[i], 0, 0, value);
        }
        order = new String[1 << 20];
        for (int i = 0; i < order.length; i++) {
            // A new String per visit, as the decoder makes one per request: its hash is not cached yet.
            order[i] = new String(keys[random.nextInt(items)].toCharArray());
        }
        // The items in the old generation, where a long-running server has them, before the first measurement.
        System.gc();
    }

    @Benchmark
    public int getHit() {
        String key = order[next++ & (order.length - 1)];
        Item item = store.get(new String(key.getBytes(ISO_8859_1), ISO_8859_1));
        byte[] k = item.keyBytes();
        byte[] v = item.value();
        System.arraycopy(k, 0, reply, 0, k.length);
        System.arraycopy(v, 0, reply, k.length, v.length);
        return reply[k.length + v.length - 1];
    }
}
