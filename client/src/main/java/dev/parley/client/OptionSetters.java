package dev.parley.client;

import dev.parley.client.observe.ClientObserver;
import dev.parley.codec.pipeline.PipelineOptions;
import io.netty.handler.ssl.SslContext;

import java.time.Duration;
import java.util.Objects;

import static dev.parley.client.ClientOptions.*;

/**
 * The state and the setters of {@link ClientOptions.Builder}, kept apart from the options' accessors so that each
 * file stays readable (as {@code StringBuilder} builds on a package-private base). Every setter returns the public
 * builder type and validates its own value; {@link ClientOptions.Builder#build()} checks the values against each
 * other.
 */
abstract class OptionSetters {

    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    Duration greetingTimeout = DEFAULT_GREETING_TIMEOUT;
    Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    Backoff reconnectBackoff = DEFAULT_RECONNECT_BACKOFF;
    RetryPolicy retryPolicy = DEFAULT_RETRY_POLICY;
    RetryBudget retryBudget = DEFAULT_RETRY_BUDGET;
    Duration keepaliveIdle = DEFAULT_KEEPALIVE_IDLE;
    Duration keepaliveTimeout = DEFAULT_KEEPALIVE_TIMEOUT;
    Duration stallLimit = DEFAULT_STALL_LIMIT;
    int maxOutstanding = DEFAULT_MAX_OUTSTANDING;
    int maxAggregatedBody = DEFAULT_MAX_AGGREGATED_BODY;
    Duration deadlineResolution = DEFAULT_DEADLINE_RESOLUTION;
    SslContext sslContext = DEFAULT_SSL_CONTEXT;
    String authToken = DEFAULT_AUTH_TOKEN;
    OnConnect onConnect = DEFAULT_ON_CONNECT;
    ClientProtocol protocol = DEFAULT_PROTOCOL;
    PipelineOptions pipelineOptions = DEFAULT_PIPELINE_OPTIONS;
    SessionListener listener = DEFAULT_LISTENER;
    ClientObserver observer = DEFAULT_OBSERVER;

    OptionSetters() {
    }

    OptionSetters(ClientOptions o) {
        this.connectTimeout = o.connectTimeout();
        this.greetingTimeout = o.greetingTimeout();
        this.requestTimeout = o.requestTimeout();
        this.reconnectBackoff = o.reconnectBackoff();
        this.retryPolicy = o.retryPolicy();
        this.retryBudget = o.retryBudget();
        this.keepaliveIdle = o.keepaliveIdle();
        this.keepaliveTimeout = o.keepaliveTimeout();
        this.stallLimit = o.stallLimit();
        this.maxOutstanding = o.maxOutstanding();
        this.maxAggregatedBody = o.maxAggregatedBody();
        this.deadlineResolution = o.deadlineResolution();
        this.sslContext = o.sslContext();
        this.authToken = o.authToken();
        this.onConnect = o.onConnect();
        this.protocol = o.protocol();
        this.pipelineOptions = o.pipelineOptions();
        this.listener = o.listener();
        this.observer = o.observer();
    }

    private ClientOptions.Builder self() {
        return (ClientOptions.Builder) this;
    }

