package dev.parley.memcached;

import dev.parley.memcached.store.KeyPolicy;
import dev.parley.memcached.store.StoreClock;
import dev.parley.memcached.store.StoreOptions;

import java.util.Objects;

/**
 * A memcached server speaking the ASCII protocol of memcached's {@code doc/protocol.txt}, built on
 * {@code ParleyServer}: immutable options from which {@link #start()} makes a running server.
 * <pre>{@code
 * try (RunningMemcachedServer server = MemcachedServer.builder().port(0).build().start()) {
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 *
 * <p>Where a storage command's data ends is decided by its {@code <bytes>} token alone (see
 * {@link dev.parley.memcached.codec.MemcachedBlockAnnouncer}). A token that is not a count ({@code -1}, {@code abc},
 * 19 digits) or a count over 2147483645 is answered {@code CLIENT_ERROR bad command line format}, as memcached 1.6
 * answers it, and then the connection closes: memcached goes on to read the data as commands, this server never
 * does. A valid count with other bad fields (flags, exptime, cas unique, number of tokens) is answered as memcached
 * answers it, and the data is skipped instead of being read as commands.
 *
 * @see <a href="https://github.com/memcached/memcached/blob/master/doc/protocol.txt">memcached protocol.txt</a>
 */
public final class MemcachedServer {

    /** Default bind address: {@value}, loopback only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** Default port: {@value}, memcached's. */
    public static final int DEFAULT_PORT = 11211;
    /** Default memory limit: 64 MiB, memcached's {@code -m 64}. */
    public static final long DEFAULT_MEMORY_LIMIT = StoreOptions.DEFAULT_MEMORY_LIMIT;
    /** Default item size limit: 1 MiB, memcached's {@code -I 1m}. */
    public static final int DEFAULT_MAX_ITEM_SIZE = StoreOptions.DEFAULT_MAX_ITEM_SIZE;
    /** Default connection limit: {@value}, memcached's {@code -c 1024}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** Default event loop threads: 0, meaning the toolkit's default (twice the processors). */
    public static final int DEFAULT_THREADS = 0;
    /** Default key policy: {@link KeyPolicy#STRICT}, protocol.txt's rule (no control characters, no space). */
    public static final KeyPolicy DEFAULT_KEY_POLICY = StoreOptions.DEFAULT_KEY_POLICY;
    /** The version this server reports to {@code version} and {@code stats}. */
    public static final String VERSION = "1.6.18-parley";

    private final String bindAddress;
    private final int port;
    private final int maxConnections;
    private final int threads;
    /** Memory, item size, key policy and clock: the store's own options, validated there. */
    private final StoreOptions store;

