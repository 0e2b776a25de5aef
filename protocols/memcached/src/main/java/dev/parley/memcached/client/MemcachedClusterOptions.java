package dev.parley.memcached.client;

import dev.parley.client.ClientOptions;

import java.util.Objects;

/**
 * Immutable settings of a {@link MemcachedCluster}: when a server is taken out of the ring, and the session options
 * of the connection to each server. Build one with {@link #builder()}.
 */
public final class MemcachedClusterOptions {

    /** Default {@link #failureLimit()}: 3 failed calls in a row take a server out. */
    public static final int DEFAULT_FAILURE_LIMIT = 3;

    /** The largest {@link #failureLimit()}: {@value}. */
    public static final int MAX_FAILURE_LIMIT = 1000;

    /** Default {@link #clientOptions()}: {@link ClientOptions#defaults()}. */
    public static final ClientOptions DEFAULT_CLIENT_OPTIONS = ClientOptions.defaults();

    private static final MemcachedClusterOptions DEFAULTS = new Builder().build();

    private final int failureLimit;
    private final ClientOptions clientOptions;

    private MemcachedClusterOptions(Builder builder) {
        this.failureLimit = builder.failureLimit;
        this.clientOptions = builder.clientOptions;
    }

    /** @return options with every {@code DEFAULT_*} value */
    public static MemcachedClusterOptions defaults() {
        return DEFAULTS;
    }

    /** @return a new builder preset with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a new builder preset with these options */
    public Builder toBuilder() {
        return new Builder().failureLimit(failureLimit).clientOptions(clientOptions);
    }

    /**
     * Returns how many calls to one server may fail in a row (time out, lose their connection: anything but an
     * error reply, which is the server answering) before the server is taken out of the ring. The cluster then opens
     * a new connection to it, and puts it back when that connection is ready.
     *
     * @return the limit, {@code 1..}{@value #MAX_FAILURE_LIMIT}
     */
    public int failureLimit() {
        return failureLimit;
    }

    /**
     * Returns the options of each server's session: deadlines, reconnect backoff, retries, TLS. Their protocol is
     * replaced by {@link MemcachedClientProtocol}; their {@link dev.parley.client.SessionListener} is called as well
     * as the cluster's own.
     *
     * @return the session options
     */
    public ClientOptions clientOptions() {
        return clientOptions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemcachedClusterOptions x && failureLimit == x.failureLimit
                && clientOptions.equals(x.clientOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(failureLimit, clientOptions);
    }

    @Override
    public String toString() {
        return "MemcachedClusterOptions(failureLimit=" + failureLimit + ", clientOptions=" + clientOptions + ')';
    }

    /** Builds {@link MemcachedClusterOptions}; not thread-safe. */
    public static final class Builder {
        private int failureLimit = DEFAULT_FAILURE_LIMIT;
        private ClientOptions clientOptions = DEFAULT_CLIENT_OPTIONS;

        private Builder() {
        }

        /**
         * Sets how many calls in a row may fail before a server is taken out; default
         * {@value MemcachedClusterOptions#DEFAULT_FAILURE_LIMIT}.
         *
         * @param failureLimit {@code 1..}{@value MemcachedClusterOptions#MAX_FAILURE_LIMIT}, checked by
         *                     {@link #build()}
         * @return this builder
         */
        public Builder failureLimit(int failureLimit) {
            this.failureLimit = failureLimit;
            return this;
        }

        /**
         * Sets the options of each server's session; default {@link ClientOptions#defaults()}.
         *
         * @param clientOptions the session options
         * @return this builder
         */
        public Builder clientOptions(ClientOptions clientOptions) {
            this.clientOptions = Objects.requireNonNull(clientOptions, "clientOptions");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException if the failure limit is out of range
         */
        public MemcachedClusterOptions build() {
            if (failureLimit < 1 || failureLimit > MAX_FAILURE_LIMIT) {
                throw new IllegalArgumentException("failureLimit: " + failureLimit + " (expected: 1.."
                        + MAX_FAILURE_LIMIT + ")");
            }
            return new MemcachedClusterOptions(this);
        }
    }
}
