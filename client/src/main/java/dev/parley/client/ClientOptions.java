package dev.parley.client;

import dev.parley.client.observe.ClientObserver;
import dev.parley.codec.pipeline.PipelineOptions;
import io.netty.handler.ssl.SslContext;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable per-session options. Build with {@link #builder()}; {@link #toBuilder()} copies. Every option has a
 * documented {@code DEFAULT_*} constant. Shared resources (event loops) belong to {@link ParleyClient}, not here.
 */
public final class ClientOptions {

    /** Default connect timeout: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default greeting timeout: 5 s. */
    public static final Duration DEFAULT_GREETING_TIMEOUT = Duration.ofSeconds(5);
    /** Default request timeout: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default reconnect backoff: exponential 100 ms to 10 s, factor 2, with jitter. */
    public static final Backoff DEFAULT_RECONNECT_BACKOFF = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0);
    /** Default retry policy: {@link RetryPolicy#idempotentOnly()}, 4 attempts. */
    public static final RetryPolicy DEFAULT_RETRY_POLICY = RetryPolicy.idempotentOnly();
    /** Default retry budget: 20% of requests plus 5 per second. */
    public static final RetryBudget DEFAULT_RETRY_BUDGET = RetryBudget.defaults();
    /** Default keepalive idle: 30 s. */
    public static final Duration DEFAULT_KEEPALIVE_IDLE = Duration.ofSeconds(30);
    /** Default keepalive timeout: 10 s. */
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);
    /** Default stall limit: 5 s. */
    public static final Duration DEFAULT_STALL_LIMIT = Duration.ofSeconds(5);
    /** Default max outstanding: 256. */
    public static final int DEFAULT_MAX_OUTSTANDING = 256;
    /** Default max aggregated body: 16 MiB. */
    public static final int DEFAULT_MAX_AGGREGATED_BODY = 16 * 1024 * 1024;
    /** Default deadline resolution: 10 ms. */
    public static final Duration DEFAULT_DEADLINE_RESOLUTION = Duration.ofMillis(10);
    /** Default ssl context: none (plain TCP). */
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

    private final Duration connectTimeout;
    private final Duration greetingTimeout;
    private final Duration requestTimeout;
    private final Backoff reconnectBackoff;
    private final RetryPolicy retryPolicy;
    private final RetryBudget retryBudget;
    private final Duration keepaliveIdle;
    private final Duration keepaliveTimeout;
    private final Duration stallLimit;
    private final int maxOutstanding;
    private final int maxAggregatedBody;
    private final Duration deadlineResolution;
    private final SslContext sslContext;
    private final String authToken;
    private final OnConnect onConnect;
    private final ClientProtocol protocol;
    private final PipelineOptions pipelineOptions;
    private final SessionListener listener;
    private final ClientObserver observer;

    private ClientOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.greetingTimeout = b.greetingTimeout;
        this.requestTimeout = b.requestTimeout;
        this.reconnectBackoff = b.reconnectBackoff;
        this.retryPolicy = b.retryPolicy;
        this.retryBudget = b.retryBudget;
        this.keepaliveIdle = b.keepaliveIdle;
        this.keepaliveTimeout = b.keepaliveTimeout;
        this.stallLimit = b.stallLimit;
        this.maxOutstanding = b.maxOutstanding;
        this.maxAggregatedBody = b.maxAggregatedBody;
        this.deadlineResolution = b.deadlineResolution;
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
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return how long one TCP connect may take */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long a new connection may take to greet */
    public Duration greetingTimeout() {
        return greetingTimeout;
    }

    /** @return each request's deadline, unless the request sets its own: waiting for a connection, backoff pauses, retries and reconnects all happen within it */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return the pauses between connect attempts and before retries */
    public Backoff reconnectBackoff() {
        return reconnectBackoff;
    }

    /** @return which failed requests are retried */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** @return how many retries the session may make */
    public RetryBudget retryBudget() {
        return retryBudget;
    }

    /** @return how long without inbound data before a keepalive request probes the connection */
    public Duration keepaliveIdle() {
        return keepaliveIdle;
    }

    /** @return how long the keepalive probe may wait for its answer before the connection is declared dead and re-established */
    public Duration keepaliveTimeout() {
        return keepaliveTimeout;
    }

    /** @return how long the reply of a timed-out request may still take */
    public Duration stallLimit() {
        return stallLimit;
    }

    /** @return the pipelining depth: requests written and not yet answered on one connection */
    public int maxOutstanding() {
        return maxOutstanding;
    }

    /** @return the largest reply body aggregated into a {@link Reply} */
    public int maxAggregatedBody() {
        return maxAggregatedBody;
    }

    /** @return the period of the session's deadline sweep: deadlines, pauses and keepalive are checked this often, with no timer per request */
    public Duration deadlineResolution() {
        return deadlineResolution;
    }

    /** @return the TLS client context */
    public SslContext sslContext() {
        return sslContext;
    }

    /** @return a token presented first on every connection ({@code auth <token>}) */
    public String authToken() {
        return authToken;
    }

    /** @return the hook that re-establishes session state on each new connection, after authentication and before queued requests */
    public OnConnect onConnect() {
        return onConnect;
    }

    /** @return the protocol spoken */
    public ClientProtocol protocol() {
        return protocol;
    }

    /** @return the shared pipeline's options (wire trace) */
    public PipelineOptions pipelineOptions() {
        return pipelineOptions;
    }

    /** @return who observes connections and retries */
    public SessionListener listener() {
        return listener;
    }

    /** @return who observes the traffic (metrics); {@link ClientObserver#NONE} when nobody does */
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
        return Objects.equals(connectTimeout, x.connectTimeout)
                && Objects.equals(greetingTimeout, x.greetingTimeout)
                && Objects.equals(requestTimeout, x.requestTimeout)
                && Objects.equals(reconnectBackoff, x.reconnectBackoff)
                && Objects.equals(retryPolicy, x.retryPolicy)
                && Objects.equals(retryBudget, x.retryBudget)
                && Objects.equals(keepaliveIdle, x.keepaliveIdle)
                && Objects.equals(keepaliveTimeout, x.keepaliveTimeout)
                && Objects.equals(stallLimit, x.stallLimit)
                && maxOutstanding == x.maxOutstanding
                && maxAggregatedBody == x.maxAggregatedBody
                && Objects.equals(deadlineResolution, x.deadlineResolution)
                && Objects.equals(sslContext, x.sslContext)
                && Objects.equals(authToken, x.authToken)
                && Objects.equals(onConnect, x.onConnect)
                && Objects.equals(protocol, x.protocol)
                && Objects.equals(pipelineOptions, x.pipelineOptions)
                && Objects.equals(listener, x.listener)
                && Objects.equals(observer, x.observer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectTimeout, greetingTimeout, requestTimeout, reconnectBackoff, retryPolicy, retryBudget, keepaliveIdle, keepaliveTimeout, stallLimit, maxOutstanding, maxAggregatedBody, deadlineResolution, sslContext, authToken, onConnect, protocol, pipelineOptions, listener, observer);
    }

    /** @return the options, the auth token redacted */
    @Override
    public String toString() {
        return "ClientOptions{connectTimeout=" + connectTimeout + ", greetingTimeout=" + greetingTimeout
                + ", requestTimeout=" + requestTimeout + ", reconnectBackoff=" + reconnectBackoff
                + ", retryPolicy=" + retryPolicy + ", retryBudget=" + retryBudget + ", keepaliveIdle="
                + keepaliveIdle + ", keepaliveTimeout=" + keepaliveTimeout + ", stallLimit=" + stallLimit
                + ", maxOutstanding=" + maxOutstanding + ", tls=" + isTls()
                + ", authToken=" + (authToken == null ? "none" : "***") + ", protocol=" + protocol + '}';
    }

    /**
     * Builder of {@link ClientOptions}, holding the defaults until set; {@link #build()} checks the options against
     * each other. Each setter's javadoc names its default. Not thread-safe.
     */
    public static final class Builder extends OptionSetters {

        private Builder() {
        }

        private Builder(ClientOptions options) {
            super(options);
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         * @throws IllegalArgumentException if options contradict each other: the deadline resolution must be
         *         shorter than the request timeout, the greeting timeout and the keepalive timeout
         */
        public ClientOptions build() {
            if (deadlineResolution.compareTo(requestTimeout) >= 0) {
                throw new IllegalArgumentException("deadlineResolution: " + deadlineResolution
                        + " (expected: < requestTimeout " + requestTimeout + ")");
            }
            if (deadlineResolution.compareTo(greetingTimeout) >= 0) {
                throw new IllegalArgumentException("deadlineResolution: " + deadlineResolution
                        + " (expected: < greetingTimeout " + greetingTimeout + ")");
            }
            if (!keepaliveIdle.isZero() && deadlineResolution.compareTo(keepaliveTimeout) >= 0) {
                throw new IllegalArgumentException("deadlineResolution: " + deadlineResolution
                        + " (expected: < keepaliveTimeout " + keepaliveTimeout + ")");
            }
            if (authToken != null && protocol.authenticate(authToken) == null) {
                throw new IllegalArgumentException("authToken: set, but protocol " + protocol
                        + " has no authentication");
            }
            return new ClientOptions(this);
        }
    }
}
