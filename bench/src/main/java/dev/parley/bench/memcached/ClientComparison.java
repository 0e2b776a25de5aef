package dev.parley.bench.memcached;

import dev.parley.client.ClientOptions;
import dev.parley.client.ParleyClient;
import dev.parley.memcached.client.MemcachedClient;
import dev.parley.memcached.client.MemcachedValue;
import dev.parley.memcached.client.StoreStatus;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.internal.GetFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Three memcached clients side by side against one real memcached ({@code /usr/bin/memcached}, started here on a free
 * loopback port): Parley's {@link MemcachedClient}, spymemcached 2.12.3 and xmemcached 2.4.8. Each uses one
 * connection and keeps 1,024 gets of random preloaded keys (64-byte values) in flight; each round runs the three
 * clients one after the other, the order rotated per round. For each run it reports gets per second and the client
 * CPU time per get: this process's CPU time over the measured window (event loops, callbacks, GC and JIT) divided by
 * the gets, which stays comparable when the machine is shared. Misses and errors are counted and must be 0.
 *
 * <p>Parley and spymemcached are driven through their asynchronous APIs (a semaphore of 1,024 permits, released in
 * the completion callback). xmemcached 2.4.8 has no asynchronous get, so 1,024 threads each call its blocking
 * {@code get} in a loop; its default get merging (several gets in one request) stays on, as spymemcached's does.
 * Values are read as raw bytes by all three (pass-through transcoders for spymemcached and xmemcached).
 * Not a test: run it by hand, see {@code docs/BENCHMARKS.md}.
 *
 * <p>Arguments: {@code [rounds, default 3] [seconds per run, default 10] [warm-up seconds, default 3] [clients,
 * comma-separated, default parley,spymemcached,xmemcached]} (one client alone, e.g. under a profiler).
 */
public final class ClientComparison {

    private static final Logger LOG = LoggerFactory.getLogger("parley.bench");
    private static final int IN_FLIGHT = 1024;
    private static final int KEYS = 10_000;
    private static final int VALUE_SIZE = 64;

    private ClientComparison() {
    }

    /**
     * Starts memcached, preloads the keys, runs the rounds and logs one line per run and a summary.
     *
     * @param args rounds, seconds per run, warm-up seconds
     * @throws Exception if memcached cannot start or a client cannot connect
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String[] clients = (args.length > 3 ? args[3] : "parley,spymemcached,xmemcached").split(",");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process memcached = new ProcessBuilder("/usr/bin/memcached", "-u", "nobody", "-l", "127.0.0.1", "-p",
                String.valueOf(port), "-t", "2", "-U", "0", "-m", "256").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            awaitPort(address);
            String[] keys = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = "bench:key:" + i;
            }
            preload(address, keys);
            LOG.info("B301 memcached pid {} on {}; {} keys of {} bytes; {} in flight, {} s per run after {} s warm-up",
                    memcached.pid(), address, KEYS, VALUE_SIZE, IN_FLIGHT, seconds, warmup);
            Map<String, List<double[]>> results = new TreeMap<>();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < clients.length; i++) {
                    String name = clients[(i + r) % clients.length];
                    double[] result = run(name, address, keys, seconds, warmup, r + 1);
                    results.computeIfAbsent(name, n -> new ArrayList<>()).add(result);
                }
            }
            List<double[]> spy = results.getOrDefault("spymemcached", List.of(new double[] {Double.NaN, Double.NaN}));
            double spyRate = median(spy, 0);
            double spyCpu = median(spy, 1);
            for (String name : clients) {
                List<double[]> runs = results.get(name);
                LOG.info("B303 {}: median {} gets/s ({} x spymemcached), median client CPU per get {} ns ({} x "
                        + "spymemcached)", name, String.format("%,.0f", median(runs, 0)),
                        String.format("%.2f", median(runs, 0) / spyRate), String.format("%,.0f", median(runs, 1)),
                        String.format("%.2f", median(runs, 1) / spyCpu));
            }
        } finally {
            memcached.destroy();
            memcached.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static double median(List<double[]> runs, int index) {
        double[] values = runs.stream().mapToDouble(v -> v[index]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void awaitPort(InetSocketAddress address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(address, 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("memcached did not listen on " + address, e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static void preload(InetSocketAddress address, String[] keys) throws Exception {
        try (MemcachedClient client = MemcachedClient.connect(address)) {
            List<java.util.concurrent.CompletableFuture<StoreStatus>> pending = new ArrayList<>();
            for (String key : keys) {
                byte[] value = new byte[VALUE_SIZE];
                for (int i = 0; i < VALUE_SIZE; i++) {
                    value[i] = (byte) ('a' + ThreadLocalRandom.current().nextInt(26));
                }
                pending.add(client.set(key, value));
                if (pending.size() == 200) {
                    for (var f : pending) {
                        if (f.get(10, TimeUnit.SECONDS) != StoreStatus.STORED) {
                            throw new IllegalStateException("preload failed");
                        }
                    }
                    pending.clear();
                }
            }
            for (var f : pending) {
                if (f.get(10, TimeUnit.SECONDS) != StoreStatus.STORED) {
                    throw new IllegalStateException("preload failed");
                }
            }
        }
    }

    /** Counts completed gets, misses (or wrong lengths) and errors. */
    private static final class Counters {
        final LongAdder done = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder errors = new LongAdder();

