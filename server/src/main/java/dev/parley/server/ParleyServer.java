package dev.parley.server;

import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.PipelineOptions;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.server.observe.ServerObserver;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * A Parley server definition: immutable options from which {@link #start()} makes a running server. Serves any
 * protocol built on Parley on Netty event loops (native epoll when available, NIO otherwise), with the Parley text
 * protocol v1 by default.
 * <pre>{@code
 * RunningServer server = ParleyServer.builder()
 *     .router(Router.builder().query("time", call -> Reply.ok(Instant.now().toString())).build())
 *     .build()
 *     .start();
 * int port = server.port();
 * ...
 * server.shutdownGracefully(Duration.ofSeconds(5));
 * }</pre>
 */
public final class ParleyServer {

    /** Default bind address: loopback only; binding wider is an explicit choice. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** Default port: 0, an ephemeral port chosen by the system (see {@link RunningServer#port()}). */
    public static final int DEFAULT_PORT = 0;
    /** Default service name in the greeting. */
    public static final String DEFAULT_SERVICE = "parley";

    private final String bindAddress;
    private final int port;
    private final ProtocolCodec codec;
    private final Router router;
    private final Limits limits;
    private final SslContext tls;
    private final Authenticator authenticator;
    private final ExecutorService blockingExecutor;
    private final EventLoopGroup eventLoopGroup;
    private final Greeting greeting;
    private final SessionListener listener;
    private final ServerObserver observer;
    private final PipelineOptions pipelineOptions;

    private ParleyServer(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.codec = b.codec;
        this.router = b.router;
        this.limits = b.limits;
        this.tls = b.tls;
        this.authenticator = b.authenticator;
        this.blockingExecutor = b.blockingExecutor;
        this.eventLoopGroup = b.eventLoopGroup;
        this.greeting = b.greeting;
        this.listener = b.listener;
        this.observer = b.observer;
        this.pipelineOptions = b.pipelineOptions;
    }

    /**
     * Returns a builder with the defaults: loopback, ephemeral port, Parley text protocol, built-in verbs only,
     * default limits, no TLS, no authentication, server-owned event loops and blocking executor.
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
        return new Builder().bindAddress(bindAddress).port(port).codec(codec).router(router).limits(limits)
                .tls(tls).authenticator(authenticator).blockingExecutor(blockingExecutor)
                .eventLoopGroup(eventLoopGroup).greeting(greeting).listener(listener).observer(observer)
                .pipelineOptions(pipelineOptions);
    }

    /**
     * Binds and starts serving. Blocks until the socket is bound.
     *
     * @return the running server
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public RunningServer start() throws InterruptedException {
        return RunningServer.start(this);
    }

    /**
     * Returns a handler that sets up a channel the way a started server sets up each connection it accepts: the
     * per-connection options (half-closure, the write buffer water marks of {@link #limits()}), then
     * {@code [tls] → framing → [wire trace] → idle → codec → session}, with this server's router, limits, greeting,
     * authentication and listener. It is for running the server's whole pipeline on a channel the caller owns, an
     * {@code EmbeddedChannel} in tests above all; {@link #start()} does not use it and is not affected by it.
     *
     * <p>The channels set up by one returned initializer share what the connections of one running server share
     * (the connection count for {@link Limits#maxConnections()}, the authentication throttle, the log budget); two
     * initializers share nothing. Blocking handlers and file reads run on {@code blocking}, which the caller owns and
     * shuts down; their replies are handed back to the channel's event loop. The initializer holds nothing that needs
     * closing: a session's resources go when its channel closes. {@link #bindAddress()}, {@link #port()},
     * {@link #eventLoopGroup()} and {@link #blockingExecutor()} play no part.
     *
     * @param blocking runs blocking handlers; for an {@code EmbeddedChannel}, one that runs its tasks on the
     *                 channel's thread (the test's), since an {@code EmbeddedChannel} is not thread-safe
     * @return a new initializer, sharable by any number of channels
     * @throws NullPointerException if {@code blocking} is null
     */
    public ChannelInitializer<Channel> newChannelInitializer(Executor blocking) {
        Objects.requireNonNull(blocking, "blocking");
        return new ServerInitializer(new ServerContext(this, blocking, () -> { }), true);
    }

    /** @return the address to bind */
    public String bindAddress() {
        return bindAddress;
    }

    /** @return the port; 0 for an ephemeral one */
    public int port() {
        return port;
    }

    /** @return the protocol */
    public ProtocolCodec codec() {
        return codec;
    }

    /** @return the command router */
    public Router router() {
        return router;
    }

    /** @return the limits */
    public Limits limits() {
        return limits;
    }

    /** @return the TLS context, or {@code null} for plain TCP */
    public SslContext tls() {
        return tls;
    }

    /** @return the authentication scheme, or {@code null} for none */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** @return the shared blocking executor, or {@code null} when the server creates (and closes) its own */
    public ExecutorService blockingExecutor() {
        return blockingExecutor;
    }

    /** @return the shared event loop group, or {@code null} when the server creates (and closes) its own */
    public EventLoopGroup eventLoopGroup() {
        return eventLoopGroup;
    }

    /** @return the greeting */
    public Greeting greeting() {
        return greeting;
    }

    /** @return the session lifecycle listener */
    public SessionListener listener() {
        return listener;
    }

    /** @return the traffic observer (metrics); {@link ServerObserver#NONE} when none is set */
    public ServerObserver observer() {
        return observer;
    }

    /** @return the pipeline options (wire trace); the read idle time is taken from {@link Limits#idleTimeout()} */
    public PipelineOptions pipelineOptions() {
        return pipelineOptions;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParleyServer)) {
            return false;
        }
        ParleyServer s = (ParleyServer) o;
        return bindAddress.equals(s.bindAddress) && port == s.port && codec.equals(s.codec)
                && router.equals(s.router) && limits.equals(s.limits) && Objects.equals(tls, s.tls)
                && Objects.equals(authenticator, s.authenticator)
                && Objects.equals(blockingExecutor, s.blockingExecutor)
                && Objects.equals(eventLoopGroup, s.eventLoopGroup) && greeting.equals(s.greeting)
                && listener.equals(s.listener) && observer.equals(s.observer)
                && pipelineOptions.equals(s.pipelineOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bindAddress, port, codec, router, limits, authenticator);
    }

    @Override
    public String toString() {
        return "ParleyServer{" + bindAddress + ':' + port + ", " + codec.name() + ", " + router + ", " + limits
                + (tls != null ? ", tls" : "") + (authenticator != null ? ", auth=" + authenticator : "") + '}';
    }

    /** Builder for {@link ParleyServer}. Not thread-safe. */
    public static final class Builder {
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private ProtocolCodec codec = ParleyTextCodec.create();
        private Router router = Router.builtinsOnly();
        private Limits limits = Limits.defaults();
        private SslContext tls;
        private Authenticator authenticator;
        private ExecutorService blockingExecutor;
        private EventLoopGroup eventLoopGroup;
        private Greeting greeting = Greeting.parley(DEFAULT_SERVICE);
        private SessionListener listener = SessionListener.NONE;
        private ServerObserver observer = ServerObserver.NONE;
        private PipelineOptions pipelineOptions = PipelineOptions.defaults();

        private Builder() {
        }

        /**
         * Sets the address to bind. Default: {@value #DEFAULT_BIND_ADDRESS} ({@code ParleyServer.DEFAULT_BIND_ADDRESS});
         * {@code 0.0.0.0} or a public address exposes the server and is an explicit choice.
         *
         * @param bindAddress a host name or literal address
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * Sets the port. Default: {@code 0} ({@code ParleyServer.DEFAULT_PORT}), an ephemeral port.
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
         * Sets the protocol. Default: {@link ParleyTextCodec#create()}. A custom codec's server-side decoder must
         * produce its requests as {@link dev.parley.codec.spi.Request}s, undecodable ones as
         * {@link dev.parley.codec.spi.RejectedRequest}s, and bodies as {@code BlockChunk}s; its encoder writes its
         * own reply messages (the handlers' and those of its {@link ProtocolCodec#failureReplies() failure replies})
         * and passes {@code ByteBuf}s through.
         *
         * @param codec the protocol
         * @return this builder
         */
        public Builder codec(ProtocolCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * Sets the commands. Default: {@link Router#builtinsOnly()}.
         *
         * @param router the router
         * @return this builder
         */
        public Builder router(Router router) {
            this.router = Objects.requireNonNull(router, "router");
            return this;
        }

        /**
         * Sets the limits. Default: {@link Limits#defaults()}.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
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
         * Shares an executor for blocking handlers; the server never shuts it down. Default: {@code null}, the
         * server creates a bounded one ({@link Limits#blockingThreads()}, {@link Limits#blockingQueueSize()}) and
         * shuts it down when it stops.
         *
         * @param executor the executor, or {@code null}
         * @return this builder
         */
        public Builder blockingExecutor(ExecutorService executor) {
            this.blockingExecutor = executor;
            return this;
        }

        /**
         * Shares an event loop group (for accepting and serving connections); the server never shuts it down. The
         * transport (epoll or NIO) follows the group's type. Default: {@code null}, the server creates one (native
         * epoll when available, else NIO) and shuts it down when it stops.
         *
         * @param group the group, or {@code null}
         * @return this builder
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.eventLoopGroup = group;
            return this;
        }

        /**
         * Sets the greeting. Default: {@code Greeting.parley("parley")}, {@code HELLO parley/1 parley}.
         *
         * @param greeting the greeting; {@link Greeting#none()} for none
         * @return this builder
         */
        public Builder greeting(Greeting greeting) {
            this.greeting = Objects.requireNonNull(greeting, "greeting");
            return this;
        }

        /**
         * Sets the session lifecycle listener. Default: {@link SessionListener#NONE}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(SessionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the traffic observer, for metrics (connections, requests by verb and outcome, latency, held-back and
         * refused work, bytes). Default: {@link ServerObserver#NONE}, for which nothing is measured; combine several
         * with {@link ServerObserver#all}.
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder observer(ServerObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Sets the shared pipeline options (wire trace). Default: {@link PipelineOptions#defaults()}. The read idle
         * time is replaced by {@link Limits#idleTimeout()}.
         *
         * @param options the options
         * @return this builder
         */
        public Builder pipelineOptions(PipelineOptions options) {
            this.pipelineOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Builds the server definition.
         *
         * @return the immutable definition
         * @throws IllegalArgumentException if the authenticator's verb is also a command of the router
         */
        public ParleyServer build() {
            if (authenticator != null && router.command(authenticator.verb()) != null) {
                throw new IllegalArgumentException("verb " + authenticator.verb()
                        + " is both a command and the authenticator's verb");
            }
            if (tls != null && tls.isClient()) {
                throw new IllegalArgumentException("tls: a client context (expected: a server context)");
            }
            return new ParleyServer(this);
        }
    }
}
