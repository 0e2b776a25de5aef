package dev.parley.memcached;

import dev.parley.memcached.store.KeyPolicy;
import dev.parley.memcached.store.StoreClock;
import dev.parley.memcached.store.StoreOptions;
import dev.parley.server.Limits;
import dev.parley.server.ServerOptions;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A memcached server speaking the ASCII protocol of memcached's {@code doc/protocol.txt}, built on
 * {@code ParleyServer}: immutable options from which {@link #start()} makes a running server.
 * <pre>{@code
 * try (RunningMemcachedServer server = MemcachedServer.builder().server(s -> s.port(0)).build().start()) {
 *     int port = server.port();
 *     ...
 * }
 * }</pre>
 *
 * <p>Where it listens, its limits, TLS and its event loop threads are the {@link ServerOptions} every Parley server
 * shares, starting from memcached's own defaults ({@link #DEFAULT_SERVER}); the item store's are
 * {@link StoreOptions}.
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

    /** Default port: {@value}, memcached's. */
    public static final int DEFAULT_PORT = 11211;
    /**
     * Default limits: {@link Limits#defaults()} but, as memcached has none of them, no idle timeout, no handler time
     * limit and no end to a streak of errors. The connection limit stays {@link Limits#DEFAULT_MAX_CONNECTIONS},
     * memcached's {@code -c 1024}.
     */
    public static final Limits DEFAULT_LIMITS = Limits.builder().idleTimeout(Duration.ZERO)
            .handlerTimeout(Duration.ZERO).maxConsecutiveErrors(Integer.MAX_VALUE).build();
    /**
     * Default server options: {@link ServerOptions#defaults()} (loopback, Netty's event loop threads, plain TCP) on
     * port {@value #DEFAULT_PORT} with {@link #DEFAULT_LIMITS}.
     */
    public static final ServerOptions DEFAULT_SERVER = ServerOptions.builder().port(DEFAULT_PORT)
            .limits(DEFAULT_LIMITS).build();
    /** Default memory limit: 64 MiB, memcached's {@code -m 64}. */
    public static final long DEFAULT_MEMORY_LIMIT = StoreOptions.DEFAULT_MEMORY_LIMIT;
    /** Default item size limit: 1 MiB, memcached's {@code -I 1m}. */
    public static final int DEFAULT_MAX_ITEM_SIZE = StoreOptions.DEFAULT_MAX_ITEM_SIZE;
    /** Default key policy: {@link KeyPolicy#STRICT}, protocol.txt's rule (no control characters, no space). */
    public static final KeyPolicy DEFAULT_KEY_POLICY = StoreOptions.DEFAULT_KEY_POLICY;
    /** The version this server reports to {@code version} and {@code stats}. */
    public static final String VERSION = "1.6.18-parley";

    private final ServerOptions server;
    /** Memory, item size, key policy and clock: the store's own options, validated there. */
    private final StoreOptions store;

    private MemcachedServer(ServerOptions server, StoreOptions store) {
        this.server = server;
        this.store = store;
    }

    /**
     * Returns a builder with the defaults: {@link #DEFAULT_SERVER} (loopback, port {@value #DEFAULT_PORT}, 1024
     * connections), 64 MiB, 1 MiB items, strict keys, the system clock.
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
        Builder b = new Builder().server(server);
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

    /** @return the value set by {@link Builder#server(ServerOptions)} */
    public ServerOptions server() {
        return server;
    }

    /** @return {@code server().port()}; 0 for an ephemeral one */
    public int port() {
        return server.port();
    }

    /** @return the value set by {@link Builder#memoryLimit(long)} */
    public long memoryLimit() {
        return store.memoryLimit();
    }

    /** @return the value set by {@link Builder#maxItemSize(int)} */
    public int maxItemSize() {
        return store.maxItemSize();
    }

    /** @return the value set by {@link Builder#keyPolicy(KeyPolicy)} */
    public KeyPolicy keyPolicy() {
        return store.keyPolicy();
    }

    /** @return the value set by {@link Builder#clock(StoreClock)} */
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
        return server.equals(s.server) && store.equals(s.store);
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, store);
    }

    @Override
    public String toString() {
        return "MemcachedServer{" + server.bindAddress() + ':' + server.port() + ", memoryLimit="
                + store.memoryLimit() + ", maxItemSize=" + store.maxItemSize() + ", maxConnections="
                + server.limits().maxConnections() + ", ioThreads=" + server.ioThreads() + ", keys="
                + store.keyPolicy().optionName() + (server.tls() != null ? ", tls" : "") + '}';
    }

    /** Builder for {@link MemcachedServer}. Not thread-safe. */
    public static final class Builder {
        private ServerOptions.Builder server = DEFAULT_SERVER.toBuilder();
        private StoreOptions.Builder store = StoreOptions.builder();

        private Builder() {
        }

        /**
         * Replaces the server options (bind address, port, limits, TLS, event loop threads) with {@code server},
         * taken as given: memcached's {@link #DEFAULT_LIMITS} do not apply to it. Default: {@link #DEFAULT_SERVER}.
         *
         * @param server the options
         * @return this builder
         */
        public Builder server(ServerOptions server) {
            this.server = Objects.requireNonNull(server, "server").toBuilder();
            return this;
        }

        /**
         * Changes some of the server options set so far and keeps the others (memcached's defaults among them):
         * {@code server(s -> s.port(0).ioThreads(4).limits(l -> l.maxConnections(4096)))}. A connection over
         * {@link Limits#maxConnections()} is answered {@code ERROR Too many open connections}; the event loop threads
         * are memcached's {@code -t}.
         *
         * @param change edits a builder holding the current server options
         * @return this builder
         */
        public Builder server(Consumer<ServerOptions.Builder> change) {
            change.accept(server);
            return this;
        }

        /**
         * Sets the memory limit: the bytes all items together may take before the least recently used are evicted.
         * Default: 64 MiB ({@link #DEFAULT_MEMORY_LIMIT}).
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
         * Sets the item size limit: the largest item in bytes (key, value and per-item overhead, as the store counts
         * it); a larger data block is answered {@code SERVER_ERROR object too large for cache}. Default: 1 MiB
         * ({@link #DEFAULT_MAX_ITEM_SIZE}).
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
         * Sets which bytes keys may hold. Default: {@link KeyPolicy#STRICT} (protocol.txt: no control characters,
         * no space); {@link KeyPolicy#MEMCACHED_COMPATIBLE} accepts what memcached 1.6 accepts (any byte but space,
         * CR, LF and NUL), which clients such as memcaslap need. Keys are at most 250 bytes under both; other keys
         * are answered {@code CLIENT_ERROR bad command line format}.
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
         * @throws IllegalArgumentException if the server options do not build, or set an authenticator (memcached's
         *                                  text protocol has no authentication)
         */
        public MemcachedServer build() {
            ServerOptions options = server.build();
            if (options.authenticator() != null) {
                throw new IllegalArgumentException("authenticator: " + options.authenticator()
                        + " (expected: none; memcached's text protocol has no authentication)");
            }
            return new MemcachedServer(options, store.build());
        }
    }
}