        void complete(byte[] value, Throwable error) {
            if (error != null) {
                errors.increment();
            } else if (value == null || value.length != VALUE_SIZE) {
                misses.increment();
            } else {
                done.increment();
            }
        }
    }

    /** One client under test. */
    private interface Driver extends AutoCloseable {
        /** Keeps {@link #IN_FLIGHT} gets outstanding until {@code running} is false, then waits for them. */
        void drive(String[] keys, Counters counters, AtomicBoolean running) throws Exception;

        @Override
        void close() throws Exception;
    }

    private static double[] run(String name, InetSocketAddress address, String[] keys, int seconds, int warmup,
                                int round) throws Exception {
        Counters counters = new Counters();
        AtomicBoolean running = new AtomicBoolean(true);
        try (Driver driver = driver(name, address)) {
            Thread load = new Thread(() -> {
                try {
                    driver.drive(keys, counters, running);
                } catch (Exception e) {
                    LOG.error("B309 {} failed", name, e);
                }
            }, "bench-" + name);
            load.start();
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long before = counters.done.sum();
            long missesBefore = counters.misses.sum();
            long errorsBefore = counters.errors.sum();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long count = counters.done.sum() - before;
            cpu = os.getProcessCpuTime() - cpu;
            long elapsed = System.nanoTime() - start;
            long misses = counters.misses.sum() - missesBefore;
            long errors = counters.errors.sum() - errorsBefore;
            running.set(false);
            load.join(TimeUnit.SECONDS.toMillis(30));
            double rate = count * 1e9 / elapsed;
            double cpuPerGet = (double) cpu / Math.max(1, count);
            LOG.info("B302 round {} {}: {} gets/s ({} gets in {} ms, {} misses, {} errors; {} misses and errors "
                    + "since the start, warm-up included); client CPU per get {} ns ({} ms CPU in the window)", round,
                    name, String.format("%,.0f", rate), count, TimeUnit.NANOSECONDS.toMillis(elapsed), misses, errors,
                    counters.misses.sum() + counters.errors.sum(),
                    String.format("%,.0f", cpuPerGet), TimeUnit.NANOSECONDS.toMillis(cpu));
            return new double[] {rate, cpuPerGet};
        }
    }

