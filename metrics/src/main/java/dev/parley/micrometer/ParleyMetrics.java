package dev.parley.micrometer;

import dev.parley.client.observe.ClientObserver;
import dev.parley.server.observe.ServerObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Binds Parley servers and clients to a Micrometer {@link MeterRegistry}:
 * <pre>{@code
 * ParleyMetrics metrics = ParleyMetrics.bind(registry);
 * ParleyServer.builder().observer(metrics.serverObserver())...;
 * ClientOptions.builder().observer(metrics.clientObserver())...;
 * }</pre>
 * The meters ({@code parley.server.*}, {@code parley.client.*}) are registered when the observer is first asked for
 * and shared by every server (or session) that uses it. Tag values stay bounded: server verbs are the router's (an
 * unknown verb is {@code other}), client verbs are the ones {@link Builder#clientVerbs configured} or the first
 * {@value #DEFAULT_MAX_CLIENT_VERBS} seen, outcomes are {@code ok} or a lower-case error code (at most
 * {@value #MAX_OUTCOMES} per verb, then {@code other}). The README's "Metrics" section lists every meter.
 */
public final class ParleyMetrics {

    /** The tag value for a verb or an outcome beyond the bounds. */
    public static final String OTHER = "other";
    /** Default number of distinct client verbs tagged before the rest count as {@value #OTHER}. */
    public static final int DEFAULT_MAX_CLIENT_VERBS = 64;
    /** Distinct outcomes tagged per verb before the rest count as {@value #OTHER}. */
    public static final int MAX_OUTCOMES = 32;
    /** Default percentiles published by the request timers. */
    static final double[] DEFAULT_PERCENTILES = {0.5, 0.9, 0.99};

    private final MeterRegistry registry;
    private final Tags tags;
    private final Set<String> clientVerbs;
    private final int maxClientVerbs;
    private final double[] percentiles;
    private final boolean histogram;
    private ServerMeters server;
    private ClientMeters client;

    private ParleyMetrics(Builder b) {
        this.registry = b.registry;
        this.tags = b.tags;
        this.clientVerbs = b.clientVerbs;
        this.maxClientVerbs = b.maxClientVerbs;
        this.percentiles = b.percentiles.clone();
        this.histogram = b.histogram;
    }

    /**
     * Returns the bindings with the defaults: no common tags, client verbs as seen (the first
     * {@value #DEFAULT_MAX_CLIENT_VERBS}), timers with percentiles 0.5, 0.9, 0.99 and a percentile histogram.
     *
     * @param registry where the meters go
     * @return the bindings
     */
    public static ParleyMetrics bind(MeterRegistry registry) {
        return builder(registry).build();
    }

    /**
     * Returns a builder for bindings to {@code registry}.
     *
     * @param registry where the meters go
     * @return a new builder
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Returns the observer to set on servers ({@code ParleyServer.Builder.observer}); the same one every time.
     *
     * @return the server observer; its {@code parley.server.*} meters are registered now
     */
    public synchronized ServerObserver serverObserver() {
        if (server == null) {
            server = new ServerMeters(registry, tags, percentiles, histogram);
        }
        return server;
    }

    /**
     * Returns the observer to set on client sessions ({@code ClientOptions.Builder.observer}); the same one every
     * time.
     *
     * @return the client observer; its {@code parley.client.*} meters are registered now
     */
    public synchronized ClientObserver clientObserver() {
        if (client == null) {
            client = new ClientMeters(registry, tags, new BoundedTags(clientVerbs, maxClientVerbs), percentiles,
                    histogram);
        }
        return client;
    }

    /** Builder for {@link ParleyMetrics}. Not thread-safe. */
    public static final class Builder {
        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private Set<String> clientVerbs;
        private int maxClientVerbs = DEFAULT_MAX_CLIENT_VERBS;
        private double[] percentiles = DEFAULT_PERCENTILES;
        private boolean histogram = true;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Adds tags to every meter (for example the service's name). Default: none.
         *
         * @param tags the tags
         * @return this builder
         */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = this.tags.and(tags);
            return this;
        }

        /**
         * Sets the verbs the client meters tag by name; any other verb is tagged {@value #OTHER}. Default: the first
         * {@link #maxClientVerbs} distinct verbs sent.
         *
         * @param verbs the verbs, as the requests spell them
         * @return this builder
         */
        public Builder clientVerbs(Collection<String> verbs) {
            this.clientVerbs = Set.copyOf(verbs);
            return this;
        }

        /**
         * Sets how many distinct client verbs are tagged by name when no {@link #clientVerbs} are set. Default:
         * {@value ParleyMetrics#DEFAULT_MAX_CLIENT_VERBS}.
         *
         * @param max the bound, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if {@code max < 0}
         */
        public Builder maxClientVerbs(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxClientVerbs: " + max + " (expected: >= 0)");
            }
            this.maxClientVerbs = max;
            return this;
        }

        /**
         * Sets the percentiles the request timers publish. Default: 0.5, 0.9, 0.99.
         *
         * @param percentiles values in [0, 1]; none for no client-side percentiles
         * @return this builder
         * @throws IllegalArgumentException if a value is outside [0, 1]
         */
        public Builder percentiles(double... percentiles) {
            for (double p : percentiles) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("percentile: " + p + " (expected: in [0, 1])");
                }
            }
            this.percentiles = percentiles.clone();
            return this;
        }

        /**
         * Sets whether the request timers publish a percentile histogram (buckets that a backend such as Prometheus
         * aggregates across instances). Default: true.
         *
         * @param histogram whether to publish it
         * @return this builder
         */
        public Builder percentileHistogram(boolean histogram) {
            this.histogram = histogram;
            return this;
        }

        /**
         * Builds the bindings; no meter is registered before an observer is asked for.
         *
         * @return the bindings
         */
        public ParleyMetrics build() {
            return new ParleyMetrics(this);
        }
    }

    /** The minimum expected latency the timers' histograms start at. */
    static final Duration MIN_EXPECTED = Duration.ofNanos(10_000);
    /** The maximum expected latency the timers' histograms go to. */
    static final Duration MAX_EXPECTED = Duration.ofSeconds(60);
}
