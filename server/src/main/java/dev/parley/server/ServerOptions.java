package dev.parley.server;

import io.netty.handler.ssl.SslContext;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Immutable options every server built on Parley shares: where it listens, its {@link Limits}, TLS, authentication,
 * and its event loop threads and transport. {@link ParleyServer} holds one, and a protocol's server embeds one
 * instead of repeating these setters:
 * <pre>{@code
 * AgentServer.builder().root(dir).server(s -> s.port(7777).limits(l -> l.maxConnections(64)))
 * }</pre>
 * Each value is checked once, here; {@link Builder#build()} checks them against each other.
 */
public final class ServerOptions {

    /** Default bind address: loopback only; binding wider is an explicit choice. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** Default port: 0, an ephemeral port chosen by the system (see {@link RunningServer#port()}). */
    public static final int DEFAULT_PORT = 0;
    /** Default event loop threads: 0, Netty's default (twice the available processors). */
    public static final int DEFAULT_IO_THREADS = 0;
    /** Default transport: {@link Transport#AUTO}, native epoll when available, else NIO. */
    public static final Transport DEFAULT_TRANSPORT = Transport.AUTO;

    private static final ServerOptions DEFAULTS = builder().build();

    private final String bindAddress;
    private final int port;
    private final Limits limits;
    private final SslContext tls;
    private final Authenticator authenticator;
    private final int ioThreads;
    private final Transport transport;

    private ServerOptions(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.limits = b.limits;
        this.tls = b.tls;
        this.authenticator = b.authenticator;
        this.ioThreads = b.ioThreads;
        this.transport = b.transport;
    }

    /**
     * Returns the defaults: loopback, an ephemeral port, {@link Limits#defaults()}, plain TCP, no authentication.
     *
     * @return the shared defaults
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder holding the defaults.
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
        return new Builder().bindAddress(bindAddress).port(port).limits(limits).tls(tls).authenticator(authenticator)
                .ioThreads(ioThreads).transport(transport);
    }

    /** @return the value set by {@link Builder#bindAddress(String)} */
    public String bindAddress() {
        return bindAddress;
    }

    /** @return the value set by {@link Builder#port(int)} */
    public int port() {
        return port;
    }

    /** @return the value set by {@link Builder#limits(Limits)} */
    public Limits limits() {
        return limits;
    }

    /** @return the value set by {@link Builder#tls(SslContext)}, or {@code null} for plain TCP */
    public SslContext tls() {
        return tls;
    }

    /** @return the value set by {@link Builder#authenticator(Authenticator)}, or {@code null} for none */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** @return the value set by {@link Builder#ioThreads(int)} */
    public int ioThreads() {
        return ioThreads;
    }

    /** @return the value set by {@link Builder#transport(Transport)} */
    public Transport transport() {
        return transport;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ServerOptions)) {
            return false;
        }
        ServerOptions s = (ServerOptions) o;
        return bindAddress.equals(s.bindAddress) && port == s.port && limits.equals(s.limits)
                && Objects.equals(tls, s.tls) && Objects.equals(authenticator, s.authenticator)
                && ioThreads == s.ioThreads && transport == s.transport;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bindAddress, port, limits, authenticator, ioThreads, transport);
    }

    /** @return the options; an authenticator shows only its own {@code toString()}, which hides secrets */
    @Override
    public String toString() {
        return "ServerOptions{" + bindAddress + ':' + port + ", " + limits + (tls != null ? ", tls" : "")
                + (authenticator != null ? ", auth=" + authenticator : "")
                + (ioThreads != 0 ? ", ioThreads=" + ioThreads : "")
                + (transport != DEFAULT_TRANSPORT ? ", transport=" + transport : "") + '}';
    }

    /** Builder for {@link ServerOptions}. Not thread-safe. */
    public static final class Builder {
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private Limits limits = Limits.defaults();
        private SslContext tls;
        private Authenticator authenticator;
        private int ioThreads = DEFAULT_IO_THREADS;
        private Transport transport = DEFAULT_TRANSPORT;

        private Builder() {
        }

        /**
         * Sets the address to bind. Default: {@value ServerOptions#DEFAULT_BIND_ADDRESS}; {@code 0.0.0.0} or a
         * public address exposes the server and is an explicit choice.
         *
         * @param bindAddress a host name or literal address
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * Sets the port. Default: {@value ServerOptions#DEFAULT_PORT}, an ephemeral port (a protocol's server may
         * start from its own well-known port).
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
         * Sets the limits. Default: {@link Limits#defaults()} (a protocol's server may start from its own).
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Changes some of the limits set so far and keeps the others:
         * {@code limits(l -> l.maxConnections(64))}.
         *
         * @param change edits a builder holding the current limits
         * @return this builder
         * @throws IllegalArgumentException if the changed limits do not build
         */
        public Builder limits(Consumer<Limits.Builder> change) {
            Limits.Builder b = limits.toBuilder();
            change.accept(b);
            this.limits = b.build();
            return this;
        }

        /**
         * Turns on TLS. Default: {@code null}, plain TCP. See {@link ServerTls} for factories.
         *
         * @param tls a server-side context, or {@code null} for none
         * @return this builder
         */
        public Builder tls(SslContext tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Turns on authentication. Default: {@code null}, none. See {@link Authenticator#sharedToken(String)}.
         *
         * @param authenticator the scheme, or {@code null} for none
         * @return this builder
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /**
         * Sets the event loop threads of the group the server creates (of its {@link #transport(Transport)}).
         * Default: {@value ServerOptions#DEFAULT_IO_THREADS}, Netty's default. Must stay 0 when the server is given
         * a shared group ({@link ParleyServer.Builder#eventLoopGroup}).
         *
         * @param ioThreads {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 0) {
                throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0)");
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /**
         * Sets the transport of the group the server creates. Default: {@link Transport#AUTO}. A server given a
         * shared group ({@link ParleyServer.Builder#eventLoopGroup}) follows that group's type, so this must stay
         * {@code AUTO} then. A native transport that cannot load here fails the server's
         * {@link ParleyServer#start() start}, not this call, so options can be built on any platform.
         *
         * @param transport the transport
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         * @throws IllegalArgumentException if the TLS context is a client context
         */
        public ServerOptions build() {
            if (tls != null && tls.isClient()) {
                throw new IllegalArgumentException("tls: a client context (expected: a server context)");
            }
            return new ServerOptions(this);
        }
    }
}
