package dev.parley.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable deadlines of a session: of each request, of a new connection's greeting, of a reply that comes after its
 * request timed out, and how often they are checked. Part of {@link ClientOptions}.
 */
public final class TimeoutOptions {

    /** Default request timeout: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default greeting timeout: 5 s. */
    public static final Duration DEFAULT_GREETING_TIMEOUT = Duration.ofSeconds(5);
    /** Default stall limit: 5 s. */
    public static final Duration DEFAULT_STALL_LIMIT = Duration.ofSeconds(5);
    /** Default deadline resolution: 10 ms. */
    public static final Duration DEFAULT_DEADLINE_RESOLUTION = Duration.ofMillis(10);

    private static final TimeoutOptions DEFAULTS = builder().build();

    private final Duration requestTimeout;
    private final Duration greetingTimeout;
    private final Duration stallLimit;
    private final Duration deadlineResolution;

    private TimeoutOptions(Builder b) {
        this.requestTimeout = b.requestTimeout;
        this.greetingTimeout = b.greetingTimeout;
        this.stallLimit = b.stallLimit;
        this.deadlineResolution = b.deadlineResolution;
    }

    /**
     * Returns the defaults.
     *
     * @return the shared defaults
     */
    public static TimeoutOptions defaults() {
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
        return new Builder().requestTimeout(requestTimeout).greetingTimeout(greetingTimeout).stallLimit(stallLimit)
                .deadlineResolution(deadlineResolution);
    }

    /** @return the value set by {@link Builder#requestTimeout(Duration)} */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return the value set by {@link Builder#greetingTimeout(Duration)} */
    public Duration greetingTimeout() {
        return greetingTimeout;
    }

    /** @return the value set by {@link Builder#stallLimit(Duration)} */
    public Duration stallLimit() {
        return stallLimit;
    }

    /** @return the value set by {@link Builder#deadlineResolution(Duration)} */
    public Duration deadlineResolution() {
        return deadlineResolution;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TimeoutOptions)) {
            return false;
        }
        TimeoutOptions t = (TimeoutOptions) o;
        return requestTimeout.equals(t.requestTimeout) && greetingTimeout.equals(t.greetingTimeout)
                && stallLimit.equals(t.stallLimit) && deadlineResolution.equals(t.deadlineResolution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestTimeout, greetingTimeout, stallLimit, deadlineResolution);
    }

    @Override
    public String toString() {
        return "TimeoutOptions{request=" + requestTimeout + ", greeting=" + greetingTimeout + ", stallLimit="
                + stallLimit + ", deadlineResolution=" + deadlineResolution + '}';
    }

    /** Builder for {@link TimeoutOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration greetingTimeout = DEFAULT_GREETING_TIMEOUT;
        private Duration stallLimit = DEFAULT_STALL_LIMIT;
        private Duration deadlineResolution = DEFAULT_DEADLINE_RESOLUTION;

        private Builder() {
        }

        /**
         * Sets each request's deadline, unless the request sets its own: waiting for a connection, backoff pauses,
         * retries and reconnects all happen within it. Default: {@link #DEFAULT_REQUEST_TIMEOUT} (30 s).
         *
         * @param requestTimeout {@code > 0}
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Checks.positive("requestTimeout", requestTimeout);
            return this;
        }

        /**
         * Sets how long a new connection may take to greet; also the deadline of on-connect setup requests.
         * Default: {@link #DEFAULT_GREETING_TIMEOUT} (5 s).
         *
         * @param greetingTimeout {@code > 0}
         * @return this builder
         */
        public Builder greetingTimeout(Duration greetingTimeout) {
            this.greetingTimeout = Checks.positive("greetingTimeout", greetingTimeout);
            return this;
        }

        /**
         * Sets how long the reply of a timed-out request may still take; after it the stream is no longer trusted
         * and the connection is re-established. Default: {@link #DEFAULT_STALL_LIMIT} (5 s).
         *
         * @param stallLimit {@code > 0}
         * @return this builder
         */
        public Builder stallLimit(Duration stallLimit) {
            this.stallLimit = Checks.positive("stallLimit", stallLimit);
            return this;
        }

        /**
         * Sets how late the session's one timer may see a deadline, a pause's end or the moment for a keepalive:
         * the timer is set for the earliest of them, and a timer already set for at most this long after a new,
         * earlier one stays, so that a run of requests does not move it each time. There is no timer per request,
         * and no periodic sweep: an idle session's timer waits for its keepalive. Default:
         * {@link #DEFAULT_DEADLINE_RESOLUTION} (10 ms).
         *
         * @param deadlineResolution {@code > 0}, below the request and greeting timeouts (checked by
         *                           {@link #build()})
         * @return this builder
         */
        public Builder deadlineResolution(Duration deadlineResolution) {
            this.deadlineResolution = Checks.positive("deadlineResolution", deadlineResolution);
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the immutable options
         * @throws IllegalArgumentException if the deadline resolution is not shorter than the request timeout and
         *                                  the greeting timeout
         */
        public TimeoutOptions build() {
            Checks.shorter("deadlineResolution", deadlineResolution, "requestTimeout", requestTimeout);
            Checks.shorter("deadlineResolution", deadlineResolution, "greetingTimeout", greetingTimeout);
            return new TimeoutOptions(this);
        }
    }
}