    private MemcachedServer(Builder b, StoreOptions store) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.maxConnections = b.maxConnections;
        this.threads = b.threads;
        this.store = store;
    }

    /**
     * Returns a builder with the defaults: {@value #DEFAULT_BIND_ADDRESS}, port {@value #DEFAULT_PORT}, 64 MiB,
     * 1 MiB items, 1024 connections, strict keys, the system clock.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these options.
     *
     * @return a new builder; building it unchanged yields equal options
     */
    public Builder toBuilder() {
        Builder b = new Builder().bindAddress(bindAddress).port(port).maxConnections(maxConnections).threads(threads);
        b.store = store.toBuilder();
        return b;
    }

    /**
     * Creates the item store, binds and starts serving. Blocks until the socket is bound.
     *
     * @return the running server; close it to stop
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public RunningMemcachedServer start() throws InterruptedException {
        return RunningMemcachedServer.start(this);
    }

    /** @return the address to bind */
    public String bindAddress() {
        return bindAddress;
    }

    /** @return the port; 0 for an ephemeral one */
    public int port() {
        return port;
    }

    /** @return the bytes all items together may take before the least recently used are evicted */
    public long memoryLimit() {
        return store.memoryLimit();
    }

    /** @return the largest item in bytes (key, value and per-item overhead, as the store counts it) */
    public int maxItemSize() {
        return store.maxItemSize();
    }

    /** @return the most connections served at once; more are answered {@code ERROR Too many open connections} */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return the event loop threads; 0 for the toolkit's default */
    public int threads() {
        return threads;
    }

    /** @return which bytes keys may hold; other keys are answered {@code CLIENT_ERROR bad command line format} */
    public KeyPolicy keyPolicy() {
        return store.keyPolicy();
    }

    /** @return the clock used for expiry and delayed {@code flush_all} */
    public StoreClock clock() {
        return store.clock();
    }

    /** @return the store settings these options imply */
    public StoreOptions storeOptions() {
        return store;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MemcachedServer)) {
            return false;
        }
        MemcachedServer s = (MemcachedServer) o;
        return bindAddress.equals(s.bindAddress) && port == s.port && maxConnections == s.maxConnections
                && threads == s.threads && store.equals(s.store);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bindAddress, port, maxConnections, threads, store);
    }

    @Override
    public String toString() {
        return "MemcachedServer{" + bindAddress + ':' + port + ", memoryLimit=" + store.memoryLimit()
                + ", maxItemSize=" + store.maxItemSize() + ", maxConnections=" + maxConnections + ", threads="
                + threads + ", keys=" + store.keyPolicy().optionName() + '}';
    }

    /** Builder for {@link MemcachedServer}. Not thread-safe. */
    public static final class Builder {
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int threads = DEFAULT_THREADS;
        private StoreOptions.Builder store = StoreOptions.builder();

        private Builder() {
        }

        /**
         * Sets the address to bind. Default: {@value #DEFAULT_BIND_ADDRESS}; a wider address is an explicit choice
         * (memcached has no authentication here).
         *
         * @param bindAddress a host name or literal address
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * Sets the port. Default: {@value #DEFAULT_PORT}; 0 picks an ephemeral port (see
         * {@link RunningMemcachedServer#port()}).
         *
         * @param port 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
            this.port = port;
            return this;
        }

        /**
         * Sets the memory limit. Default: 64 MiB ({@link #DEFAULT_MEMORY_LIMIT}).
         *
         * @param bytes the limit, {@code > 0}
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder memoryLimit(long bytes) {
            store.memoryLimit(bytes);
            return this;
        }

        /**
         * Sets the item size limit; a larger data block is answered {@code SERVER_ERROR object too large for cache}.
         * Default: 1 MiB ({@link #DEFAULT_MAX_ITEM_SIZE}).
         *
         * @param bytes the limit, above the store's per-item overhead
         * @return this builder
         * @throws IllegalArgumentException if not above {@link dev.parley.memcached.store.Item#OVERHEAD}
         */
        public Builder maxItemSize(int bytes) {
            store.maxItemSize(bytes);
            return this;
        }

        /**
         * Sets the most connections served at once. Default: {@value #DEFAULT_MAX_CONNECTIONS}.
         *
         * @param maxConnections {@code > 0}
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections <= 0) {
                throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: > 0)");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Sets the number of event loop threads (memcached's {@code -t}). Default: 0, the toolkit's default.
         *
         * @param threads {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads: " + threads + " (expected: >= 0)");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Sets which bytes keys may hold. Default: {@link KeyPolicy#STRICT} (protocol.txt: no control characters,
         * no space); {@link KeyPolicy#MEMCACHED_COMPATIBLE} accepts what memcached 1.6 accepts (any byte but space,
         * CR, LF and NUL), which clients such as memcaslap need. Keys are at most 250 bytes under both.
         *
         * @param keyPolicy the policy
         * @return this builder
         */
        public Builder keyPolicy(KeyPolicy keyPolicy) {
            store.keyPolicy(keyPolicy);
            return this;
        }

        /**
         * Sets the clock for expiry and delayed {@code flush_all}; tests pass a controllable one. Default: the
         * system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(StoreClock clock) {
            store.clock(clock);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         * @throws IllegalStateException if the item size limit exceeds the memory limit
         */
        public MemcachedServer build() {
            return new MemcachedServer(this, store.build());
        }
    }
}
