package dev.parley.client;

import dev.parley.client.spi.ClientProtocol;
import dev.parley.client.observe.ClientObserver;
import dev.parley.codec.pipeline.PipelineOptions;
import io.netty.handler.ssl.SslContext;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Immutable per-session options. Build with {@link #builder()}; {@link #toBuilder()} copies. Related options come in
 * groups, each its own immutable object with a builder: {@link SocketOptions} (connect, keepalive),
 * {@link TimeoutOptions} (deadlines) and {@link RetryOptions} (backoff, retry policy and budget).
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *     .timeouts(t -> t.requestTimeout(Duration.ofSeconds(10)))
 *     .retries(r -> r.policy(RetryPolicy.never()))
 *     .authToken(token)
 *     .build();
 * }</pre>
 * Every option has a {@code DEFAULT_*} constant, here or in its group. Shared resources (event loops) belong to
 * {@link ParleyClient}, not here.
 */
public final class ClientOptions {

    /** Default pipelining depth: 256. */
    public static final int DEFAULT_MAX_OUTSTANDING = 256;
    /** Default largest aggregated reply body: 16 MiB. */
    public static final int DEFAULT_MAX_AGGREGATED_BODY = 16 * 1024 * 1024;
    /** Default TLS context: none (plain TCP). */
    public static final SslContext DEFAULT_SSL_CONTEXT = null;
    /** Default auth token: none. */
    public static final String DEFAULT_AUTH_TOKEN = null;
    /** Default on connect: does nothing. */
    public static final OnConnect DEFAULT_ON_CONNECT = OnConnect.none();
    /** Default protocol: the Parley text protocol, any service. */
    public static final ClientProtocol DEFAULT_PROTOCOL = ClientProtocol.parley();
    /** Default pipeline options: {@link PipelineOptions#defaults()}. */
    public static final PipelineOptions DEFAULT_PIPELINE_OPTIONS = PipelineOptions.defaults();
    /** Default listener: {@link SessionListener#NONE}. */
    public static final SessionListener DEFAULT_LISTENER = SessionListener.NONE;
    /** Default observer: {@link ClientObserver#NONE}, nothing measured. */
    public static final ClientObserver DEFAULT_OBSERVER = ClientObserver.NONE;

    private static final ClientOptions DEFAULTS = builder().build();

    private final SocketOptions socket;
    private final TimeoutOptions timeouts;
    private final RetryOptions retries;
    private final int maxOutstanding;
    private final int maxAggregatedBody;
    private final SslContext sslContext;
    private final String authToken;
    private final OnConnect onConnect;
    private final ClientProtocol protocol;
    private final PipelineOptions pipelineOptions;
    private final SessionListener listener;
    private final ClientObserver observer;

    private ClientOptions(Builder b, SocketOptions socket, TimeoutOptions timeouts, RetryOptions retries) {
        this.socket = socket;
        this.timeouts = timeouts;
        this.retries = retries;
        this.maxOutstanding = b.maxOutstanding;
        this.maxAggregatedBody = b.maxAggregatedBody;
        this.sslContext = b.sslContext;
        this.authToken = b.authToken;
        this.onConnect = b.onConnect;
        this.protocol = b.protocol;
        this.pipelineOptions = b.pipelineOptions;
        this.listener = b.listener;
        this.observer = b.observer;
    }

    /**
     * Returns the default options.
     *
     * @return the defaults
     */
    public static ClientOptions defaults() {
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
        return new Builder().socket(socket).timeouts(timeouts).retries(retries).maxOutstanding(maxOutstanding)
                .maxAggregatedBody(maxAggregatedBody).sslContext(sslContext).authToken(authToken).onConnect(onConnect)
                .protocol(protocol).pipelineOptions(pipelineOptions).listener(listener).observer(observer);
    }

    /** @return the value set by {@link Builder#socket(SocketOptions)} */
    public SocketOptions socket() {
        return socket;
    }

    /** @return the value set by {@link Builder#timeouts(TimeoutOptions)} */
    public TimeoutOptions timeouts() {
        return timeouts;
    }

    /** @return the value set by {@link Builder#retries(RetryOptions)} */
    public RetryOptions retries() {
        return retries;
    }

    /** @return the value set by {@link Builder#maxOutstanding(int)} */
    public int maxOutstanding() {
        return maxOutstanding;
    }

    /** @return the value set by {@link Builder#maxAggregatedBody(int)} */
    public int maxAggregatedBody() {
        return maxAggregatedBody;
    }