    private static Driver driver(String name, InetSocketAddress address) throws Exception {
        return switch (name) {
            case "parley" -> new ParleyDriver(address);
            case "spymemcached" -> new SpyDriver(address);
            case "xmemcached" -> new XmemcachedDriver(address);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static void awaitDrained(Semaphore permits) throws InterruptedException {
        if (!permits.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gets still outstanding after 30 s");
        }
    }

    private static final class ParleyDriver implements Driver {
        private final ParleyClient resources = ParleyClient.create(1);
        private final MemcachedClient client;

        ParleyDriver(InetSocketAddress address) throws Exception {
            client = MemcachedClient.connect(resources, address,
                    ClientOptions.builder().maxOutstanding(IN_FLIGHT).build());
            client.version().get(10, TimeUnit.SECONDS);
        }

        @Override
        public void drive(String[] keys, Counters counters, AtomicBoolean running) throws Exception {
            Semaphore permits = new Semaphore(IN_FLIGHT);
            while (running.get()) {
                permits.acquire();
                client.get(keys[ThreadLocalRandom.current().nextInt(keys.length)]).whenComplete((v, e) -> {
                    counters.complete(v == null ? null : v.value(), e);
                    permits.release();
                });
            }
            awaitDrained(permits);
        }

        @Override
        public void close() {
            client.close();
            resources.close();
        }
    }

    /** Hands values over as the stored bytes, whatever the flags. */
    private static final class SpyBytes implements net.spy.memcached.transcoders.Transcoder<byte[]> {
        @Override
        public boolean asyncDecode(net.spy.memcached.CachedData d) {
            return false;
        }

        @Override
        public net.spy.memcached.CachedData encode(byte[] o) {
            return new net.spy.memcached.CachedData(0, o, getMaxSize());
        }

        @Override
        public byte[] decode(net.spy.memcached.CachedData d) {
            return d.getData();
        }

        @Override
        public int getMaxSize() {
            return net.spy.memcached.CachedData.MAX_SIZE;
        }
    }

    private static final class SpyDriver implements Driver {
        private final net.spy.memcached.MemcachedClient client;
        private final SpyBytes transcoder = new SpyBytes();

        SpyDriver(InetSocketAddress address) throws IOException {
            client = new net.spy.memcached.MemcachedClient(new ConnectionFactoryBuilder()
                    .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT).setOpTimeout(10_000).setDaemon(true)
                    .build(), List.of(address));
            client.getVersions();
        }

        @Override
        public void drive(String[] keys, Counters counters, AtomicBoolean running) throws Exception {
            Semaphore permits = new Semaphore(IN_FLIGHT);
            while (running.get()) {
                permits.acquire();
                GetFuture<byte[]> future =
                        client.asyncGet(keys[ThreadLocalRandom.current().nextInt(keys.length)], transcoder);
                future.addListener(f -> {
                    byte[] value = null;
                    Throwable error = null;
                    try {
                        value = (byte[]) f.get();
                    } catch (Exception e) {
                        error = e;
                    }
                    counters.complete(value, error);
                    permits.release();
                });
            }
            awaitDrained(permits);
        }

        @Override
        public void close() {
            client.shutdown(5, TimeUnit.SECONDS);
        }
    }

    /** Hands values over as the stored bytes, whatever the flags. */
    private static final class XBytes implements net.rubyeye.xmemcached.transcoders.Transcoder<byte[]> {
        @Override
        public net.rubyeye.xmemcached.transcoders.CachedData encode(byte[] o) {
            return new net.rubyeye.xmemcached.transcoders.CachedData(0, o);
        }

        @Override
        public byte[] decode(net.rubyeye.xmemcached.transcoders.CachedData d) {
            return d.getData();
        }

        @Override
        public void setPrimitiveAsString(boolean b) {
        }

        @Override
        public void setPackZeros(boolean b) {
        }

        @Override
        public void setCompressionThreshold(int i) {
        }

        @Override
        public boolean isPrimitiveAsString() {
            return false;
        }

        @Override
        public boolean isPackZeros() {
            return false;
        }

        @Override
        public void setCompressionMode(CompressionMode mode) {
        }
    }

    private static final class XmemcachedDriver implements Driver {
        private final net.rubyeye.xmemcached.MemcachedClient client;
        private final XBytes transcoder = new XBytes();

        XmemcachedDriver(InetSocketAddress address) throws Exception {
            XMemcachedClientBuilder builder = new XMemcachedClientBuilder(List.of(address));
            builder.setConnectionPoolSize(1);
            client = builder.build();
            client.setOpTimeout(10_000);
            client.getVersions();
        }

        @Override
        public void drive(String[] keys, Counters counters, AtomicBoolean running) throws Exception {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < IN_FLIGHT; t++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        byte[] value = null;
                        Throwable error = null;
                        try {
                            value = client.get(keys[ThreadLocalRandom.current().nextInt(keys.length)], transcoder);
                        } catch (Exception e) {
                            error = e;
                        }
                        counters.complete(value, error);
                    }
                }, "bench-xmemcached-" + t);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }

        @Override
        public void close() throws IOException {
            client.shutdown();
        }
    }

    static {
        System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
        System.setProperty("xmemcached.jmx.enable", "false");
    }
}
