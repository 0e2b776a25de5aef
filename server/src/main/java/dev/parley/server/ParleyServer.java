package dev.parley.server;

import dev.parley.codec.pipeline.ParleyTextCodec;
import dev.parley.codec.pipeline.PipelineOptions;
import dev.parley.codec.pipeline.PipelineOptions.WireTrace;
import dev.parley.codec.pipeline.ProtocolCodec;
import dev.parley.server.observe.ServerObserver;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

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

    /** Default service name in the greeting. */
    public static final String DEFAULT_SERVICE = "parley";

    private final ServerOptions server;
    private final ProtocolCodec codec;
    private final Router router;
    private final ExecutorService blockingExecutor;
    private final EventLoopGroup eventLoopGroup;
    private final Greeting greeting;
    private final SessionListener listener;
    private final ServerObserver observer;
    private final WireTrace wireTrace;

    private ParleyServer(Builder b, ServerOptions server) {
        this.server = server;
        this.codec = b.codec;
        this.router = b.router;
        this.blockingExecutor = b.blockingExecutor;
        this.eventLoopGroup = b.eventLoopGroup;
        this.greeting = b.greeting;
        this.listener = b.listener;
        this.observer = b.observer;
        this.wireTrace = b.wireTrace;
    }

    /**
     * Returns a builder with the defaults: {@link ServerOptions#defaults()} (loopback, ephemeral port, default limits,
     * no TLS, no authentication), Parley text protocol, built-in verbs only, server-owned event loops and blocking
     * executor.
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
        return new Builder().server(server).codec(codec).router(router).blockingExecutor(blockingExecutor)
                .eventLoopGroup(eventLoopGroup).greeting(greeting).listener(listener).observer(observer)
                .wireTrace(wireTrace);
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

    /** @return where the server listens, its limits, TLS, authentication and event loop threads */
    public ServerOptions server() {
        return server;
    }

    /** @return {@code server().bindAddress()} */
    public String bindAddress() {
        return server.bindAddress();
    }

    /** @return {@code server().port()} */
    public int port() {
        return server.port();
    }

    /** @return the protocol */
    public ProtocolCodec codec() {
        return codec;
    }

    /** @return the command router */
    public Router router() {
        return router;
    }

    /** @return {@code server().limits()} */
    public Limits limits() {
        return server.limits();
    }

    /** @return {@code server().tls()} */
    public SslContext tls() {
        return server.tls();
    }

    /** @return {@code server().authenticator()} */
    public Authenticator authenticator() {
        return server.authenticator();
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

    /** @return when the wire trace is part of each connection's pipeline */
    public WireTrace wireTrace() {
        return wireTrace;
    }

    /**
     * Returns the options of each connection's shared pipeline, derived from the others: the read idle time is
     * {@link Limits#idleTimeout()} (its one source), the wire trace is {@link #wireTrace()}, and there is no write
     * idle check.
     *
     * @return the pipeline options
     */
    public PipelineOptions pipelineOptions() {
        return PipelineOptions.builder().readIdle(server.limits().idleTimeout()).wireTrace(wireTrace).build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParleyServer)) {
            return false;
        }
        ParleyServer s = (ParleyServer) o;
        return server.equals(s.server) && codec.equals(s.codec) && router.equals(s.router)
                && Objects.equals(blockingExecutor, s.blockingExecutor)
                && Objects.equals(eventLoopGroup, s.eventLoopGroup) && greeting.equals(s.greeting)
                && listener.equals(s.listener) && observer.equals(s.observer)
                && wireTrace == s.wireTrace;
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, codec, router);
    }

    @Override
    public String toString() {
        return "ParleyServer{" + server + ", " + codec.name() + ", " + router + '}';
    }

    /** Builder for {@link ParleyServer}. Not thread-safe. */
    public static final class Builder {
        private ServerOptions.Builder server = ServerOptions.builder();
        private ProtocolCodec codec = ParleyTextCodec.create();
        private Router router = Router.builtinsOnly();
        private ExecutorService blockingExecutor;
        private EventLoopGroup eventLoopGroup;
        private Greeting greeting = Greeting.parley(DEFAULT_SERVICE);
        private SessionListener listener = SessionListener.NONE;
        private ServerObserver observer = ServerObserver.NONE;
        private WireTrace wireTrace = PipelineOptions.DEFAULT_WIRE_TRACE;

        private Builder() {
        }

        /**
         * Sets where the server listens, its limits, TLS, authentication and event loop threads. Default:
         * {@link ServerOptions#defaults()}.
         *
         * @param server the options
         * @return this builder
         */
        public Builder server(ServerOptions server) {
            this.server = Objects.requireNonNull(server, "server").toBuilder();
            return this;
        }

        /**
         * Changes some of the server options set so far and keeps the others:
         * {@code server(s -> s.port(7000).limits(l -> l.maxConnections(64)))}.
         *
         * @param change edits a builder holding the current server options
         * @return this builder
         */
        public Builder server(Consumer<ServerOptions.Builder> change) {
            change.accept(server);
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
         * transport (io_uring, epoll or NIO) follows the group's type. Default: {@code null}, the server creates one
         * (of {@link ServerOptions#transport()}, with {@link ServerOptions#ioThreads()} threads) and shuts it down when
         * it stops.
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
         * Sets when the wire trace handler is part of a connection's pipeline. Default:
         * {@link WireTrace#WHEN_LOGGER_ENABLED}. (The pipeline's read idle time is {@link Limits#idleTimeout()}.)
         *
         * @param wireTrace the choice
         * @return this builder
         */
        public Builder wireTrace(WireTrace wireTrace) {
            this.wireTrace = Objects.requireNonNull(wireTrace, "wireTrace");
            return this;
        }

        /**
         * Builds the server definition.
         *
         * @return the immutable definition
         * @throws IllegalArgumentException if the server options do not build, the authenticator's verb is also a
         *                                  command of the router, or event loop threads are set for a shared group
         */
        public ParleyServer build() {
            ServerOptions options = server.build();
            Authenticator authenticator = options.authenticator();
            if (authenticator != null && router.command(authenticator.verb()) != null) {
                throw new IllegalArgumentException("verb " + authenticator.verb()
                        + " is both a command and the authenticator's verb");
            }
            if (eventLoopGroup != null && options.transport() != Transport.AUTO) {
                throw new IllegalArgumentException("transport: " + options.transport()
                        + " (expected: AUTO with a shared eventLoopGroup, which sets the transport)");
            }
            if (eventLoopGroup != null && options.ioThreads() != 0) {
                throw new IllegalArgumentException("ioThreads: " + options.ioThreads()
                        + " (expected: 0 with a shared eventLoopGroup)");
            }
            return new ParleyServer(this, options);
        }
    }
}