    /** @return the value set by {@link Builder#sslContext(SslContext)}, or {@code null} for plain TCP */
    public SslContext sslContext() {
        return sslContext;
    }

    /** @return the value set by {@link Builder#authToken(String)}, or {@code null} for none */
    public String authToken() {
        return authToken;
    }

    /** @return the value set by {@link Builder#onConnect(OnConnect)} */
    public OnConnect onConnect() {
        return onConnect;
    }

    /** @return the value set by {@link Builder#protocol(ClientProtocol)} */
    public ClientProtocol protocol() {
        return protocol;
    }

    /** @return the value set by {@link Builder#pipelineOptions(PipelineOptions)} */
    public PipelineOptions pipelineOptions() {
        return pipelineOptions;
    }

    /** @return the value set by {@link Builder#listener(SessionListener)} */
    public SessionListener listener() {
        return listener;
    }

    /** @return the value set by {@link Builder#observer(ClientObserver)} */
    public ClientObserver observer() {
        return observer;
    }

    /** @return whether TLS is on */
    public boolean isTls() {
        return sslContext != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClientOptions)) {
            return false;
        }
        ClientOptions x = (ClientOptions) o;
        return socket.equals(x.socket) && timeouts.equals(x.timeouts) && retries.equals(x.retries)
                && maxOutstanding == x.maxOutstanding && maxAggregatedBody == x.maxAggregatedBody
                && Objects.equals(sslContext, x.sslContext) && Objects.equals(authToken, x.authToken)
                && onConnect.equals(x.onConnect) && protocol.equals(x.protocol)
                && pipelineOptions.equals(x.pipelineOptions) && listener.equals(x.listener)
                && observer.equals(x.observer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(socket, timeouts, retries, maxOutstanding, maxAggregatedBody, authToken, protocol);
    }

    /** @return the options, the auth token redacted */
    @Override
    public String toString() {
        return "ClientOptions{" + socket + ", " + timeouts + ", " + retries + ", maxOutstanding=" + maxOutstanding
                + ", tls=" + isTls() + ", authToken=" + (authToken == null ? "none" : "***") + ", protocol="
                + protocol + '}';
    }

    /**
     * Builder of {@link ClientOptions}, holding the defaults until set; {@link #build()} checks the options against
     * each other. Not thread-safe.
     */
    public static final class Builder {
        private SocketOptions.Builder socket = SocketOptions.builder();
        private TimeoutOptions.Builder timeouts = TimeoutOptions.builder();
        private RetryOptions.Builder retries = RetryOptions.builder();
        private int maxOutstanding = DEFAULT_MAX_OUTSTANDING;
        private int maxAggregatedBody = DEFAULT_MAX_AGGREGATED_BODY;
        private SslContext sslContext = DEFAULT_SSL_CONTEXT;
        private String authToken = DEFAULT_AUTH_TOKEN;
        private OnConnect onConnect = DEFAULT_ON_CONNECT;
        private ClientProtocol protocol = DEFAULT_PROTOCOL;
        private PipelineOptions pipelineOptions = DEFAULT_PIPELINE_OPTIONS;
        private SessionListener listener = DEFAULT_LISTENER;
        private ClientObserver observer = DEFAULT_OBSERVER;

        private Builder() {
        }

        /**
         * Sets the connect timeout and keepalive. Default: {@link SocketOptions#defaults()}.
         *
         * @param socket the options
         * @return this builder
         */
        public Builder socket(SocketOptions socket) {
            this.socket = Objects.requireNonNull(socket, "socket").toBuilder();
            return this;
        }

        /**
         * Changes some of the socket options set so far and keeps the others:
         * {@code socket(s -> s.keepaliveIdle(Duration.ZERO))}.
         *
         * @param change edits a builder holding the current socket options
         * @return this builder
         */
        public Builder socket(Consumer<SocketOptions.Builder> change) {
            change.accept(socket);
            return this;
        }

        /**
         * Sets the deadlines. Default: {@link TimeoutOptions#defaults()}.
         *
         * @param timeouts the options
         * @return this builder
         */
        public Builder timeouts(TimeoutOptions timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts").toBuilder();
            return this;
        }

        /**
         * Changes some of the deadlines set so far and keeps the others:
         * {@code timeouts(t -> t.requestTimeout(Duration.ofSeconds(10)))}.
         *
         * @param change edits a builder holding the current deadlines
         * @return this builder
         */
        public Builder timeouts(Consumer<TimeoutOptions.Builder> change) {
            change.accept(timeouts);
            return this;
        }

        /**
         * Sets the backoff, retry policy and retry budget. Default: {@link RetryOptions#defaults()}.
         *
         * @param retries the options
         * @return this builder
         */
        public Builder retries(RetryOptions retries) {
            this.retries = Objects.requireNonNull(retries, "retries").toBuilder();
            return this;
        }

        /**
         * Changes some of the retry options set so far and keeps the others:
         * {@code retries(r -> r.policy(RetryPolicy.never()))}.
         *
         * @param change edits a builder holding the current retry options
         * @return this builder
         */
        public Builder retries(Consumer<RetryOptions.Builder> change) {
            change.accept(retries);
            return this;
        }

        /**
         * Sets the pipelining depth: requests written and not yet answered on one connection; more wait in the
         * queue. Default: {@value ClientOptions#DEFAULT_MAX_OUTSTANDING}.
         *
         * @param maxOutstanding {@code >= 1}
         * @return this builder
         */
        public Builder maxOutstanding(int maxOutstanding) {
            this.maxOutstanding = Checks.atLeast("maxOutstanding", maxOutstanding, 1);
            return this;
        }

        /**
         * Sets the largest reply body aggregated into a {@link Reply}; larger ones fail with {@code BODY_TOO_LARGE}
         * (stream them with a {@link BodySink}). Default: {@link ClientOptions#DEFAULT_MAX_AGGREGATED_BODY} (16 MiB).
         *
         * @param maxAggregatedBody {@code >= 0}
         * @return this builder
         */
        public Builder maxAggregatedBody(int maxAggregatedBody) {
            this.maxAggregatedBody = Checks.atLeast("maxAggregatedBody", maxAggregatedBody, 0);
            return this;
        }

        /**
         * Sets the TLS client context; a trust-all context gives an insecure mode. Default: {@code null}, plain TCP.
         *
         * @param sslContext a client context, or {@code null} for none
         * @return this builder
         */
        public Builder sslContext(SslContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * Sets a token presented first on every connection ({@code auth <token>}); never logged. Default:
         * {@code null}, none.
         *
         * @param authToken the token, or {@code null} for none
         * @return this builder
         */
        public Builder authToken(String authToken) {
            this.authToken = authToken;
            return this;
        }

        /**
         * Sets the hook that re-establishes session state on each new connection, after authentication and before
         * queued requests. Default: {@link OnConnect#none()}.
         *
         * @param onConnect the hook
         * @return this builder
         */
        public Builder onConnect(OnConnect onConnect) {
            this.onConnect = Objects.requireNonNull(onConnect, "onConnect");
            return this;
        }

        /**
         * Sets the protocol spoken. Default: {@link ClientProtocol#parley()}, the Parley text protocol, any service.
         *
         * @param protocol the protocol
         * @return this builder
         */
        public Builder protocol(ClientProtocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * Sets the shared pipeline's options (idle events, wire trace). Default: {@link PipelineOptions#defaults()}.
         *
         * @param pipelineOptions the options
         * @return this builder
         */
        public Builder pipelineOptions(PipelineOptions pipelineOptions) {
            this.pipelineOptions = Objects.requireNonNull(pipelineOptions, "pipelineOptions");
            return this;
        }

        /**
         * Sets who observes connections and retries. Default: {@link SessionListener#NONE}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(SessionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the traffic observer, for metrics (connections, requests by verb and outcome, latency, retries,
         * reconnects, bytes). Default: {@link ClientObserver#NONE}, for which nothing is measured.
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder observer(ClientObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         * @throws IllegalArgumentException if a group does not build, the deadline resolution is not shorter than
         *                                  the keepalive timeout (when keepalive is on), or an auth token is set for
         *                                  a protocol without authentication
         */
        public ClientOptions build() {
            SocketOptions s = socket.build();
            TimeoutOptions t = timeouts.build();
            RetryOptions r = retries.build();
            if (!s.keepaliveIdle().isZero()) {
                Checks.shorter("deadlineResolution", t.deadlineResolution(), "keepaliveTimeout",
                        s.keepaliveTimeout());
            }
            if (authToken != null && protocol.authenticate(authToken) == null) {
                throw new IllegalArgumentException("authToken: set, but protocol " + protocol
                        + " has no authentication");
            }
            return new ClientOptions(this, s, t, r);
        }
    }
}
