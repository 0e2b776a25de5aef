package dev.parley.testkit.proxy;

import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * What a {@link FaultProxy} is started with: where it forwards to, where it listens, the faults it starts with and
 * the shared resources it may borrow. Immutable; made by {@link FaultProxy#builder()}, copied by
 * {@link #toBuilder()}, and {@link #start() started} as many times as wanted (each start is a new proxy).
 */
public final class ProxyOptions {

    /** The address the proxy listens on unless told otherwise: loopback. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The port the proxy listens on unless told otherwise: 0, any free port. */
    public static final int DEFAULT_LISTEN_PORT = 0;
    /** How long connecting upstream may take before the client is closed, unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How many bytes one direction of one connection holds (stalled or delayed) before it stops reading. */
    public static final int DEFAULT_MAX_HELD_BYTES = 64 * 1024;

    private final InetSocketAddress upstream;
    private final String bindAddress;
    private final int listenPort;
    private final EventLoopGroup eventLoopGroup;
    private final Random random;
    private final Duration connectTimeout;
    private final int maxHeldBytes;
    private final List<Fault> faults;

    private ProxyOptions(Builder b) {
        this.upstream = b.upstream;
        this.bindAddress = b.bindAddress;
        this.listenPort = b.listenPort;
        this.eventLoopGroup = b.eventLoopGroup;
        this.random = b.random;
        this.connectTimeout = b.connectTimeout;
        this.maxHeldBytes = b.maxHeldBytes;
        this.faults = List.copyOf(b.faults);
    }

    /**
     * Starts a proxy with these options: it listens before this returns.
     *
     * @return the running proxy, to be closed
     * @throws java.io.UncheckedIOException if it cannot listen on the address and port
     */
    public FaultProxy start() {
        return FaultProxy.start(this);
    }

    /** Returns a builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.upstream = upstream;
        b.bindAddress = bindAddress;
        b.listenPort = listenPort;
        b.eventLoopGroup = eventLoopGroup;
        b.random = random;
        b.connectTimeout = connectTimeout;
        b.maxHeldBytes = maxHeldBytes;
        b.faults.addAll(faults);
        return b;
    }

    /** Returns the upstream address connections are forwarded to. */
    public InetSocketAddress upstream() {
        return upstream;
    }

    /** Returns the address to listen on. */
    public String bindAddress() {
        return bindAddress;
    }

    /** Returns the port to listen on, 0 for any free one. */
    public int listenPort() {
        return listenPort;
    }

    /** Returns the event loop group to borrow, or {@code null} when the proxy makes (and closes) its own. */
    public EventLoopGroup eventLoopGroup() {
        return eventLoopGroup;
    }

    /** Returns the source of randomness (probability, jitter, slice sizes), or {@code null} for a fresh one. */
    public Random random() {
        return random;
    }

    /** Returns how long connecting upstream may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Returns how many bytes one direction of a connection holds before the proxy stops reading its source. */
    public int maxHeldBytes() {
        return maxHeldBytes;
    }

    /** Returns the faults the proxy starts with. */
    public List<Fault> faults() {
        return faults;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProxyOptions)) {
            return false;
        }
        ProxyOptions p = (ProxyOptions) o;
        return Objects.equals(upstream, p.upstream) && bindAddress.equals(p.bindAddress)
                && listenPort == p.listenPort && eventLoopGroup == p.eventLoopGroup && random == p.random
                && connectTimeout.equals(p.connectTimeout) && maxHeldBytes == p.maxHeldBytes
                && faults.equals(p.faults);
    }

    @Override
    public int hashCode() {
        return Objects.hash(upstream, bindAddress, listenPort, connectTimeout, maxHeldBytes, faults);
    }

    /** Builds {@link ProxyOptions}; only {@link #upstream} is required. */
    public static final class Builder {
        private InetSocketAddress upstream;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int listenPort = DEFAULT_LISTEN_PORT;
        private EventLoopGroup eventLoopGroup;
        private Random random;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxHeldBytes = DEFAULT_MAX_HELD_BYTES;
        private final List<Fault> faults = new ArrayList<>();

        Builder() {
        }

        /**
         * Sets where connections are forwarded to; required.
         *
         * @param upstream the server's address
         * @return this builder
         */
        public Builder upstream(InetSocketAddress upstream) {
            this.upstream = Objects.requireNonNull(upstream, "upstream");
            return this;
        }

        /**
         * Sets the address to listen on; default {@value ProxyOptions#DEFAULT_BIND_ADDRESS}.
         *
         * @param bindAddress a host name or literal address
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * Sets the port to listen on; default 0, any free port ({@link FaultProxy#port()} tells which).
         *
         * @param listenPort 0 to 65535
         * @return this builder
         */
        public Builder listenPort(int listenPort) {
            this.listenPort = listenPort;
            return this;
        }

        /**
         * Sets an NIO event loop group to run on, which the proxy does not close; default none: the proxy makes one
         * and closes it with itself.
         *
         * @param eventLoopGroup a group of NIO event loops, or {@code null}
         * @return this builder
         */
        public Builder eventLoopGroup(EventLoopGroup eventLoopGroup) {
            this.eventLoopGroup = eventLoopGroup;
            return this;
        }

        /**
         * Sets the randomness behind probabilities, jitter and slice sizes, for example {@code new Random(42)} for
         * repeatable runs; default a fresh {@link Random}.
         *
         * @param random the source, or {@code null} for the default
         * @return this builder
         */
        public Builder random(Random random) {
            this.random = random;
            return this;
        }

        /**
         * Sets how long connecting upstream may take before the client's connection is closed; default 5 s.
         *
         * @param connectTimeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how many bytes one direction of one connection may hold (stalled, delayed, sliced) before the proxy
         * stops reading its source, so that the sender feels TCP backpressure; default 64 KiB.
         *
         * @param maxHeldBytes at least 1
         * @return this builder
         */
        public Builder maxHeldBytes(int maxHeldBytes) {
            this.maxHeldBytes = maxHeldBytes;
            return this;
        }

        /**
         * Adds a fault the proxy starts with; default none.
         *
         * @param fault the fault
         * @return this builder
         */
        public Builder fault(Fault fault) {
            faults.add(Objects.requireNonNull(fault, "fault"));
            return this;
        }

        /**
         * Checks the options and builds them.
         *
         * @return the options
         * @throws IllegalStateException if no upstream is set
         * @throws IllegalArgumentException if a value is out of range or two faults share a name
         */
        public ProxyOptions build() {
            if (upstream == null) {
                throw new IllegalStateException("upstream: not set (expected: the address to forward to)");
            }
            if (listenPort < 0 || listenPort > 65535) {
                throw new IllegalArgumentException("listenPort: " + listenPort + " (expected: 0 to 65535)");
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero()
                    || connectTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: > 0)");
            }
            if (maxHeldBytes < 1) {
                throw new IllegalArgumentException("maxHeldBytes: " + maxHeldBytes + " (expected: >= 1)");
            }
            if (faults.stream().map(Fault::name).distinct().count() != faults.size()) {
                throw new IllegalArgumentException("faults: two share a name " + faults);
            }
            return new ProxyOptions(this);
        }
    }
}