    /**
     * Sets how long one TCP connect may take. Default: 5 s.
     *
     * @param connectTimeout the value, {@code > 0}
     * @return this builder
     */
    public ClientOptions.Builder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive("connectTimeout", connectTimeout);
        return self();
    }

    /**
     * Sets how long a new connection may take to greet; also the deadline of on-connect setup requests. Default: 5 s.
     *
     * @param greetingTimeout the value, {@code > 0}
     * @return this builder
     */
    public ClientOptions.Builder greetingTimeout(Duration greetingTimeout) {
        this.greetingTimeout = positive("greetingTimeout", greetingTimeout);
        return self();
    }

    /**
     * Sets each request's deadline, unless the request sets its own: waiting for a connection, backoff pauses, retries and reconnects all happen within it. Default: 30 s.
     *
     * @param requestTimeout the value, {@code > 0}
     * @return this builder
     */
    public ClientOptions.Builder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = positive("requestTimeout", requestTimeout);
        return self();
    }

    /**
     * Sets the pauses between connect attempts and before retries. Default: exponential 100 ms to 10 s, factor 2, with jitter.
     *
     * @param reconnectBackoff the value, not null
     * @return this builder
     */
    public ClientOptions.Builder reconnectBackoff(Backoff reconnectBackoff) {
        this.reconnectBackoff = Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
        return self();
    }

    /**
     * Sets which failed requests are retried. Default: {@link RetryPolicy#idempotentOnly()}, 4 attempts.
     *
     * @param retryPolicy the value, not null
     * @return this builder
     */
    public ClientOptions.Builder retryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        return self();
    }

    /**
     * Sets how many retries the session may make. Default: 20% of requests plus 5 per second.
     *
     * @param retryBudget the value, not null
     * @return this builder
     */
    public ClientOptions.Builder retryBudget(RetryBudget retryBudget) {
        this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
        return self();
    }

    /**
     * Sets how long without inbound data before a keepalive request probes the connection; zero turns keepalive off. Default: 30 s.
     *
     * @param keepaliveIdle the value, {@code >= 0}
     * @return this builder
     */
    public ClientOptions.Builder keepaliveIdle(Duration keepaliveIdle) {
        this.keepaliveIdle = nonNegative("keepaliveIdle", keepaliveIdle);
        return self();
    }

    /**
     * Sets how long the keepalive probe may wait for its answer before the connection is declared dead and re-established. Default: 10 s.
     *
     * @param keepaliveTimeout the value, {@code > 0}
     * @return this builder
     */
    public ClientOptions.Builder keepaliveTimeout(Duration keepaliveTimeout) {
        this.keepaliveTimeout = positive("keepaliveTimeout", keepaliveTimeout);
        return self();
    }

    /**
     * Sets how long the reply of a timed-out request may still take; after it the stream is no longer trusted and the connection is re-established. Default: 5 s.
     *
     * @param stallLimit the value, {@code > 0}
     * @return this builder
     */
    public ClientOptions.Builder stallLimit(Duration stallLimit) {
        this.stallLimit = positive("stallLimit", stallLimit);
        return self();
    }

    /**
     * Sets the pipelining depth: requests written and not yet answered on one connection; more wait in the queue. Default: 256.
     *
     * @param maxOutstanding the value, {@code >= 1}
     * @return this builder
     */
    public ClientOptions.Builder maxOutstanding(int maxOutstanding) {
        this.maxOutstanding = atLeast("maxOutstanding", maxOutstanding, 1);
        return self();
    }

    /**
     * Sets the largest reply body aggregated into a {@link Reply}; larger ones fail with {@code BODY_TOO_LARGE} (stream them with a {@link BodySink}). Default: 16 MiB.
     *
     * @param maxAggregatedBody the value, {@code >= 0}
     * @return this builder
     */
    public ClientOptions.Builder maxAggregatedBody(int maxAggregatedBody) {
        this.maxAggregatedBody = atLeast("maxAggregatedBody", maxAggregatedBody, 0);
        return self();
    }

    /**
     * Sets the period of the session's deadline sweep: deadlines, pauses and keepalive are checked this often, with no timer per request. Default: 10 ms.
     *
     * @param deadlineResolution the value, {@code > 0}
     * @return this builder
     */
    public ClientOptions.Builder deadlineResolution(Duration deadlineResolution) {
        this.deadlineResolution = positive("deadlineResolution", deadlineResolution);
        return self();
    }

    /**
     * Sets the TLS client context; a trust-all context gives an insecure mode. Default: none (plain TCP).
     *
     * @param sslContext the value, or {@code null} for none
     * @return this builder
     */
    public ClientOptions.Builder sslContext(SslContext sslContext) {
        this.sslContext = sslContext;
        return self();
    }

    /**
     * Sets a token presented first on every connection ({@code auth <token>}); never logged. Default: none.
     *
     * @param authToken the value, or {@code null} for none
     * @return this builder
     */
    public ClientOptions.Builder authToken(String authToken) {
        this.authToken = authToken;
        return self();
    }

    /**
     * Sets the hook that re-establishes session state on each new connection, after authentication and before queued requests. Default: does nothing.
     *
     * @param onConnect the value, not null
     * @return this builder
     */
    public ClientOptions.Builder onConnect(OnConnect onConnect) {
        this.onConnect = Objects.requireNonNull(onConnect, "onConnect");
        return self();
    }

    /**
     * Sets the protocol spoken. Default: the Parley text protocol, any service.
     *
     * @param protocol the value, not null
     * @return this builder
     */
    public ClientOptions.Builder protocol(ClientProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        return self();
    }

    /**
     * Sets the shared pipeline's options (wire trace). Default: {@link PipelineOptions#defaults()}.
     *
     * @param pipelineOptions the value, not null
     * @return this builder
     */
    public ClientOptions.Builder pipelineOptions(PipelineOptions pipelineOptions) {
        this.pipelineOptions = Objects.requireNonNull(pipelineOptions, "pipelineOptions");
        return self();
    }

    /**
     * Sets who observes connections and retries. Default: {@link SessionListener#NONE}.
     *
     * @param listener the value, not null
     * @return this builder
     */
    public ClientOptions.Builder listener(SessionListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /**
     * Sets the traffic observer, for metrics (connections, requests by verb and outcome, latency, retries,
     * reconnects, bytes). Default: {@link ClientObserver#NONE}, for which nothing is measured.
     *
     * @param observer the value, not null
     * @return this builder
     */
    public ClientOptions.Builder observer(ClientObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return self();
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
        return d;
    }

    private static Duration nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
        }
        return d;
    }

    private static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
        }
        return value;
    }
}
