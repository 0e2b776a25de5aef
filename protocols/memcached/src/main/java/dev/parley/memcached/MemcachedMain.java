package dev.parley.memcached;

import dev.parley.memcached.store.KeyPolicy;
import dev.parley.server.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link MemcachedServer} until the process is stopped, for benchmarks and manual tests:
 * {@code java dev.parley.memcached.MemcachedMain [--bind ADDR] [--port N] [--memory BYTES] [--max-item-size BYTES]
 * [--threads N] [--transport auto|epoll|io_uring|nio] [--keys strict|lenient]}; {@code --keys lenient} accepts
 * keys as memcached itself does (any byte but space, CR, LF and NUL), which memcaslap's keys need. The
 * {@code parley memcached} command of the CLI is the user-facing way to do the same.
 */
public final class MemcachedMain {

    private static final Logger LOG = LoggerFactory.getLogger("parley.memcached");

    private MemcachedMain() {
    }

    /**
     * Starts the server and blocks until the JVM shuts down.
     *
     * @param args the options above
     * @throws InterruptedException if interrupted while starting or waiting
     */
    public static void main(String[] args) throws InterruptedException {
        MemcachedServer.Builder b = MemcachedServer.builder();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--bind": b.server(s -> s.bindAddress(value)); break;
                case "--port": b.server(s -> s.port(Integer.parseInt(value))); break;
                case "--memory": b.memoryLimit(Long.parseLong(value)); break;
                case "--max-item-size": b.maxItemSize(Integer.parseInt(value)); break;
                case "--threads": b.server(s -> s.ioThreads(Integer.parseInt(value))); break;
                case "--transport": b.server(s -> s.transport(Transport.byName(value))); break;
                case "--keys": b.keyPolicy(KeyPolicy.byName(value)); break;
                default: throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        RunningMemcachedServer server = b.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "memcached-shutdown"));
        LOG.info("memcached server ready on port {}", server.port());
        stopped.await();
    }
}
