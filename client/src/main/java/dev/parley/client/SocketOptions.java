package dev.parley.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable options of each connection a session makes: how long a TCP connect may take, and the keepalive probe
 * that finds a dead connection when nothing else is sent. Part of {@link ClientOptions}.
 */
public final class SocketOptions {

    /** Default connect timeout: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default keepalive idle: 30 s. */
    public static final Duration DEFAULT_KEEPALIVE_IDLE = Duration.ofSeconds(30);
    /** Default keepalive timeout: 10 s. */
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);

    private static final SocketOptions DEFAULTS = builder().build();

    private final Duration connectTimeout;
    private final Duration keepaliveIdle;
    private final Duration keepaliveTimeout;

    private SocketOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.keepaliveIdle = b.keepaliveIdle;
        this.keepaliveTimeout = b.keepaliveTimeout;
    }

    /**
     * Returns the defaults.
     *
     * @return the shared defaults
     */
    public static SocketOptions defaults() {
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
        return new Builder().connectTimeout(connectTimeout).keepaliveIdle(keepaliveIdle)
                .keepaliveTimeout(keepaliveTimeout);
    }

    /** @return the value set by {@link Builder#connectTimeout(Duration)} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the value set by {@link Builder#keepaliveIdle(Duration)} */
    public Duration keepaliveIdle() {
        return keepaliveIdle;
    }

    /** @return the value set by {@link Builder#keepaliveTimeout(Duration)} */
    public Duration keepaliveTimeout() {
        return keepaliveTimeout;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SocketOptions)) {
            return false;
        }
        SocketOptions s = (SocketOptions) o;
        return connectTimeout.equals(s.connectTimeout) && keepaliveIdle.equals(s.keepaliveIdle)
                && keepaliveTimeout.equals(s.keepaliveTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectTimeout, keepaliveIdle, keepaliveTimeout);
    }

    @Override
    public String toString() {
        return "SocketOptions{connectTimeout=" + connectTimeout + ", keepaliveIdle=" + keepaliveIdle
                + ", keepaliveTimeout=" + keepaliveTimeout + '}';
    }

    /** Builder for {@link SocketOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration keepaliveIdle = DEFAULT_KEEPALIVE_IDLE;
        private Duration keepaliveTimeout = DEFAULT_KEEPALIVE_TIMEOUT;

        private Builder() {
        }

        /**
         * Sets how long one TCP connect may take. Default: {@link #DEFAULT_CONNECT_TIMEOUT} (5 s).
         *
         * @param connectTimeout {@code > 0}
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Checks.positive("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * Sets how long without inbound data before a keepalive request probes the connection; zero turns keepalive
         * off. Default: {@link #DEFAULT_KEEPALIVE_IDLE} (30 s).
         *
         * @param keepaliveIdle {@code >= 0}
         * @return this builder
         */
        public Builder keepaliveIdle(Duration keepaliveIdle) {
            this.keepaliveIdle = Checks.nonNegative("keepaliveIdle", keepaliveIdle);
            return this;
        }

        /**
         * Sets how long the keepalive probe may wait for its answer before the connection is declared dead and
         * re-established. Default: {@link #DEFAULT_KEEPALIVE_TIMEOUT} (10 s).
         *
         * @param keepaliveTimeout {@code > 0}
         * @return this builder
         */
        public Builder keepaliveTimeout(Duration keepaliveTimeout) {
            this.keepaliveTimeout = Checks.positive("keepaliveTimeout", keepaliveTimeout);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         */
        public SocketOptions build() {
            return new SocketOptions(this);
        }
    }
}
